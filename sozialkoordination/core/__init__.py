"""Plain helpers every part of the app may use; nothing here imports the rest of the app or Qt."""
