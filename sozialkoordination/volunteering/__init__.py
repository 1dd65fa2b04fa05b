"""Volunteering: volunteers, offers, matching and placements."""
