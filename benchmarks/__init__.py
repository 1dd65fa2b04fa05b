"""Reproducible performance runs of Sozialkoordination with their data generators (see docs/PERFORMANCE.md)."""
