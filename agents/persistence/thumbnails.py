"""A save slot's picture: a small PNG of the town beside the save, ``<slot>.thumb.png``.

The picture is optional and never part of the save itself: it is written (atomically) after the
save, deleted with the slot and copied by a fork. A picture that cannot be written only costs the
listing its image (a warning is logged), never the save. The bytes come from the game (the play
scene scales its screen down); here they are only checked to be a PNG and stored.
"""

from __future__ import annotations

import logging
from pathlib import Path

from agents.atomic_write import write_bytes_atomically
from agents.persistence.save_format import SAVE_SUFFIX

log = logging.getLogger(__name__)

THUMBNAIL_SUFFIX = ".thumb.png"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024  # a 240x135 picture is some 50 kB; anything far bigger is a mistake


def thumbnail_path(save_path: Path) -> Path:
    """Where the picture of the save ``save_path`` goes (``<slot>.smallville-save`` -> ``<slot>.thumb.png``)."""
    return save_path.with_name(save_path.name.removesuffix(SAVE_SUFFIX) + THUMBNAIL_SUFFIX)


def existing_thumbnail(save_path: Path) -> Path | None:
    """The picture of ``save_path`` if there is one."""
    path = thumbnail_path(save_path)
    return path if path.is_file() else None


def is_png(data: bytes) -> bool:
    return data.startswith(PNG_SIGNATURE) and len(data) <= MAX_THUMBNAIL_BYTES


def write_thumbnail(save_path: Path, png: bytes | None) -> Path | None:
    """Store ``png`` as the picture of ``save_path`` (None or bytes that are not a PNG: remove the
    slot's old picture, which showed an older state). Returns the picture's path, or None."""
    path = thumbnail_path(save_path)
    if png is None or not is_png(png):
        if png is not None:
            log.warning("not storing a picture for %s: the bytes given are not a PNG of at most %d bytes",
                        save_path, MAX_THUMBNAIL_BYTES)
        remove_thumbnail(save_path)
        return None
    try:
        write_bytes_atomically(path, png)
    except OSError as error:
        log.warning("the picture of %s could not be written (%s); the save itself is fine", save_path, error)
        remove_thumbnail(save_path)
        return None
    return path


def remove_thumbnail(save_path: Path) -> None:
    """Delete the picture of ``save_path`` if there is one (a failure is only logged)."""
    try:
        thumbnail_path(save_path).unlink(missing_ok=True)
    except OSError as error:
        log.warning("the old picture of %s could not be removed (%s)", save_path, error)


def copy_thumbnail(source_save: Path, target_save: Path) -> Path | None:
    """Give ``target_save`` the picture of ``source_save`` (a fork looks like its parent); None when
    the source has none or the copy failed (logged)."""
    source = existing_thumbnail(source_save)
    if source is None:
        remove_thumbnail(target_save)
        return None
    target = thumbnail_path(target_save)
    try:
        write_bytes_atomically(target, source.read_bytes())
    except OSError as error:
        log.warning("the picture of %s could not be copied to %s (%s)", source_save, target_save, error)
        return None
    return target
