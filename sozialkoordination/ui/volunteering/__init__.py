"""Window parts of the feature volunteering."""
