"""Crowds, labels and bubbles: names of residents on one tile are stacked or collapsed into "+N"
(which the mouse expands), bubbles wrap only between words, and every emoji the offline model and
the prompts use is drawn as a picture from the shipped font, not as a word or a box."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pygame
import pytest

from agents.world.world_folder import load_world_folder
from game.render.camera import Camera
from game.render.emoji_font import EmojiPainter, emoji_clusters, emoji_font_path
from game.render.map_renderer import MapRenderer
from game.render.resident_layer import STACK_LIMIT, LabelLayout, ResidentLayer
from game.render.resident_pose import Facing, ResidentPose
from game.render.text_labels import ELLIPSIS, TextLabels, wrap_words
from game.scenes.play_scene import PlayScene

REPO = Path(__file__).resolve().parents[2]
EMOJI_SOURCES = ("agents/llm/offline", "agents/prompts/templates", "agents/cognition")
EMOJI_PATTERN = re.compile("[\U0001F000-\U0001FAFF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF][\uFE0F\u200D]*")
LONG_ACTIVITY = ("having a long conversation about the upcoming Valentine's Day party at Hobbs Cafe with "
                 "Klaus Mueller and Maria Lopez while drinking coffee")


def _assert_no_overlap(layout: LabelLayout) -> None:
    rects = [(box.kind, box.names, pygame.Rect(box.rect)) for box in layout.boxes]
    for (kind_a, names_a, a), (kind_b, names_b, b) in itertools.combinations(rects, 2):
        assert not a.colliderect(b), f"{kind_a} {names_a} {a} overlaps {kind_b} {names_b} {b}"


def _crowd(display: pygame.Surface, drawable_world: Path) -> tuple[ResidentLayer, Camera, list[ResidentPose]]:
    world = load_world_folder(drawable_world)
    personas = world.load_scenario(world.scenario_names()[0]).personas
    renderer = MapRenderer(world.map_path)
    tile_px = renderer.tile_size_px
    camera = Camera(map_size_px=renderer.map_size_px, viewport_size_px=display.get_size())
    tile = personas[0].spawn_tile
    camera.center_on((tile[0] + 0.5) * tile_px, (tile[1] + 0.5) * tile_px)
    names = [f"Resident Number {index}" for index in range(6)]
    layer = ResidentLayer({name: world.sprite_path(personas[0].name) for name in names}, tile_px)
    poses = [ResidentPose(name, tile, tile, 1.0, Facing.DOWN, "\u2615") for name in names]
    return layer, camera, poses


def test_six_residents_on_one_tile_are_stacked_then_collapsed(display: pygame.Surface, drawable_world: Path) -> None:
    layer, camera, poses = _crowd(display, drawable_world)
    everyone = {pose.name for pose in poses}
    layer.draw(display, camera, poses, None)
    layout = layer.layout
    _assert_no_overlap(layout)
    shown = {box.names[0] for box in layout.of_kind("name")}
    badges = layout.badges()
    assert len(shown) == STACK_LIMIT and len(badges) == 1
    assert set(badges[0].names) == everyone - shown and len(badges[0].names) == len(poses) - STACK_LIMIT
    # the same frame lays out the same way
    layer.draw(display, camera, poses, None)
    assert layer.layout == layout
    # the selected resident's label is always drawn, even one that was collapsed
    collapsed_one = badges[0].names[-1]
    layer.draw(display, camera, poses, collapsed_one)
    _assert_no_overlap(layer.layout)
    assert collapsed_one in {box.names[0] for box in layer.layout.of_kind("name")}
    assert collapsed_one not in layer.layout.collapsed_names()


def test_hovering_the_badge_lists_the_collapsed_names(display: pygame.Surface, drawable_world: Path) -> None:
    layer, camera, poses = _crowd(display, drawable_world)
    layer.draw(display, camera, poses, None)
    before = pygame.surfarray.array3d(display).copy()
    assert layer.expanded_names() == ()
    badge = layer.layout.badges()[0]
    layer.draw(display, camera, poses, None, hover_pos=pygame.Rect(badge.rect).center)
    assert layer.expanded_names() == badge.names
    assert layer.expanded_rect is not None
    changed = np.argwhere((pygame.surfarray.array3d(display) != before).any(axis=2))
    assert len(changed) > 200, "the expanded list drew almost nothing"
    # the mouse can move from the badge onto the list without it closing, and a click there selects
    inside = (layer.expanded_rect.right - 6, layer.expanded_rect.bottom - 6)
    layer.hover_pos = inside
    layer.draw(display, camera, poses, None)
    assert layer.expanded_names() == badge.names
    assert layer.resident_at(inside) == badge.names[-1]
    layer.hover_pos = (0, 0)
    layer.draw(display, camera, poses, None)
    assert layer.expanded_names() == ()


def test_labels_of_a_crowded_town_never_overlap(display: pygame.Surface, drawable_world: Path) -> None:
    world = load_world_folder(drawable_world)
    names = world.scenario_names()
    scenario = world.load_scenario("twenty-five" if "twenty-five" in names else names[0])
    scene = PlayScene(world, scenario, display.get_size())
    x0, y0 = scenario.personas[0].spawn_tile
    near = [(x0, y0), (x0 + 1, y0), (x0, y0 + 1), (x0 + 1, y0 + 1), (x0 + 2, y0)]
    poses = [ResidentPose(p.name, near[i % len(near)] if i < 15 else p.spawn_tile,
                          near[i % len(near)] if i < 15 else p.spawn_tile, 1.0, Facing.DOWN,
                          ("\u2615", "\U0001f4da", "\U0001f4ac", "")[i % 4], LONG_ACTIVITY)
             for i, p in enumerate(scenario.personas)]
    scene.set_poses(poses)
    scene.selected = scenario.personas[min(14, len(poses) - 1)].name  # in the crowd, last to be placed
    tile = scene.map_renderer.tile_size_px
    scene.camera.center_on((x0 + 0.5) * tile, (y0 + 0.5) * tile)
    for zoom_index in (0, 4, 8):
        scene.camera.zoom_index = zoom_index
        scene.camera.center_on((x0 + 0.5) * tile, (y0 + 0.5) * tile)
        scene.draw(display)
        _assert_no_overlap(scene.residents.layout)
        drawn = {box.names[0] for box in scene.residents.layout.of_kind("name")}
        assert scene.selected in drawn
        if len(poses) > 2 * STACK_LIMIT + 3:
            assert scene.residents.layout.badges(), "the crowd was not collapsed"


def test_a_long_bubble_wraps_only_between_words() -> None:
    pygame.font.init()
    font = pygame.font.Font(None, 18)
    words = LONG_ACTIVITY.split()
    lines = wrap_words(LONG_ACTIVITY, font, 150, 3)
    assert len(lines) == 3 and lines[-1].endswith(ELLIPSIS)
    assert all(font.size(line)[0] <= 150 for line in lines)
    shown = " ".join(lines).removesuffix(ELLIPSIS).split()
    assert shown == words[:len(shown)], "a line was cut inside a word"
    assert len(shown) < len(words)
    everything = wrap_words(LONG_ACTIVITY, font, 150, 20)
    assert " ".join(everything).split() == words and not everything[-1].endswith(ELLIPSIS)
    assert wrap_words("reading", font, 150, 2) == ["reading"]
    assert wrap_words("   ", font, 150, 2) == []


def test_only_a_word_wider_than_the_line_is_broken() -> None:
    pygame.font.init()
    font = pygame.font.Font(None, 18)
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    lines = wrap_words(f"a {word} b", font, 80, 10)
    assert lines[0] == "a" and lines[-1].endswith("b")
    assert "".join(lines[1:]).removesuffix(" b").removesuffix("b") == word
    assert all(font.size(line)[0] <= 80 for line in lines)


def test_bubble_with_text_stays_within_its_width() -> None:
    pygame.font.init()
    labels = TextLabels()
    plain = labels.bubble("\u2615")
    detailed = labels.bubble("\u2615", LONG_ACTIVITY, max_width_px=160, max_lines=3)
    assert plain is not None and detailed is not None
    assert detailed.get_height() > plain.get_height()
    assert detailed.get_width() <= 160 + plain.get_width() + 4
    assert labels.bubble("", "") is None


def _source_emoji() -> set[str]:
    found: set[str] = set()
    for folder in EMOJI_SOURCES:
        for path in (REPO / folder).rglob("*"):
            if path.suffix in (".py", ".txt"):
                found.update(match.group(0) for match in EMOJI_PATTERN.finditer(path.read_text(encoding="utf-8")))
    return found


def _opaque_pixels(surface: pygame.Surface) -> int:
    return int((pygame.surfarray.array_alpha(surface) > 0).sum())


def test_every_emoji_of_the_offline_model_and_prompts_is_a_picture() -> None:
    pygame.font.init()
    assert emoji_font_path().is_file() and (emoji_font_path().parent / "OFL.txt").is_file()
    painter = EmojiPainter(18)
    found = _source_emoji()
    assert {"\u2615", "\U0001f634", "\U0001f4ac", "\U0001f642"} <= found and len(found) >= 15, found
    fallback = pygame.image.tobytes(painter.fallback(), "RGBA")
    for emoji in sorted(found):
        assert painter.drawable_part(emoji), f"the font lacks {emoji!r}"
        picture = painter.picture(emoji)
        assert _opaque_pixels(picture) > 20, f"{emoji!r} drew (almost) nothing"
        assert pygame.image.tobytes(picture, "RGBA") != fallback, f"{emoji!r} fell back to the neutral icon"
    # a ZWJ sequence, a flag and a skin tone are one picture each; any emoji a model answers works
    for emoji in ("\U0001f469\u200d\U0001f373", "\U0001f1eb\U0001f1f7", "\U0001f44b\U0001f3fd", "\U0001fae0"):
        assert len(emoji_clusters(emoji)) == 1 and painter.drawable_part(emoji) == emoji
        assert pygame.image.tobytes(painter.picture(emoji), "RGBA") != fallback


@pytest.mark.parametrize("answer", ["coffee", "", "\U0010fffd", "42"])
def test_a_word_or_unknown_emoji_shows_the_neutral_icon(answer: str) -> None:
    pygame.font.init()
    painter = EmojiPainter(18)
    picture = painter.picture(answer)
    assert pygame.image.tobytes(picture, "RGBA") == pygame.image.tobytes(painter.fallback(), "RGBA")
    assert _opaque_pixels(picture) > 20


def test_mixed_answers_keep_their_emoji_and_drop_the_words() -> None:
    pygame.font.init()
    painter = EmojiPainter(18)
    assert painter.drawable_part("coffee \u2615 and \U0001f4da books \U0001f3a8") == "\u2615\U0001f4da"


def test_the_app_bundle_ships_the_emoji_font_and_its_licence() -> None:
    spec = (REPO / "build.spec").read_text(encoding="utf-8")
    assert 'datas = [(str(ROOT / "assets"), "assets")]' in spec, "build.spec no longer bundles assets/ whole"
    markers = re.search(r"CJK_FONT_MARKERS = \(([^)]*)\)", spec)
    assert markers is not None
    font = emoji_font_path()
    assert font.parent == REPO / "assets" / "fonts"
    assert not any(marker.strip(' "') in font.name for marker in markers.group(1).split(","))
    assert "SIL OPEN FONT LICENSE Version 1.1" in (font.parent / "OFL.txt").read_text(encoding="utf-8")


def test_the_hovered_resident_bubble_tells_the_activity(display: pygame.Surface, drawable_world: Path) -> None:
    layer, camera, poses = _crowd(display, drawable_world)
    alone = [ResidentPose(poses[0].name, poses[0].to_tile, poses[0].to_tile, 1.0, Facing.DOWN, "\u2615",
                          "drinking coffee at the counter")]
    layer.draw(display, camera, alone, None)
    plain = layer.layout.of_kind("bubble")[0]
    sprite = layer.screen_rect_of(alone[0].name)
    assert sprite is not None
    layer.draw(display, camera, alone, None, hover_pos=sprite.center)
    detailed = layer.layout.of_kind("bubble")[0]
    assert detailed.rect[2] > plain.rect[2] + 40 and detailed.rect[1] + detailed.rect[3] <= sprite.top + 1
    assert layer.resident_at(sprite.center) == alone[0].name
