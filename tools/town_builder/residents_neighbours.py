"""The neighbours of the families: Tamara Taylor and Carmen Ortiz, who share a house, Yuriko
Yamamoto and Adam Smith (facts from the paper's town, told in our own words)."""

from __future__ import annotations

from tools.town_builder.residents_model import TAYLOR_ORTIZ_HOUSE, TOWN_CENTRE, Resident, place

_TAYLOR_ORTIZ_SHARED: tuple[str, ...] = tuple(place(TAYLOR_ORTIZ_HOUSE, arena) for arena in (
    "common room", "kitchen", "bathroom", "garden"))
_TAMARAS_ROOM = place(TAYLOR_ORTIZ_HOUSE, "Tamara Taylor's room")
_CARMENS_ROOM = place(TAYLOR_ORTIZ_HOUSE, "Carmen Ortiz's room")


def _house(sector: str) -> tuple[str, str]:
    """The main room and the bathroom of a one-person house."""
    return place(sector, "main room"), place(sector, "bathroom")


TAMARA_TAYLOR = Resident(
    first_name="Tamara", last_name="Taylor", age=30,
    innate="imaginative, patient, kind",
    learned=("Tamara Taylor writes children's books and loves inventing stories that fire young "
             "readers' imaginations; she brings patience and kindness to her work."),
    currently=("Tamara Taylor shares a house with Carmen Ortiz. She is writing a new series of "
               "children's books and, alongside it, a comic book series for grown-ups."),
    lifestyle="Tamara Taylor goes to bed around 10pm, wakes up around 6am, and eats dinner around 6pm.",
    daily_plan_req=("Tamara Taylor writes at the desk in her room in the morning, takes her drafts to "
                    "Hobbs Cafe in the afternoon, and sketches comic pages at home in the evening."),
    living_area="the Ville:Tamara Taylor and Carmen Ortiz's house:Tamara Taylor's room",
    known_places=(_TAMARAS_ROOM, _CARMENS_ROOM, *_TAYLOR_ORTIZ_SHARED, *TOWN_CENTRE),
    whispers=(
        "You have just moved to town",
        "Carmen Ortiz is your housemate",
        ("Since you have only just arrived, you hardly know anyone in town yet, but you look forward to "
        "meeting people"),
    ),
)

CARMEN_ORTIZ = Resident(
    first_name="Carmen", last_name="Ortiz", age=33,
    innate="friendly, outgoing, helpful",
    learned=("Carmen Ortiz keeps shop at Harvey Oak Supply Store and loves helping people find the "
             "supplies they are after; she always thinks of ways to make her customers feel at "
             "home."),
    currently=("Carmen Ortiz runs Harvey Oak Supply Store and shares her house with Tamara Taylor. "
               "Bringing the shop online keeps her busy too."),
    lifestyle="Carmen Ortiz goes to bed around 11pm, wakes up around 7am, and eats dinner around 8pm.",
    daily_plan_req=("Carmen Ortiz unlocks Harvey Oak Supply Store at 8am and works behind its counter "
                    "until she closes at 6pm; afterwards she likes to unwind at The Rose and Crown Pub."),
    living_area="the Ville:Tamara Taylor and Carmen Ortiz's house:Carmen Ortiz's room",
    known_places=(_CARMENS_ROOM, _TAMARAS_ROOM, *_TAYLOR_ORTIZ_SHARED, *TOWN_CENTRE),
    whispers=(
        "You are a little curious about who will stand in the upcoming local mayoral election",
        "Tamara Taylor, your housemate, has just moved in",
        "Tamara Taylor is new in town and does not know many people yet",
        ("Yuriko Yamamoto has been your neighbour for a few years, and you sometimes chat with her about the "
        "local election"),
        "Sam Moore and Jennifer Moore, the elderly couple next door, have been your neighbours for a few years",
        "Tom Moreno and Jane Moreno, a couple on the next block, have been your acquaintances for a few years",
        "You are a regular at Hobbs Cafe",
        "You have known Arthur Burton, the bartender, for a few years",
        "You have known Isabella Rodriguez, who owns Hobbs Cafe, for a few years",
    ),
)

