"""Draws the residents: sprite with walk animation, selection highlight, name label, bubble; and
finds which resident (or which label) is under the mouse.

Labels never pile into a heap: :func:`layout_labels` places names (below the sprites) and bubbles
(above them) one by one, most important first (the selected and the hovered resident, then by
position on screen), each at its own spot or, when that is taken, stacked just past what is in the
way (names downwards, bubbles upwards), trying at most :data:`STACK_LIMIT` spots. What still finds
no room collapses: names into one "+N" badge beside their heap (hovering it expands the list of
names, each with its emoji; a click on a row selects), bubbles are left out. The selected and the
hovered resident's bubble also shows their activity, word-wrapped. The layout depends only on this
frame's poses, camera, selection and mouse position (and which badge list was open, so the mouse
can move onto it), and costs a few hundred rectangle tests for 25 residents.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pygame

from game.render.camera import Camera
from game.render.character_sprites import CharacterSheet
from game.render.resident_pose import ResidentPose
from game.render.text_labels import TextLabels

log = logging.getLogger(__name__)

SELECTION_COLOUR = (255, 214, 64)
STACK_LIMIT = 3  # rows of one heap before the rest collapse into "+N"
LABEL_MARGIN_PX = 1  # kept free around every label, badge and bubble
BADGE_SEARCH_ROWS = 8

Box = tuple[int, int, int, int]  # left, top, width, height on screen


class LabelRequest(NamedTuple):
    """Something that wants a spot: ``kind`` "name" or "bubble", at ``rect`` when nothing is there,
    stacking in ``direction`` (+1 down for names, -1 up for bubbles)."""

    name: str
    kind: str
    rect: Box
    direction: int


class LabelBox(NamedTuple):
    """One thing drawn this frame: a "name", "bubble" or "badge" (whose ``names`` are the residents
    collapsed into it; a name or bubble has its one resident)."""

    kind: str
    rect: Box
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LabelLayout:
    boxes: tuple[LabelBox, ...]

    def of_kind(self, kind: str) -> list[LabelBox]:
        return [box for box in self.boxes if box.kind == kind]

    def badges(self) -> list[LabelBox]:
        return self.of_kind("badge")

    def collapsed_names(self) -> set[str]:
        return {name for badge in self.badges() for name in badge.names}


def layout_labels(requests: Sequence[LabelRequest], badge_size_of: Callable[[int], tuple[int, int]],
                  stack_limit: int = STACK_LIMIT) -> LabelLayout:
    """Place ``requests`` in order (most important first) so that no two boxes overlap; see the
    module docstring. ``badge_size_of(count)`` gives the size of a "+count" badge."""
    margin = LABEL_MARGIN_PX
    Rect = pygame.Rect
    placed: list[pygame.Rect] = []
    boxes: list[LabelBox] = []
    group_of: list[int] = []  # per placed box: the heap it belongs to
    lowest_name: dict[int, pygame.Rect] = {}
    collapsed: dict[int, list[str]] = {}
    for name, kind, (left, top, width, height), direction in requests:
        candidate = Rect(left - margin, top - margin, width + 2 * margin, height + 2 * margin)
        group = len(placed)
        hit = candidate.collidelist(placed)
        attempt = 1
        if hit != -1:
            group = group_of[hit]  # it joins the heap it first ran into
            while hit != -1 and attempt < stack_limit:
                obstacle = placed[hit]  # stack just past what is in the way
                if direction > 0:
                    candidate.top = obstacle.bottom
                else:
                    candidate.bottom = obstacle.top
                hit = candidate.collidelist(placed)
                attempt += 1
            if hit != -1:
                if kind == "name":
                    collapsed.setdefault(group, []).append(name)
                continue
        placed.append(candidate)
        group_of.append(group)
        boxes.append(LabelBox(kind, (left, candidate.top + margin, width, height), (name,)))
        if kind == "name":
            lowest = lowest_name.get(group)
            if lowest is None or candidate.bottom > lowest.bottom:
                lowest_name[group] = candidate
    for group, names in collapsed.items():
        lowest = lowest_name.get(group) or placed[group]
        width, height = badge_size_of(len(names))
        badge = Rect(0, 0, width + 2 * margin, height + 2 * margin)
        middle = lowest.top + (lowest.height - badge.height) // 2
        # just below the heap, else beside its lowest name, else further down or further right
        candidates = [badge.move(lowest.centerx - badge.width // 2, lowest.bottom),
                      badge.move(lowest.right, middle), badge.move(lowest.left - badge.width, middle)]
        candidates += [badge.move(lowest.centerx - badge.width // 2, lowest.bottom + row * badge.height)
                       for row in range(1, BADGE_SEARCH_ROWS)]
        candidates += [badge.move(lowest.right + column * badge.width, middle) for column in range(1, BADGE_SEARCH_ROWS)]
        # (with all 17 spots taken, which a screen of labels never comes to, it goes just below anyway)
        spot = next((rect for rect in candidates if rect.collidelist(placed) == -1), candidates[0])
        placed.append(spot)
        group_of.append(group)
        boxes.append(LabelBox("badge", (spot.x + margin, spot.y + margin, width, height), tuple(names)))
    return LabelLayout(tuple(boxes))


class BadgeSize:
    """The size of a "+N" badge, from the renderer's cached badges."""

    def __init__(self, labels: TextLabels) -> None:
        self.labels = labels

    def __call__(self, count: int) -> tuple[int, int]:
        return self.labels.badge(f"+{count}").get_size()


