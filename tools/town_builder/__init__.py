"""The generator of the shipped Smallville town (``assets/worlds/smallville``).

Everything in the town is made here: the pixel art of every tile (painted with numpy by the
``*_tiles`` modules), the layout of the 19 sectors, 63 arenas and 46 kinds of game object
(``town_plans_*`` tables, placed by ``layout``), and the Tiled map with its semantic layers
(``map_assembly``). Rebuild with ``python -m tools.town_builder [OUTPUT_FOLDER]``; the result is
deterministic (seeded), so a rebuild gives identical files.
"""
