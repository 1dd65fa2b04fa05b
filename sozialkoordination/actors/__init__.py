"""Akteure: organisations, contact persons, their relationships and the lists shown and exported of them."""
