"""Kennzahlen: local social indicators, statistics import, charts and maps (matplotlib, no Qt)."""
