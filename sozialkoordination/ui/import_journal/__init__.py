"""Window parts of the feature import_journal."""
