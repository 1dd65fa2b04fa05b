"""Window parts of the feature actor_import."""
