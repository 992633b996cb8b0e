"""The original's semantic matrices: ``matrix/maze/*.csv`` grids of block codes (one line,
row-major) and ``matrix/special_blocks/*.csv`` tables from code to names."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from agents.world.errors import WorldFormatError

MAZE_KINDS = ("collision", "sector", "arena", "game_object", "spawning_location")
# cells per row of each special-blocks table: code, world, then the levels down to the name
TABLE_WIDTHS = {"world": 2, "sector": 3, "arena": 4, "game_object": 4, "spawning_location": 5}


@dataclass(frozen=True)
class MazeMeta:
    world_label: str
    width_tiles: int
    height_tiles: int
    tile_size_px: int


def read_maze_meta(path: Path) -> MazeMeta:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise WorldFormatError(path, f"not valid JSON: {error.msg}", where=f"line {error.lineno}") from error
    except OSError as error:
        raise WorldFormatError(path, f"cannot read: {error}") from error
    try:
        return MazeMeta(world_label=str(data.get("world_name", "")), width_tiles=int(data["maze_width"]),
                        height_tiles=int(data["maze_height"]), tile_size_px=int(data["sq_tile_size"]))
    except (KeyError, TypeError, ValueError) as error:
        raise WorldFormatError(path, f"needs maze_width, maze_height and sq_tile_size as numbers ({error})") from error


def read_block_table(path: Path, kind: str) -> dict[int, tuple[str, ...]]:
    """Code -> cells after the code (world, sector, ... name), blanks stripped."""
    width = TABLE_WIDTHS[kind]
    table: dict[int, tuple[str, ...]] = {}
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise WorldFormatError(path, f"cannot read: {error}") from error
    for line_number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) != width:
            raise WorldFormatError(path, f"expected {width} cells, found {len(cells)}", where=f"line {line_number}")
        try:
            code = int(cells[0])
        except ValueError as error:
            raise WorldFormatError(path, f"block code {cells[0]!r} is not a number", where=f"line {line_number}") from error
        if not all(cells[1:]):
            raise WorldFormatError(path, "empty name", where=f"line {line_number}")
        if code in table:
            raise WorldFormatError(path, f"block code {code} is listed twice", where=f"line {line_number}")
        table[code] = tuple(cells[1:])
    if not table:
        raise WorldFormatError(path, "the table is empty")
    return table


def read_maze_grid(path: Path, meta: MazeMeta, meta_path: Path) -> list[int]:
    """The block codes of one maze CSV, row-major; its length must match the map size."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise WorldFormatError(path, f"cannot read: {error}") from error
    cells = [cell.strip() for cell in text.replace("\n", ",").split(",")]
    cells = [cell for cell in cells if cell]
    expected = meta.width_tiles * meta.height_tiles
    if len(cells) != expected:
        raise WorldFormatError(path, f"holds {len(cells)} codes, expected {expected} "
                                     f"({meta.width_tiles} x {meta.height_tiles} from {meta_path.name})",
                               hint="the matrix and maze_meta_info.json must describe the same map")
    codes: list[int] = []
    for index, cell in enumerate(cells):
        try:
            codes.append(int(cell))
        except ValueError as error:
            x, y = index % meta.width_tiles, index // meta.width_tiles
            raise WorldFormatError(path, f"code {cell!r} is not a number", where=f"tile ({x}, {y})") from error
    return codes


def names_from_codes(codes: list[int], table: dict[int, tuple[str, ...]], maze_path: Path, table_path: Path,
                     width_tiles: int) -> list[str]:
    """Each tile's name at one level (the table's last cell); "" for code 0."""
    names: list[str] = []
    for index, code in enumerate(codes):
        if code == 0:
            names.append("")
            continue
        row = table.get(code)
        if row is None:
            x, y = index % width_tiles, index // width_tiles
            raise WorldFormatError(maze_path, f"unknown block code {code}", where=f"tile ({x}, {y})",
                                   hint=f"it is not listed in {table_path}")
        names.append(row[-1])
    return names
