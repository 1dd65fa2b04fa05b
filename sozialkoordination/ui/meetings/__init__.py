"""Window parts of the feature meetings."""
