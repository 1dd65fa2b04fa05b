"""Citizen participation: activities, milestones, proposals and their summary."""
