"""Dialogs: forms for records, first start and settings."""
