"""The simulation, headless: world model, minds, language-model access, engine, saves and recordings.

Nothing in this package draws or needs a display; ``game/`` depends on it, never the reverse.
"""
