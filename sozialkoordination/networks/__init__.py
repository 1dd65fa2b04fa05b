"""Networks of actors: members, joining and leaving, the network map's data and documents."""
