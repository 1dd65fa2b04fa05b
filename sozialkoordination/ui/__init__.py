"""The Qt user interface: main window, views, dialogs, widgets, Qt models and background tasks."""
