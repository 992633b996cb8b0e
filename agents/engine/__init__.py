"""The engine: the game clock and the (for now sequential) simulation step."""
