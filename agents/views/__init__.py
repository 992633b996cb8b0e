"""Frozen views of the simulation for the front end to read (DESIGN 7): built on the agents side, never live objects."""
