"""The district's areas: Sozialregionen, Sozialräume, Gemeinden and Ortschaften."""
