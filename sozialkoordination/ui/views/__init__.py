"""One view per area of the app, shown in the main window's stack."""
