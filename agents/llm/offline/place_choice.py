"""Offline answer for ``action_place``: where an activity happens, with emoji, event triple, object state.

The place is always one the agent knows (``spatial_memory``): a sector the activity (or its parent
block) names; else a distinctive arena it names (``library``); else home for home things (sleep,
bathroom, cooking, relaxing) and as the default. Inside the home, bathroom tasks go to a bathroom (the
agent's own, or by pronoun ``man's``/``woman's``), cooking to a room with kitchen objects, the rest to
the agent's own room; other people's private rooms are avoided. The object is the one whose name best
fits the activity's keywords (bed for sleeping, behind the counter for working a counter, ...).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from agents.llm.offline.known_places import KnownPlaces
from agents.llm.offline.persona_facts import PersonaFacts

_HOME_WORDS = (
    "sleep",
    "nap",
    "bed",
    "morning routine",
    "waking up",
    "shower",
    "bath",
    "toilet",
    "brush",
    "dress",
    "at home",
    "home",
    "pajamas",
    "relax",
    "tidy",
    "make the bed",
    "making the bed",
)
_BATHROOM_WORDS = (
    "morning routine",
    "shower",
    "bath",
    "toilet",
    "brush",
    "wash",
    "bathroom",
    "teeth",
    "combing",
)
_KITCHEN_WORDS = (
    "cook",
    "breakfast",
    "lunch",
    "dinner",
    "meal",
    "eat",
    "kitchen",
    "dishes",
    "coffee",
    "tea\\b",
    "snack",
)

# (activity keywords, object keywords in order of preference)
_OBJECT_AFFINITY: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("sleep", "nap", "bed", "pajamas", "lights"), ("bed",)),
    (("shower", "bath"), ("shower", "bathroom sink")),
    (("toilet", "bathroom"), ("toilet", "bathroom sink")),
    (("brush", "teeth", "wash", "combing"), ("bathroom sink", "sink")),
    (("dress", "clothes"), ("closet", "wardrobe")),
    (
        ("serv", "counter", "customer", "restock", "open", "cashier", "tend"),
        ("behind the", "counter", "shelf"),
    ),
    (("prepar", "cook"), ("cooking area", "stove", "kitchen", "toaster", "refrigerator")),
    (
        ("breakfast", "lunch", "dinner", "meal", "eat", "snack"),
        ("dining table", "kitchen table", "table", "customer seating", "sofa", "desk", "cooking area"),
    ),
    (("dishes", "clean"), ("kitchen sink", "sink")),
    (
        ("coffee", "tea\\b", "drink", "sipping", "order"),
        ("customer seating", "table", "cooking area", "refrigerator"),
    ),
    (("lectur", "teach", "grading"), ("podium", "blackboard", "desk")),
    (("class", "lecture", "professor", "classmates"), ("student seating", "classroom", "table")),
    (
        ("study", "read", "writ", "homework", "notes", "book", "research"),
        ("desk", "library table", "bookshelf", "sofa", "table"),
    ),
    (("paint", "brush", "easel", "colors"), ("easel", "desk")),
    (("music", "guitar", "piano", "song", "compos"), ("piano", "guitar", "microphone")),
    (("stream", "game", "computer", "viewers", "program", "project"), ("computer", "game console", "desk")),
    (("exercis", "lift", "workout"), ("lifting weight",)),
    (("walk", "stroll", "garden", "scenery", "bench", "park"), ("park garden", "garden")),
    (("relax", "chat", "talk", "friends", "tv", "rest"), ("sofa", "customer seating", "table", "bed")),
    (("shop", "buy", "grocer", "suppl"), ("shelf", "counter")),
    (("work", "project", "artist", "poet", "philosoph", "think"), ("desk", "computer", "easel", "table")),
    (("routine", "getting ready", "waking"), ("bathroom sink", "closet", "shower")),
)

_EMOJI: tuple[tuple[tuple[str, ...], str], ...] = (
    (("sleep", "nap", "bed"), "😴"),
    (("shower", "bath"), "🚿"),
    (("brush", "teeth"), "🪥"),
    (("breakfast", "lunch", "dinner", "eat", "meal", "snack"), "🍽️"),
    (("cook", "prepar"), "🍳"),
    (("coffee", "tea\\b"), "☕"),
    (("drink", "bar", "pub"), "🍺"),
    (("teach", "lectur", "class"), "🏫"),
    (("study", "read", "book", "notes"), "📚"),
    (("writ",), "✍️"),
    (("paint", "draw", "art"), "🎨"),
    (("music", "guitar", "piano", "song"), "🎵"),
    (("stream", "game", "computer"), "💻"),
    (("walk", "stroll", "park", "garden"), "🚶"),
    (("exercis", "run", "lift"), "🏃"),
    (("counter", "serv", "customer", "shop", "store", "work"), "💼"),
    (("chat", "talk", "party", "convers"), "💬"),
    (("dress", "closet"), "👕"),
)

_OBJECT_STATES: tuple[tuple[str, str], ...] = (
    ("bed", "being slept in"),
    ("shower", "running"),
    ("sink", "in use"),
    ("toilet", "occupied"),
    ("cooking area", "being used to cook"),
    ("refrigerator", "opened"),
    ("behind the", "staffed"),
    ("seating", "occupied"),
    ("desk", "being worked at"),
    ("table", "occupied"),
    ("easel", "holding a painting in progress"),
    ("piano", "being played"),
    ("guitar", "being played"),
    ("computer", "turned on"),
    ("closet", "open"),
    ("garden", "being enjoyed"),
)


def _has(text: str, words: tuple[str, ...]) -> bool:
    """Whether a word of ``text`` starts with one of ``words`` (``"tea\\b"`` style endings allowed)."""
    return any(re.search(rf"\b{word}", text) for word in words)


def _home_arena(places: KnownPlaces, facts: PersonaFacts, activity: str) -> str:
    sector = places.home_sector
    arenas = places.arenas_with_objects(sector)
    own_or_shared = [
        arena for arena in arenas if not places.is_someone_elses_room(arena, facts.name)
    ] or arenas
    with_bed = [
        arena
        for arena in arenas
        if any("bed" == item or item.endswith(" bed") for item in places.tree[sector][arena])
    ]
    living_choices = (
        [places.home_arena] if places.home_arena in arenas else [],
        [arena for arena in own_or_shared if arena in with_bed],
        with_bed,
        own_or_shared,
    )
    living = next((choice[0] for choice in living_choices if choice), "")
    folded = activity.casefold()
    if _has(folded, _BATHROOM_WORDS) and not _has(folded, ("dishes",)):
        bathrooms = [arena for arena in own_or_shared if "bath" in arena.casefold()]
        gendered = {"she": "woman", "he": "man"}.get(facts.pronoun)
        mine = [arena for arena in bathrooms if facts.first_name.casefold() in arena.casefold()]
        by_gender = [arena for arena in bathrooms if gendered and arena.casefold().startswith(gendered + "'")]
        for choice in (mine, by_gender, [arena for arena in bathrooms if "'" not in arena], bathrooms):
            if choice:
                return choice[0]
    if _has(folded, _KITCHEN_WORDS):
        kitchens = [
            arena
            for arena in own_or_shared
            if any(
                food in item
                for item in places.tree[sector][arena]
                for food in ("cooking", "refrigerator", "toaster")
            )
        ]
        if living in kitchens:
            return living
        if kitchens:
            return kitchens[0]
        tables = [
            arena for arena in own_or_shared if any("table" in item for item in places.tree[sector][arena])
        ]
        if tables:
            return tables[0]
    return living


_OUT_OF_HOME_PREFERENCE = ("customer seating", "seating", "table", "sofa", "garden")


def _choose_object(objects: tuple[str, ...], activity: str, parent_activity: str, *, at_home: bool) -> str:
    folded = activity.casefold()
    staff = _has(
        f"{folded} {parent_activity.casefold()}",
        ("serv", "counter", "work", "cook", "prepar", "restock", "tend", "open"),
    )
    visitor_words = (
        "eat",
        "breakfast",
        "lunch",
        "dinner",
        "meal",
        "coffee",
        "tea\\b",
        "drink",
        "relax",
        "spend",
        "chat",
        "sit",
        "wait",
        "order",
    )
    if not at_home and not staff and _has(folded, visitor_words):
        # A visitor eats, drinks and relaxes where customers sit, not in the kitchen.
        for word in _OUT_OF_HOME_PREFERENCE:
            for item in objects:
                if word in item.casefold():
                    return item
    if staff and not _has(folded, ("cook", "prepar", "dishes", "clean", "restock", "shelf")):
        for item in objects:
            if item.casefold().startswith("behind the"):
                return item
    for text in (folded, parent_activity.casefold()):
        for activity_words, object_words in _OBJECT_AFFINITY:
            if not _has(text, activity_words):
                continue
            for object_word in object_words:
                for item in objects:
                    if object_word in item.casefold():
                        return item
    if not at_home:
        for word in _OUT_OF_HOME_PREFERENCE:
            for item in objects:
                if word in item.casefold():
                    return item
    return objects[0]


def choose_place(context: Mapping[str, object]) -> tuple[str, str, str]:
    """(sector, arena, game_object) from the agent's known places; raises ValueError if it knows none."""
    facts = PersonaFacts.from_context(context)
    places = KnownPlaces.from_context(context)
    activity = str(context.get("activity", ""))
    parent = str(context.get("parent_activity", ""))
    usable = [sector for sector in places.sectors() if places.arenas_with_objects(sector)]
    if not usable:
        raise ValueError("the agent knows no place with objects")
    both = f"{activity} {parent}"
    sector: str | None = None
    arena: str | None = None
    for text in (activity, parent):
        named = places.sector_named_in(text)
        if named is not None and named[0] in usable:
            sector = named[0]
            break
    if sector is None:
        for text in (activity, parent):
            distinctive = places.distinctive_arena_named_in(text, facts.name)
            if distinctive is not None and distinctive[1] in places.arenas_with_objects(distinctive[0]):
                sector, arena = distinctive
                break
    if sector is None:
        home_usable = places.home_sector in usable
        sector = places.home_sector if home_usable else usable[0]
    if arena is None:
        if sector == places.home_sector:
            arena = _home_arena(
                places, facts, activity if _has(activity.casefold(), _HOME_WORDS + _KITCHEN_WORDS) else both
            )
        else:
            arena = places.arena_named_in(both, sector)
            if arena is None or not places.tree[sector][arena]:
                candidates = [
                    a
                    for a in places.arenas_with_objects(sector)
                    if not places.is_someone_elses_room(a, facts.name)
                ]
                candidates = candidates or places.arenas_with_objects(sector)
                scored = sorted(
                    candidates,
                    key=lambda a: (
                        -sum(
                            _has(both.casefold(), words)
                            and any(w in o for w in obj for o in places.tree[sector][a])
                            for words, obj in _OBJECT_AFFINITY
                        )
                    ),
                )
                arena = scored[0]
    if not arena or not places.tree.get(sector, {}).get(arena):
        arena = places.arenas_with_objects(sector)[0]
    game_object = _choose_object(
        places.tree[sector][arena], activity, parent, at_home=sector == places.home_sector
    )
    return sector, arena, game_object


