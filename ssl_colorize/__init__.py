"""ssl-colorize."""
