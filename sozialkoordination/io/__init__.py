"""Outside formats: spreadsheet reading, Excel/CSV/Word writing."""
