"""Developer tools for the Smallville project (asset generators; not shipped with the game)."""
