"""Window parts of the feature areas."""
