"""Write a world map as a Tiled ``.tmx`` file in the project's format (see
:mod:`agents.world.map_format`): art tilesets and layers as given, then the semantic tileset and
one semantic layer per kind built from per-tile names.

Used by the importer of the original town and by the generator of our own town.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from agents.world import map_format
from agents.world.semantic_tileset import SemanticTileset, build_semantic_tileset


@dataclass(frozen=True)
class ArtLayer:
    """A drawn tile layer: global tile ids row-major (0 = empty; Tiled flip bits allowed)."""

    name: str
    gids: Sequence[int]
    foreground: bool = False
    visible: bool = True


@dataclass(frozen=True)
class SemanticGrids:
    """Per-tile meaning, row-major: collision flags and a name per named kind ("" = unset)."""

    collision: Sequence[bool]
    sector: Sequence[str]
    arena: Sequence[str]
    game_object: Sequence[str]
    spawn: Sequence[str]

    def names(self, kind: str) -> Sequence[str]:
        return {map_format.SECTOR: self.sector, map_format.ARENA: self.arena,
                map_format.GAME_OBJECT: self.game_object, map_format.SPAWN: self.spawn}[kind]


_SEMANTIC_LAYER_TITLES = {map_format.COLLISION: "Collisions", map_format.SECTOR: "Sectors",
                          map_format.ARENA: "Arenas", map_format.GAME_OBJECT: "Game objects",
                          map_format.SPAWN: "Spawn points"}


def _properties(parent: ElementTree.Element, values: dict[str, tuple[str, str]]) -> None:
    element = ElementTree.SubElement(parent, "properties")
    for name, (kind, value) in values.items():
        attributes = {"name": name, "value": value}
        if kind != "string":
            attributes["type"] = kind
        ElementTree.SubElement(element, "property", attributes)


def _layer(parent: ElementTree.Element, layer_id: int, name: str, width: int, height: int,
           visible: bool = True) -> ElementTree.Element:
    attributes = {"id": str(layer_id), "name": name, "width": str(width), "height": str(height)}
    if not visible:
        attributes["visible"] = "0"
    return ElementTree.SubElement(parent, "layer", attributes)


def _data(element: ElementTree.Element, gids: Sequence[int], width: int) -> None:
    data = ElementTree.SubElement(element, "data", {"encoding": "csv"})
    rows = [",".join(str(g) for g in gids[start:start + width]) for start in range(0, len(gids), width)]
    data.text = "\n" + ",\n".join(rows) + "\n"


def build_world_tmx(*, world_name: str, width: int, height: int, tile_size_px: int,
                    art_tilesets: Sequence[ElementTree.Element], art_layers: Sequence[ArtLayer],
                    semantics: SemanticGrids, semantic_first_gid: int) -> tuple[ElementTree.ElementTree, SemanticTileset]:
    """The map document and the semantic tileset it embeds (whose image the caller writes)."""
    expected = width * height
    for layer in art_layers:
        if len(layer.gids) != expected:
            raise ValueError(f"art layer {layer.name!r} has {len(layer.gids)} tiles, expected {expected}")
    for kind in map_format.NAMED_SEMANTIC_KINDS:
        if len(semantics.names(kind)) != expected:
            raise ValueError(f"{kind} grid has {len(semantics.names(kind))} tiles, expected {expected}")
    tileset = build_semantic_tileset(
        {kind: sorted({n for n in semantics.names(kind) if n}) for kind in map_format.NAMED_SEMANTIC_KINDS},
        first_gid=semantic_first_gid, tile_size_px=tile_size_px)

    layer_count = len(art_layers) + len(map_format.SEMANTIC_KINDS)
    root = ElementTree.Element("map", {
        "version": "1.10", "tiledversion": "1.10.2", "orientation": "orthogonal", "renderorder": "right-down",
        "width": str(width), "height": str(height), "tilewidth": str(tile_size_px),
        "tileheight": str(tile_size_px), "infinite": "0", "nextlayerid": str(layer_count + 1), "nextobjectid": "1"})
    _properties(root, {map_format.WORLD_NAME_PROPERTY: ("string", world_name)})
    for element in art_tilesets:
        root.append(element)
    root.append(tileset.to_xml())

    layer_id = 0
    for layer in art_layers:
        layer_id += 1
        element = _layer(root, layer_id, layer.name, width, height, layer.visible)
        if layer.foreground:
            _properties(element, {map_format.FOREGROUND_PROPERTY: ("bool", "true")})
        _data(element, layer.gids, width)
    collision_gid = tileset.gid_of(map_format.COLLISION, "collision")
    for kind in map_format.SEMANTIC_KINDS:
        layer_id += 1
        if kind == map_format.COLLISION:
            gids = [collision_gid if blocked else 0 for blocked in semantics.collision]
        else:
            gids = [tileset.gid_of(kind, name) if name else 0 for name in semantics.names(kind)]
        element = _layer(root, layer_id, _SEMANTIC_LAYER_TITLES[kind], width, height, visible=False)
        _properties(element, {map_format.SEMANTICS_PROPERTY: ("string", kind)})
        _data(element, gids, width)
    ElementTree.indent(root, space=" ")
    return ElementTree.ElementTree(root), tileset


def write_world_tmx(folder: Path, document: ElementTree.ElementTree, tileset: SemanticTileset) -> Path:
    """Write ``map.tmx`` and the semantic tileset's image into ``folder``."""
    map_path = folder / map_format.MAP_FILE_NAME
    document.write(map_path, encoding="UTF-8", xml_declaration=True)
    (folder / tileset.image_file).write_bytes(tileset.image_png())
    return map_path
