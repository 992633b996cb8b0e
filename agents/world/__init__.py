"""World model read from Tiled maps: tile grid, collision, the address hierarchy
``world:sector:arena:game_object``, spawn points, events on tiles, path finding, scenarios, and the
importer of the original ``the_ville`` data.

The public entry points are :func:`agents.world.world_folder.load_world_folder` and
:func:`agents.world.tmx_loader.load_world_map`.
"""
