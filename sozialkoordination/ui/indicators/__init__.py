"""Window parts of the feature indicators."""
