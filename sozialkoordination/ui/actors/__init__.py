"""Window parts of the feature actors."""
