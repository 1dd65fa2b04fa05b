"""Window parts of the feature protection."""
