"""The drawn part of the original map: its art tile layers and the tilesets they use.

The original's block layers (collision, sectors, arenas, objects, spawns) are left out: their
meaning is rebuilt from the matrix CSVs. Tilesets lose their ``trans="ff00ff"`` colour key, since
the images carry real alpha (with the key set, pytmx would drop alpha and show black speckles).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from agents.world.errors import WorldFormatError
from agents.world.safe_paths import path_inside
from agents.world.tmx_writer import ArtLayer

GID_MASK = 0x1FFFFFFF  # Tiled keeps flip flags in the top three bits
BLOCK_IMAGE_PREFIX = "blocks"  # the original's marker tilesets (map_assets/blocks/blocks_N.png)
FOREGROUND_PREFIX = "foreground"


@dataclass(frozen=True)
class ArtTileset:
    """A tileset kept for drawing: its XML (image path rewritten) and the image file to copy."""

    element: ElementTree.Element
    source_image: Path
    target_image: str
    first_gid: int
    tile_count: int


@dataclass(frozen=True)
class OriginalArt:
    tilesets: tuple[ArtTileset, ...]
    layers: tuple[ArtLayer, ...]
    next_free_gid: int


def _parse_layer_data(layer: ElementTree.Element, tmx_path: Path, expected: int) -> list[int]:
    name = layer.get("name", "?")
    data = layer.find("data")
    if data is None or data.get("encoding") != "csv" or data.get("compression"):
        raise WorldFormatError(tmx_path, "only CSV-encoded, uncompressed layer data is supported",
                               where=f"layer {name!r}", hint="re-save the map in Tiled with layer format CSV")
    try:
        gids = [int(cell) for cell in (data.text or "").replace("\n", "").split(",") if cell.strip()]
    except ValueError as error:
        raise WorldFormatError(tmx_path, f"layer data holds a non-number: {error}", where=f"layer {name!r}") from error
    if len(gids) != expected:
        raise WorldFormatError(tmx_path, f"layer holds {len(gids)} tiles, expected {expected}", where=f"layer {name!r}")
    return gids


def read_original_art(tmx_path: Path, width: int, height: int) -> OriginalArt:
    """Art layers and their tilesets from the original ``the_ville.tmx``."""
    try:
        root = ElementTree.parse(tmx_path).getroot()
    except FileNotFoundError as error:
        raise WorldFormatError(tmx_path, "map file not found") from error
    except ElementTree.ParseError as error:
        line, column = error.position
        raise WorldFormatError(tmx_path, f"not valid XML: {error}", where=f"line {line}, column {column}") from error
    if (root.get("width"), root.get("height")) != (str(width), str(height)):
        raise WorldFormatError(tmx_path, f"map is {root.get('width')} x {root.get('height')} tiles, "
                                         f"but the matrix says {width} x {height}", where="map element")

    ranges: list[tuple[int, int, ElementTree.Element]] = []
    for tileset in root.findall("tileset"):
        if tileset.get("source"):
            raise WorldFormatError(tmx_path, "external tilesets (.tsx) are not supported by the importer",
                                   where=f"tileset {tileset.get('source')!r}")
        first_gid, count = int(tileset.get("firstgid", "0")), int(tileset.get("tilecount", "0"))
        ranges.append((first_gid, first_gid + count, tileset))

    def tileset_of(gid: int) -> ElementTree.Element | None:
        for start, end, element in ranges:
            if start <= gid < end:
                return element
        return None

    def is_block(element: ElementTree.Element) -> bool:
        image = element.find("image")
        return image is not None and PurePosixPath(image.get("source", "")).name.startswith(BLOCK_IMAGE_PREFIX)

    layers: list[ArtLayer] = []
    used: dict[int, ElementTree.Element] = {}
    for layer in root.findall("layer"):
        name = layer.get("name", "").strip()
        gids = _parse_layer_data(layer, tmx_path, width * height)
        tilesets_here: dict[int, ElementTree.Element] = {}
        for gid in set(gids):
            if gid == 0:
                continue
            element = tileset_of(gid & GID_MASK)
            if element is None:
                raise WorldFormatError(tmx_path, f"tile id {gid & GID_MASK} belongs to no tileset", where=f"layer {name!r}")
            tilesets_here[id(element)] = element
        if tilesets_here and all(is_block(element) for element in tilesets_here.values()):
            continue  # a semantic block layer: rebuilt from the matrix
        used.update(tilesets_here)
        layers.append(ArtLayer(name=name, gids=gids, foreground=name.lower().startswith(FOREGROUND_PREFIX),
                               visible=layer.get("visible", "1") != "0"))

    kept: list[ArtTileset] = []
    next_free_gid = 1
    for start, end, element in ranges:
        if id(element) not in used:
            continue
        image = element.find("image")
        if image is None:
            raise WorldFormatError(tmx_path, "tileset without an image", where=f"tileset {element.get('name')!r}")
        source = path_inside(tmx_path.parent, image.get("source", ""), named_in=tmx_path,
                             where=f"tileset {element.get('name')!r}, image source").resolve()
        if not source.is_file():
            raise WorldFormatError(tmx_path, f"tileset image {image.get('source')} not found",
                                   where=f"tileset {element.get('name')!r}")
        target = f"tilesets/{source.name}"
        rewritten = copy.deepcopy(element)
        new_image = rewritten.find("image")
        assert new_image is not None
        new_image.attrib.pop("trans", None)
        new_image.set("source", target)
        kept.append(ArtTileset(element=rewritten, source_image=source, target_image=target,
                               first_gid=start, tile_count=end - start))
        next_free_gid = max(next_free_gid, end)
    if len({tileset.target_image for tileset in kept}) != len(kept):
        raise WorldFormatError(tmx_path, "two tilesets use images with the same file name")
    return OriginalArt(tilesets=tuple(kept), layers=tuple(layers), next_free_gid=next_free_gid)
