"""Window parts of the feature privacy."""
