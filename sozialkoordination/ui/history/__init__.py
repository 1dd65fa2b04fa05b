"""Window parts of the feature history."""