class ResidentLayer:
    """The residents' sprites, labels and bubbles, drawn in order of depth (lower on screen = nearer).

    ``hover_pos`` (screen pixels, or None) is where the mouse is: set it on mouse motion or pass
    it to :meth:`draw`; it expands a "+N" badge under it and shows the hovered resident's activity.
    """

    def __init__(self, sheet_paths: dict[str, Path], tile_size_px: int) -> None:
        self.tile_size_px = tile_size_px
        self.sheets: dict[str, CharacterSheet] = {}
        self.missing_sheets: list[str] = []
        for name, path in sheet_paths.items():
            sheet = None
            if path.is_file():
                try:
                    sheet = CharacterSheet.load(path)
                except ValueError as error:  # damaged or misshapen: `world info` reports it too
                    log.warning("%s; %s is drawn as a plain figure", error, name)
            if sheet is not None:
                self.sheets[name] = sheet
            else:
                colour_seed = zlib.crc32(name.encode())
                colour = (80 + colour_seed % 150, 80 + (colour_seed >> 8) % 150, 80 + (colour_seed >> 16) % 150)
                self.sheets[name] = CharacterSheet.plain_figure(colour, tile_size_px)
                self.missing_sheets.append(name)
        self.labels = TextLabels()
        self._badge_size = BadgeSize(self.labels)
        self.hover_pos: tuple[int, int] | None = None
        self.layout = LabelLayout(())
        self.expanded: LabelBox | None = None  # the badge whose list is open
        self.expanded_rect: pygame.Rect | None = None
        self._list_rows: list[tuple[str, pygame.Rect]] = []
        self._screen_rects: dict[str, pygame.Rect] = {}

    def _sprite_rect(self, pose: ResidentPose, camera: Camera) -> pygame.Rect:
        x_tiles, y_tiles = pose.position_tiles()
        size = self.tile_size_px
        left, top = camera.world_to_screen((x_tiles * size, y_tiles * size))
        side = round(self.sheets[pose.name].frame_size_px * camera.zoom)
        tile_side = size * camera.zoom
        # the frame stands on the bottom of its tile, centred
        return pygame.Rect(round(left + (tile_side - side) / 2), round(top + tile_side - side), side, side)

    def draw(self, screen: pygame.Surface, camera: Camera, poses: Sequence[ResidentPose], selected: str | None,
             show_labels: bool = True, hover_pos: tuple[int, int] | None = None) -> None:
        self._screen_rects.clear()
        view = screen.get_rect()
        ordered = sorted(poses, key=lambda pose: (pose.position_tiles()[1], pose.name))
        for pose in ordered:
            rect = self._sprite_rect(pose, camera)
            self._screen_rects[pose.name] = rect
            if not rect.inflate(rect.width, rect.height * 2).colliderect(view):
                continue
            if pose.name == selected:
                ring = pygame.Rect(0, 0, rect.width * 0.8, rect.height * 0.3)
                ring.center = (rect.centerx, rect.bottom - rect.height * 0.08)
                pygame.draw.ellipse(screen, SELECTION_COLOUR, ring, max(2, round(2 * camera.zoom)))
            frame = self.sheets[pose.name].frame(pose.facing, pose.sheet_column(), camera.zoom)
            screen.blit(frame, rect.topleft)
        if not show_labels:
            self.layout, self.expanded, self.expanded_rect = LabelLayout(()), None, None
            return
        self._draw_labels(screen, camera, ordered, selected, hover_pos if hover_pos is not None else self.hover_pos)

    # -- labels and bubbles --------------------------------------------------------------------

    def _label_text(self, name: str, camera: Camera) -> str:
        return name if camera.zoom >= 1.0 else name.split()[0]

    def _bubble_of(self, pose: ResidentPose, detailed: bool) -> pygame.Surface | None:
        return self.labels.bubble(pose.emoji, pose.activity if detailed else "")

    def _draw_labels(self, screen: pygame.Surface, camera: Camera, ordered: Sequence[ResidentPose],
                     selected: str | None, hover_pos: tuple[int, int] | None) -> None:
        view = screen.get_rect()
        rects = self._screen_rects
        hovered = self._sprite_at(hover_pos) if hover_pos is not None else None
        by_name: dict[str, ResidentPose] = {}
        for pose in ordered:
            rect = rects[pose.name]
            if rect.inflate(rect.width * 4, rect.height * 2).colliderect(view):
                by_name[pose.name] = pose
        important = [name for name in dict.fromkeys((selected, hovered)) if name in by_name]
        first_names = camera.zoom < 1.0
        name_label, bubble_of = self.labels.name_label, self.labels.bubble
        surfaces: dict[tuple[str, str], pygame.Surface] = {}
        head: list[LabelRequest] = []
        names: list[LabelRequest] = []
        bubbles: list[LabelRequest] = []
        for pose in [by_name[name] for name in important] + [p for p in by_name.values() if p.name not in important]:
            name = pose.name
            rect = rects[name]
            detailed = name in important
            label = name_label(name.split()[0] if first_names else name)
            width, height = label.get_size()
            surfaces[("name", name)] = label
            (head if detailed else names).append(
                LabelRequest(name, "name", (rect.centerx - width // 2, rect.bottom + 1, width, height), 1))
            if pose.emoji or (detailed and pose.activity):
                bubble = bubble_of(pose.emoji, pose.activity if detailed else "")
                if bubble is not None:
                    width, height = bubble.get_size()
                    surfaces[("bubble", name)] = bubble
                    (head if detailed else bubbles).append(
                        LabelRequest(name, "bubble", (rect.centerx - width // 2, rect.top - height, width, height), -1))
        head.sort(key=lambda request: request.kind != "name")  # the important names, then their bubbles
        self.layout = layout_labels(head + names + bubbles, self._badge_size)
        blit = screen.blit
        for kind, box, box_names in self.layout.boxes:
            if kind == "badge":
                blit(self.labels.badge(f"+{len(box_names)}"), box)
                continue
            blit(surfaces[(kind, box_names[0])], box)
            if kind == "name" and box_names[0] == selected:
                pygame.draw.rect(screen, SELECTION_COLOUR, pygame.Rect(box).inflate(2, 0), 1)
        self._draw_expanded(screen, by_name, hover_pos)

    def _draw_expanded(self, screen: pygame.Surface, by_name: dict[str, ResidentPose],
                       hover_pos: tuple[int, int] | None) -> None:
        """The list of names behind the badge under the mouse (kept open while the mouse is on it)."""
        previous = self.expanded
        self.expanded = None
        if hover_pos is not None:
            for badge in self.layout.badges():
                if pygame.Rect(badge.rect).collidepoint(hover_pos):
                    self.expanded = badge
                    break
            if (self.expanded is None and previous is not None and self.expanded_rect is not None
                    and self.expanded_rect.collidepoint(hover_pos)):
                self.expanded = next((b for b in self.layout.badges() if b.names == previous.names), None)
        self.expanded_rect, self._list_rows = None, []
        if self.expanded is None:
            return
        rows = [(name, by_name[name].emoji if name in by_name else "") for name in self.expanded.names]
        panel = self.labels.name_list(rows)
        badge = pygame.Rect(self.expanded.rect)
        place = panel.get_rect(topleft=(badge.right + 2, badge.top))
        if place.right > screen.get_width():
            place.right = badge.left - 2
        place.clamp_ip(screen.get_rect())
        # the list overlaps the badge's right edge by a pixel so the mouse can move onto it
        self.expanded_rect = place.union(badge)
        screen.blit(panel, place)
        self._list_rows = [(name, pygame.Rect(place.left, place.top + 3 + index * self.labels.row_height_px(),
                                              place.width, self.labels.row_height_px()))
                           for index, (name, _) in enumerate(rows)]

    def expanded_names(self) -> tuple[str, ...]:
        """The names listed by the badge that is open now (empty when none is)."""
        return self.expanded.names if self.expanded is not None else ()

    # -- hit tests ------------------------------------------------------------------------------

    def _sprite_at(self, point_screen_px: tuple[int, int]) -> str | None:
        hits = [(rect.bottom, name) for name, rect in self._screen_rects.items() if rect.collidepoint(point_screen_px)]
        return max(hits)[1] if hits else None

    def resident_at(self, point_screen_px: tuple[int, int]) -> str | None:
        """The resident drawn at a screen point: a row of the open badge list, a name label, else
        the sprite (the nearest one when sprites overlap)."""
        if self.expanded is not None:
            for name, row in self._list_rows:
                if row.collidepoint(point_screen_px):
                    return name
        for box in self.layout.of_kind("name"):
            if pygame.Rect(box.rect).collidepoint(point_screen_px):
                return box.names[0]
        return self._sprite_at(point_screen_px)

    def screen_rect_of(self, name: str) -> pygame.Rect | None:
        return self._screen_rects.get(name)
