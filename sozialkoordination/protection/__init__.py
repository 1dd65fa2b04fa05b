"""Protecting the data: passwords, locking and encryption settings."""
