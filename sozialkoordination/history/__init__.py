"""The change history (Änderungsverlauf) of records, read from the audit log."""
