"""Window parts of the feature exchange."""
