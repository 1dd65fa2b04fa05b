"""The window's frame: application start, main window (navigation, menus, global search), background tasks."""
