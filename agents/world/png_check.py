"""A PNG file checked without decoding it to pixels, so a world's art is judged on the agents side
(no pygame, no display): ``world info`` reports a corrupt or missing tileset or character sheet that
the window would refuse.

:func:`png_problem` reads the chunks (signature, CRCs, IHDR first, IDAT, IEND), bounds the image's
size, and inflates the image data (bounded) to check it holds exactly the bytes its header promises;
:func:`png_size_px` gives the width and height of a checked file.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

MAX_PNG_FILE_BYTES = 64_000_000
MAX_PNG_SIDE_PX = 16_384
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel
_BIT_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


class PngProblem(ValueError):
    """What is wrong with a PNG file, in words."""


def _raw_bytes(width: int, height: int, bits_per_pixel: int, interlaced: bool) -> int:
    """The bytes the inflated image data holds: per row a filter byte and the packed samples."""
    passes = _ADAM7 if interlaced else ((0, 0, 1, 1),)
    total = 0
    for x0, y0, dx, dy in passes:
        columns, rows = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if columns > 0 and rows > 0:
            total += rows * (1 + (columns * bits_per_pixel + 7) // 8)
    return total


def _read_png(path: Path) -> tuple[int, int]:
    """(width, height) of the valid PNG at ``path``; a PngProblem or OSError otherwise."""
    size = path.stat().st_size
    if size > MAX_PNG_FILE_BYTES:
        raise PngProblem(f"is {size:,} bytes (at most {MAX_PNG_FILE_BYTES:,})")
    data = path.read_bytes()
    if not data.startswith(_SIGNATURE):
        raise PngProblem("is not a PNG file (its first bytes are not a PNG signature)")
    at, header, image_data, ended = len(_SIGNATURE), None, [], False
    while at < len(data) and not ended:
        if at + 8 > len(data):
            raise PngProblem("is cut short (a chunk header is incomplete)")
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body_end = at + 8 + length
        if body_end + 4 > len(data):
            raise PngProblem(f"is cut short (chunk {kind.decode('latin-1')!r} needs {length:,} bytes)")
        body = data[at + 8:body_end]
        (crc,) = struct.unpack(">I", data[body_end:body_end + 4])
        if zlib.crc32(kind + body) != crc:
            raise PngProblem(f"is damaged (chunk {kind.decode('latin-1')!r} fails its checksum)")
        if header is None and kind != b"IHDR":
            raise PngProblem("does not start with its header chunk (IHDR)")
        if kind == b"IHDR":
            if length != 13:
                raise PngProblem("has a malformed header chunk")
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            image_data.append(body)
        elif kind == b"IEND":
            ended = True
        at = body_end + 4
    if header is None or not ended:
        raise PngProblem("is cut short (no end chunk)")
    width, height, bit_depth, colour_type, _, _, interlace = header
    if colour_type not in _CHANNELS or bit_depth not in _BIT_DEPTHS[colour_type] or interlace not in (0, 1):
        raise PngProblem(f"has an unknown pixel format (bit depth {bit_depth}, colour type {colour_type})")
    if not (0 < width <= MAX_PNG_SIDE_PX and 0 < height <= MAX_PNG_SIDE_PX):
        raise PngProblem(f"is {width:,} x {height:,} px (each side from 1 to {MAX_PNG_SIDE_PX:,} px)")
    if not image_data:
        raise PngProblem("holds no image data")
    expected = _raw_bytes(width, height, bit_depth * _CHANNELS[colour_type], bool(interlace))
    inflater = zlib.decompressobj()
    try:
        inflated = len(inflater.decompress(b"".join(image_data), expected + 1))
    except zlib.error as error:
        raise PngProblem(f"is damaged (its image data does not inflate: {error})") from None
    if inflated != expected or not inflater.eof:
        raise PngProblem(f"is damaged (its image data holds {inflated:,} bytes, its header promises {expected:,})")
    return width, height


def png_problem(path: Path) -> str | None:
    """What is wrong with the PNG at ``path`` ("is missing", "is cut short", ...), or None when it is a
    whole PNG image of a bounded size."""
    try:
        _read_png(path)
    except FileNotFoundError:
        return "is missing"
    except IsADirectoryError:
        return "is a folder, not a PNG file"
    except PngProblem as problem:
        return str(problem)
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    return None


def png_size_px(path: Path) -> tuple[int, int]:
    """(width, height) in px of the PNG at ``path``; a PngProblem (or OSError) when it is not whole."""
    return _read_png(path)
