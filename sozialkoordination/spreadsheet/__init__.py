"""Reading partner files safely: formats, encodings, limits and hostile files."""
