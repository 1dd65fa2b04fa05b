"""Window parts of the feature coordinator_profile."""
