"""Qt item models that present service data to views."""
