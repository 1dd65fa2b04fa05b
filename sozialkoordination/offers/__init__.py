"""Angebote: offers of organisations along the life course, and the Präventionskette built from them."""
