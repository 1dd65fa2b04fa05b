"""Window parts of the feature start."""
