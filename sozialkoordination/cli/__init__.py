"""Sub-commands of the command line (argument parsing stays in __main__)."""
