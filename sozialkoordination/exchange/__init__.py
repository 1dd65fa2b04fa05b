"""The Datenpaket: exchanging records with other coordinators' databases and merging them."""
