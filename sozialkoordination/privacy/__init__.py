"""Data protection (DSGVO): consents, Auskunft, erasure and retention."""
