"""Window parts of the feature participation."""
