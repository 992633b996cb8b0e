"""Agent minds: perceive, plan, react, converse, reflect, execute; importance, daily revision,
interview and whisper. One idea per module; constants in :mod:`agents.cognition.config`."""
