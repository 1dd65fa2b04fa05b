"""Writing documents shared by all features: Word helpers, Excel/CSV tables, complete-or-nothing files."""
