"""Procedural pixel art for Smallville's residents: walk-cycle sheets and portraits.

Everything is drawn from code (numpy masks, saved with pygame), so the art is our own and a rebuild
is byte-identical. ``python -m tools.character_art [WORLD_FOLDER]`` writes
``characters/<First_Last>.png`` (96 x 128 sheets) and ``portraits/<First_Last>.png`` (64 x 64).
"""
