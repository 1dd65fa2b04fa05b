"""Budget of a Sozialregion: planned amounts, bookings and the spending report."""
