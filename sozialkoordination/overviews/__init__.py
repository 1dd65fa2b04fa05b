"""Read-only overview lists of networks, volunteering and participation."""
