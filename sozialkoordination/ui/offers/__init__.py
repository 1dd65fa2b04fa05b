"""Window parts of the feature offers: the Angebote list and form, and the Präventionskette."""
