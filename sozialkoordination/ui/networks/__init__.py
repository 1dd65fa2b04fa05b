"""Window parts of the feature networks."""
