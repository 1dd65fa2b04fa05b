"""The coordinator's profile (name, own Sozialregion), stored with the data so CLI and window agree."""
