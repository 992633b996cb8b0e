"""The sizes a world map may declare, checked before anything is allocated for it.

A map names its size in tiles and holds layers and tilesets; pytmx and the world map allocate for
each layer a grid of the declared size, so a map that declares 100,000 x 100,000 tiles would ask for
tens of gigabytes before any tile is read. :func:`check_declared_sizes` reads only the XML's tags
(streaming, no layer data kept) and refuses, naming the file and the attribute, a size past the
limits below, which docs/maps.md names for map makers. It also collects the images the map names
(tilesets, tile and image layers; external ``.tsx`` tilesets read too) and refuses any file named
outside the map's folder or a missing ``.tsx``: a world is one folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from agents.world.errors import WorldFormatError
from agents.world.safe_paths import path_inside

MAX_MAP_FILE_BYTES = 64_000_000
MAX_SIDE_TILES = 1000
MAX_MAP_TILES = 250_000  # 500 x 500; the original town is 140 x 100
MAX_LAYERS = 64
MAX_TILESETS = 64
TILE_SIZE_PX_RANGE = (4, 256)
MAX_TILESET_IMAGE_SIDE_PX = 16_384
MAX_TILESET_TILES = 65_536

_HINT = "see docs/maps.md for the sizes a world may have"
_LAYER_TAGS = frozenset({"layer", "objectgroup", "imagelayer", "group"})


@dataclass(frozen=True)
class DeclaredSizes:
    """What the map's tags declare: size in tiles, tile size, how many layers and tilesets."""

    width_tiles: int
    height_tiles: int
    tile_size_px: int
    layers: int
    tilesets: int
    images: tuple[Path, ...]  # every image file the map names, inside its folder


def _whole(element: ElementTree.Element, attribute: str, path: Path, where: str) -> int:
    text = element.get(attribute)
    try:
        return int(text) if text is not None else 0
    except ValueError:
        raise WorldFormatError(path, f"{attribute}={text!r:.30} is not a whole number", where=where,
                               hint=_HINT) from None


def _bounded(value: int, low: int, high: int, what: str, path: Path, where: str) -> None:
    if not low <= value <= high:
        raise WorldFormatError(path, f"{what} is {value:,} (from {low:,} to {high:,} allowed)", where=where, hint=_HINT)


def check_declared_sizes(path: Path) -> DeclaredSizes:
    """Read the tags of the map at ``path`` and refuse what is past the limits (a WorldFormatError
    naming the file and the attribute); the declared sizes otherwise. XML errors are left to the
    full read, which names their line."""
    size = path.stat().st_size
    if size > MAX_MAP_FILE_BYTES:
        raise WorldFormatError(path, f"the map file is {size:,} bytes (at most {MAX_MAP_FILE_BYTES:,})", hint=_HINT)
    width = height = tile_px = layers = tilesets = 0
    depth = 0
    folder = path.parent
    images: list[Path] = []
    try:
        for event, element in ElementTree.iterparse(path, events=("start", "end")):
            if event == "end":
                depth -= 1
                if depth <= 2:
                    element.clear()  # layer data is not kept
                continue
            depth += 1
            if depth == 1:
                if element.tag != "map":
                    raise WorldFormatError(path, f"the root element is <{element.tag}>, not <map>", hint=_HINT)
                width = _whole(element, "width", path, "map width")
                height = _whole(element, "height", path, "map height")
                tile_px = max(_whole(element, "tilewidth", path, "map tilewidth"),
                              _whole(element, "tileheight", path, "map tileheight"))
                _bounded(width, 0, MAX_SIDE_TILES, "the map's width in tiles", path, "map width")
                _bounded(height, 0, MAX_SIDE_TILES, "the map's height in tiles", path, "map height")
                _bounded(width * height, 0, MAX_MAP_TILES, f"the map's area ({width} x {height} tiles)", path,
                         "map width, height")
            elif element.tag in _LAYER_TAGS:
                layers += 1
                if layers > MAX_LAYERS:
                    raise WorldFormatError(path, f"more than {MAX_LAYERS} layers", where=f"layer {element.get('name')!r}",
                                           hint=_HINT)
            elif element.tag == "tileset" and depth == 2:
                tilesets += 1
                where = f"tileset {element.get('name') or element.get('source')!r}"
                if tilesets > MAX_TILESETS:
                    raise WorldFormatError(path, f"more than {MAX_TILESETS} tilesets", where=where, hint=_HINT)
                _bounded(_whole(element, "tilecount", path, where), 0, MAX_TILESET_TILES, "its tile count", path, where)
                if element.get("source"):
                    images.extend(_external_tileset_images(folder, element.get("source", ""), path, where))
            elif element.tag == "image":
                where = f"image {element.get('source')!r}"
                for attribute in ("width", "height"):
                    _bounded(_whole(element, attribute, path, where), 0, MAX_TILESET_IMAGE_SIDE_PX,
                             f"its declared {attribute} in px", path, where)
                if element.get("source"):
                    images.append(_inside(folder, element.get("source", ""), path, where))
    except ElementTree.ParseError:
        pass  # the full read names the line
    else:  # a well-formed map: what it must declare (a map of 0 tiles is refused by the full read)
        if tile_px:
            _bounded(tile_px, *TILE_SIZE_PX_RANGE, "the tile size in px", path, "map tilewidth, tileheight")
    return DeclaredSizes(width, height, tile_px, layers, tilesets, tuple(dict.fromkeys(images)))


def _inside(folder: Path, source: str, named_in: Path, where: str) -> Path:
    try:
        return path_inside(folder, source, named_in=named_in, where=where)
    except WorldFormatError as error:
        raise WorldFormatError(error.path, error.problem, error.where,
                               "a world is one folder: copy the file into it and name it relative to the map") from None


def _external_tileset_images(folder: Path, source: str, map_path: Path, where: str) -> list[Path]:
    """The images an external ``.tsx`` tileset names (it must be inside ``folder`` and exist)."""
    tsx = _inside(folder, source, map_path, where)
    if not tsx.is_file():
        raise WorldFormatError(map_path, f"the tileset file {source!r} is not there", where=where,
                               hint="put the .tsx next to the map or fix its path in Tiled")
    if tsx.stat().st_size > MAX_MAP_FILE_BYTES:
        raise WorldFormatError(tsx, f"the tileset file is {tsx.stat().st_size:,} bytes (at most "
                                    f"{MAX_MAP_FILE_BYTES:,})", hint=_HINT)
    try:
        root = ElementTree.parse(tsx).getroot()
    except ElementTree.ParseError as error:
        line, column = error.position
        raise WorldFormatError(tsx, "not valid XML", where=f"line {line}, column {column}") from None
    return [_inside(folder, str(tsx.parent.relative_to(folder) / image.get("source", "")), tsx, f"image {image.get('source')!r}")
            for image in root.iter("image") if image.get("source")]