def emoji_for(activity: str) -> str:
    folded = activity.casefold()
    for words, emoji in _EMOJI:
        if _has(folded, words):
            return emoji
    return "🙂"


def object_state(game_object: str, activity: str) -> str:
    folded = game_object.casefold()
    for word, state in _OBJECT_STATES:
        if word in folded:
            if word == "bed" and "sleep" not in activity.casefold() and "nap" not in activity.casefold():
                return "being used"
            return state
    return "being used"


def event_triple(subject: str, activity: str) -> dict[str, str]:
    words = re.sub(r"\s+", " ", activity.strip()).split(" ")
    if len(words) > 1 and words[0].casefold().endswith("ing"):
        return {"subject": subject, "predicate": words[0].casefold(), "object": " ".join(words[1:])}
    return {"subject": subject, "predicate": "is", "object": activity.strip() or "idle"}


def answer_action_place(context: Mapping[str, object]) -> dict[str, object]:
    sector, arena, game_object = choose_place(context)
    activity = str(context.get("activity", "")) or str(context.get("parent_activity", "")) or "idle"
    name = PersonaFacts.from_context(context).name
    return {
        "sector": sector,
        "arena": arena,
        "game_object": game_object,
        "emoji": emoji_for(f"{activity} {context.get('parent_activity', '')}"),
        "event": event_triple(name, activity),
        "object_state": object_state(game_object, activity),
    }
