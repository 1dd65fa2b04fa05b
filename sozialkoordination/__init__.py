"""Sozialkoordination: offline desktop app for the Sozialregions-Koordination im Landkreis Göttingen."""

__version__ = "0.1.0"
