"""The replay's clock: playing at a speed, stopping at the end, seeking, stepping, growing."""

from __future__ import annotations

import pytest

from game.scenes.replay_clock import REPLAY_SPEEDS_STEPS_PER_SECOND, ReplayClock, replay_speed_label


def test_playing_advances_by_speed_times_seconds() -> None:
    clock = ReplayClock(0, 1000)
    clock.set_speed_index(REPLAY_SPEEDS_STEPS_PER_SECOND.index(64))
    clock.tick(0.5)
    assert clock.step == 0  # paused: nothing moves
    clock.toggle_play()
    for _ in range(30):
        clock.tick(1 / 60)
    assert clock.step == 32
    assert clock.walk_progress == 1.0  # too fast to walk between tiles


def test_slow_play_walks_between_tiles() -> None:
    clock = ReplayClock(0, 100, speed_index=REPLAY_SPEEDS_STEPS_PER_SECOND.index(2))
    clock.toggle_play()
    clock.tick(0.25)
    assert clock.step == 0 and clock.walk_progress == pytest.approx(0.5)


def test_it_stops_at_the_end_and_plays_again_from_the_start() -> None:
    clock = ReplayClock(10, 20, speed_index=REPLAY_SPEEDS_STEPS_PER_SECOND.index(8))
    clock.toggle_play()
    for _ in range(20):
        clock.tick(0.2)
    assert clock.step == 20 and not clock.playing and clock.at_end
    clock.toggle_play()
    assert clock.playing and clock.step == 10


def test_seeking_and_stepping_stay_inside_the_recording() -> None:
    clock = ReplayClock(5, 50, start_step=30)
    assert clock.step == 30
    clock.seek(500)
    assert clock.step == 50
    clock.seek(-3)
    assert clock.step == 5
    clock.toggle_play()
    clock.step_by(1)
    assert clock.step == 6 and not clock.playing  # stepping pauses
    clock.step_by(-1)
    clock.step_by(-1)
    assert clock.step == 5


def test_as_fast_as_possible_moves_by_whole_steps() -> None:
    clock = ReplayClock(0, 10, speed_index=len(REPLAY_SPEEDS_STEPS_PER_SECOND) - 1)
    assert clock.steps_per_second is None and clock.speed_label == "as fast as possible"
    clock.toggle_play()
    clock.tick(1.0)
    assert clock.step == 0  # the scene advances it, by frames read
    for _ in range(12):
        clock.advance_steps(1)
    assert clock.step == 10 and not clock.playing


def test_a_growing_recording_extends_the_range() -> None:
    clock = ReplayClock(0, 10, start_step=10)
    clock.set_bounds(0, 40)
    clock.toggle_play()
    clock.set_speed_index(REPLAY_SPEEDS_STEPS_PER_SECOND.index(16))
    clock.tick(0.25)
    assert clock.step == 14


def test_speed_labels() -> None:
    assert replay_speed_label(1) == "1 step/s"
    assert replay_speed_label(64) == "64 steps/s"
    with pytest.raises(ValueError, match="comes before"):
        ReplayClock(5, 4)
