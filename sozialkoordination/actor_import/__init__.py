"""Importing partners' actor lists (Excel/CSV/ODS): column understanding, rules, preview and the write."""
