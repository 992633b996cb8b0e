"""The static world: tile grid, collision, the address of every tile, spawn tiles, path finding.

Built by :mod:`agents.world.tmx_loader` from a Tiled map. A tile is ``(x, y)`` with ``x`` the
column and ``y`` the row, both from 0 at the top left. The world never changes during a run; what
changes (events on tiles, residents) lives in the simulation state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path as FilePath

import numpy as np

from agents.persistence.world_state import remember_world, world_arguments, world_like, world_state
from agents.world.address import AddressLevel, TileAddress, join_address, split_address
from agents.world.errors import UnknownAddressError
from agents.world.pathfinding import Path, PathGrid, Tile


class WorldMap:
    """A loaded world.

    ``level_ids`` holds, for sector, arena, game object and spawn, a ``(height, width)`` array of
    indices into the matching ``level_names`` tuple; index 0 means "not set" and its name is "".
    """

    def __init__(
        self,
        *,
        name: str,
        source_path: FilePath,
        tile_size_px: int,
        collision: np.ndarray,
        sector_ids: np.ndarray,
        sector_names: Sequence[str],
        arena_ids: np.ndarray,
        arena_names: Sequence[str],
        object_ids: np.ndarray,
        object_names: Sequence[str],
        spawn_ids: np.ndarray,
        spawn_names: Sequence[str],
    ) -> None:
        self.name = name
        self.source_path = source_path
        self.tile_size_px = tile_size_px
        self.height_tiles, self.width_tiles = collision.shape
        self.collision = collision.astype(bool)
        self._sector_ids, self._sector_names = sector_ids, tuple(sector_names)
        self._arena_ids, self._arena_names = arena_ids, tuple(arena_names)
        self._object_ids, self._object_names = object_ids, tuple(object_names)
        self._spawn_ids, self._spawn_names = spawn_ids, tuple(spawn_names)
        self.path_grid = PathGrid((~self.collision).tolist())
        self._address_tiles = self._index_addresses()
        spawn_ys, spawn_xs = np.nonzero(self._spawn_ids)
        self.spawn_tiles: tuple[Tile, ...] = tuple(
            (int(x), int(y)) for y, x in sorted(zip(spawn_ys.tolist(), spawn_xs.tolist()))
        )

    # -- tiles -------------------------------------------------------------------------------

    def in_bounds(self, tile: Tile) -> bool:
        x, y = tile
        return 0 <= x < self.width_tiles and 0 <= y < self.height_tiles

    def is_walkable(self, tile: Tile) -> bool:
        return self.in_bounds(tile) and not bool(self.collision[tile[1], tile[0]])

    @property
    def collision_tile_count(self) -> int:
        return int(self.collision.sum())

    def tiles_within_radius(self, center: Tile, radius_tiles: int) -> list[Tile]:
        """Tiles whose centres lie within ``radius_tiles`` (Euclidean) of ``center``, clipped to
        the map, in row-major order."""
        cx, cy = center
        found: list[Tile] = []
        radius_squared = radius_tiles * radius_tiles
        for y in range(max(0, cy - radius_tiles), min(self.height_tiles, cy + radius_tiles + 1)):
            for x in range(max(0, cx - radius_tiles), min(self.width_tiles, cx + radius_tiles + 1)):
                if (x - cx) ** 2 + (y - cy) ** 2 <= radius_squared:
                    found.append((x, y))
        return found

    # -- addresses ---------------------------------------------------------------------------

    def address_at(self, tile: Tile) -> TileAddress:
        """What ``tile`` belongs to at each level."""
        if not self.in_bounds(tile):
            raise ValueError(f"tile {tile} is outside the {self.width_tiles} x {self.height_tiles} map")
        x, y = tile
        return TileAddress(
            world=self.name,
            sector=self._sector_names[self._sector_ids[y, x]],
            arena=self._arena_names[self._arena_ids[y, x]],
            game_object=self._object_names[self._object_ids[y, x]],
        )

    def spawn_name_at(self, tile: Tile) -> str:
        """The spawn point's name at ``tile`` ("" if the tile is not a spawn point)."""
        return self._spawn_names[self._spawn_ids[tile[1], tile[0]]]

    def has_address(self, address: str) -> bool:
        return join_address(*split_address(address)) in self._address_tiles

    def tiles_of(self, address: str) -> frozenset[Tile]:
        """Every tile carrying ``address`` (at any level). Raises UnknownAddressError."""
        key = join_address(*split_address(address))
        try:
            return self._address_tiles[key]
        except KeyError:
            raise UnknownAddressError(address) from None

    def addresses_at_level(self, level: AddressLevel) -> tuple[str, ...]:
        """Every address with exactly ``level`` parts, sorted."""
        return tuple(sorted(a for a in self._address_tiles if len(split_address(a)) == int(level)))

    def sectors(self) -> tuple[str, ...]:
        return self.addresses_at_level(AddressLevel.SECTOR)

    def arenas(self) -> tuple[str, ...]:
        return self.addresses_at_level(AddressLevel.ARENA)

    def game_object_addresses(self) -> tuple[str, ...]:
        return self.addresses_at_level(AddressLevel.GAME_OBJECT)

    def game_object_kinds(self) -> tuple[str, ...]:
        """Distinct game-object names used on the map (e.g. "bed", "piano"), sorted."""
        return tuple(sorted({name for name in self._object_names if name}))

    def _index_addresses(self) -> dict[str, frozenset[Tile]]:
        collected: dict[str, list[Tile]] = {self.name: []}
        sector_ids, arena_ids, object_ids = self._sector_ids, self._arena_ids, self._object_ids
        sectors, arenas, objects = self._sector_names, self._arena_names, self._object_names
        world = self.name
        for y in range(self.height_tiles):
            sector_row, arena_row, object_row = sector_ids[y].tolist(), arena_ids[y].tolist(), object_ids[y].tolist()
            for x in range(self.width_tiles):
                tile = (x, y)
                collected[world].append(tile)
                sector = sectors[sector_row[x]]
                if not sector:
                    continue
                sector_address = f"{world}:{sector}"
                collected.setdefault(sector_address, []).append(tile)
                arena = arenas[arena_row[x]]
                if not arena:
                    continue
                arena_address = f"{sector_address}:{arena}"
                collected.setdefault(arena_address, []).append(tile)
                game_object = objects[object_row[x]]
                if game_object:
                    collected.setdefault(f"{arena_address}:{game_object}", []).append(tile)
        return {address: frozenset(tiles) for address, tiles in collected.items()}

    def orphan_tiles(self) -> dict[str, tuple[Tile, ...]]:
        """Tiles whose finer level is set while a coarser one is not (an arena painted outside
        any sector, an object outside any arena): they belong to no full address."""
        orphans: dict[str, list[Tile]] = {}
        arena_without_sector = np.argwhere((self._arena_ids > 0) & (self._sector_ids == 0))
        object_without_arena = np.argwhere((self._object_ids > 0) & (self._arena_ids == 0))
        for label, found in (("arena outside any sector", arena_without_sector),
                             ("game object outside any arena", object_without_arena)):
            if len(found):
                orphans[label] = [(int(x), int(y)) for y, x in found.tolist()]
        return {label: tuple(tiles) for label, tiles in orphans.items()}

    # -- paths -------------------------------------------------------------------------------

    def find_path(self, start: Tile, goal: Tile) -> Path | None:
        """Shortest 4-neighbour path from ``start`` to ``goal``; None when there is none."""
        return self.path_grid.find_path(start, goal)

    def find_path_to_any(self, start: Tile, goals: Iterable[Tile]) -> Path | None:
        """Shortest path to the nearest walkable tile among ``goals``; None when there is none."""
        return self.path_grid.find_path_to_any(start, goals)

    def find_path_to_address(self, start: Tile, address: str) -> Path | None:
        """Shortest path to the nearest walkable tile carrying ``address``; None when none can be
        reached. Raises UnknownAddressError for an address no tile carries."""
        return self.path_grid.find_path_to_any(start, self.tiles_of(address))

    # -- saving (agents.persistence.world_state) -----------------------------------------------------

    def __getstate__(self) -> dict[str, object]:
        """Pickled as what it is built from (the grids as plain bytes and their names), made once
        and kept (``_saved_state``, not part of the state): the world never changes, so a save only
        copies those bytes. The path grid and the address index are rebuilt on load."""
        saved = self.__dict__.get("_saved_state")
        if saved is None:
            saved = world_state(self.name, self.source_path, self.tile_size_px, self.collision, {
                "sector": (self._sector_ids, self._sector_names), "arena": (self._arena_ids, self._arena_names),
                "object": (self._object_ids, self._object_names), "spawn": (self._spawn_ids, self._spawn_names)})
            self._saved_state = saved
        remember_world(saved, self)  # the world saved last is the one a load shares parts with
        return saved

    def __setstate__(self, state: object) -> None:
        """Unpickling: the state is checked (a BadSavedState names the field) and the world built
        from it by the constructor, or, when a world of the very same state is already built in this
        process, made of that one's parts (they never change; see agents.persistence.world_state)."""
        arguments = world_arguments(state)
        twin = world_like(state)  # type: ignore[arg-type]  # checked by world_arguments
        if isinstance(twin, WorldMap):
            self.__dict__.update(twin.__dict__)
            return
        self.__init__(**arguments)  # type: ignore[misc, arg-type]
        self._saved_state = state
        remember_world(state, self)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return (f"WorldMap({self.name!r}, {self.width_tiles}x{self.height_tiles} tiles of "
                f"{self.tile_size_px}px, from {self.source_path})")