YURIKO_YAMAMOTO = Resident(
    first_name="Yuriko", last_name="Yamamoto", age=28,
    innate="organized, reliable, detail-oriented",
    learned=("Yuriko Yamamoto practises tax law and enjoys guiding people through the maze of tax "
             "rules; she is meticulous and well organised in her work."),
    currently=("Yuriko Yamamoto is handling a tax compliance project for a local business and takes "
               "classes to keep up with changes in tax law. She also wonders who will stand in next "
               "month's local mayoral election."),
    lifestyle="Yuriko Yamamoto goes to bed around 11pm, wakes up around 7am, and eats dinner around 6pm.",
    daily_plan_req=("Yuriko Yamamoto works on her clients' tax files at the desk in her house from 9am "
                    "to 5pm, takes a walk in Johnson Park at lunchtime, and sometimes meets neighbours "
                    "at The Rose and Crown Pub in the evening."),
    living_area="the Ville:Yuriko Yamamoto's house:main room",
    known_places=(*_house("Yuriko Yamamoto's house"), *TOWN_CENTRE),
    whispers=(
        "You enjoy talking about politics and the local election",
        ("Adam Smith, your neighbour, has been a friend for a few years, and you sometimes chat about the "
        "local election"),
        "Sam Moore and Jennifer Moore, the elderly couple next door, have been your neighbours for a few years",
        "You and Sam Moore are fairly close",
        "Carmen Ortiz has been your neighbour for about a year",
        "Tom Moreno and Jane Moreno, a couple on the next block, have been your acquaintances for a few years",
        "You find Tom Moreno a bit too aggressive and opinionated",
        "You have known Arthur Burton, the bartender, for a few years",
        ("A few years ago you helped the Lin family, John Lin, Mei Lin and their son Eddy Lin, with a legal "
        "matter, and you have known them since"),
    ),
)

ADAM_SMITH = Resident(
    first_name="Adam", last_name="Smith", age=36,
    innate="thoughtful, reflective, intellectual",
    learned=("Adam Smith is a philosopher who enjoys exploring ideas of every kind and likes nothing "
             "better than to unsettle people's assumptions."),
    currently=("Adam Smith is writing a book on why creativity matters and the ways it can change the world. "
               "He is also curious to learn who will stand in next month's local mayoral election."),
    lifestyle="Adam Smith goes to bed around 8pm, wakes up around 4am, and eats dinner around 5pm.",
    daily_plan_req=("Adam Smith writes his book at the desk in his house in the early morning, takes a "
                    "walk in Johnson Park around midday to think, and has an early dinner at The Rose "
                    "and Crown Pub, talking about ideas and the election, before an early night."),
    living_area="the Ville:Adam Smith's house:main room",
    known_places=(*_house("Adam Smith's house"), *TOWN_CENTRE),
    whispers=(
        "You enjoy talking about politics and the local election",
        "You are very curious about who will stand in the upcoming local mayoral election",
        ("Yuriko Yamamoto has been your neighbour for a few years, and you sometimes chat with her about the "
        "local election"),
        "Sam Moore and Jennifer Moore, the elderly couple next door, have been your neighbours for a few years",
        "You and Sam Moore are fairly close",
        "You look up to Sam Moore as a kind of mentor",
        "You know that Tamara Taylor lives on the next block, but you have never really chatted with her",
        "Carmen Ortiz has been your neighbour for about a year",
        "Tom Moreno and Jane Moreno, a couple on the next block, have been your acquaintances for a few years",
        "You find Tom Moreno a bit too aggressive and opinionated",
        "In the evenings you often go to The Rose and Crown Pub",
        "You have known Arthur Burton, the bartender, for a few years",
    ),
)
