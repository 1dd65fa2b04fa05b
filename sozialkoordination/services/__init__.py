"""Use cases: plain Python over a session factory, returning dataclasses (no Qt here)."""
