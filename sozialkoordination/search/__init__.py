"""The global search across all records."""
