"""Window parts of the feature tasks."""
