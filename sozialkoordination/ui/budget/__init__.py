"""Window parts of the feature budget."""
