"""Scenes of the game (title, play, replay, saves, settings); each has handle_event / update /
draw."""
