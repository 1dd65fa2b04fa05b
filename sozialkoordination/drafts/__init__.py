"""Drafts of open forms that survive a crash until saved or discarded."""
