"""Typed moments of a recording: steps, clock times, weekdays, full dates; bad text explained."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from agents.views.game_time_query import GameMoment, GameTimeQueryError, parse_game_moment

FIRST_DAY = date(2023, 2, 13)  # a Monday
TODAY = date(2023, 2, 14)


@pytest.mark.parametrize(("text", "expected"), [
    ("1234", GameMoment(step=1234)),
    ("14:30", GameMoment(time=datetime(2023, 2, 14, 14, 30))),
    (" 9:05:10 ", GameMoment(time=datetime(2023, 2, 14, 9, 5, 10))),
    ("Mon 09:00", GameMoment(time=datetime(2023, 2, 13, 9, 0))),
    ("wednesday 7:15", GameMoment(time=datetime(2023, 2, 15, 7, 15))),
    ("SUN 23:59", GameMoment(time=datetime(2023, 2, 19, 23, 59))),
    ("2023-02-16 08:00", GameMoment(time=datetime(2023, 2, 16, 8, 0))),
    ("2023-02-16T08:00:30", GameMoment(time=datetime(2023, 2, 16, 8, 0, 30))),
])
def test_moments_are_read(text: str, expected: GameMoment) -> None:
    assert parse_game_moment(text, first_day=FIRST_DAY, today=TODAY) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("", "nothing typed"),
    ("noon", "'noon' is not a moment"),
    ("25:00", "not a time of day"),
    ("Funday 09:00", "is not a moment"),
    ("2023-13-01 09:00", "is not a moment"),
    ("-5", "is not a moment"),
])
def test_bad_moments_say_what_is_accepted(text: str, words: str) -> None:
    with pytest.raises(GameTimeQueryError) as raised:
        parse_game_moment(text, first_day=FIRST_DAY, today=TODAY)
    assert words in str(raised.value)
