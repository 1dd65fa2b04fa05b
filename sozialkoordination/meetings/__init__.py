"""Meetings (Sozialforen, Sozialraumkonferenzen …): planning, invitations, attendance, minutes, documents."""
