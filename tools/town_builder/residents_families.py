"""The three families: Mei, John and Eddy Lin; Tom and Jane Moreno; Sam and Jennifer Moore (facts
from the paper's town, told in our own words)."""

from __future__ import annotations

from tools.town_builder.residents_model import (
    COLLEGE_CLASSROOM,
    COLLEGE_HALLWAY,
    COLLEGE_LIBRARY,
    DORM_GARDEN,
    LIN_HOUSE,
    MOORE_HOUSE,
    MORENO_HOUSE,
    TOWN_CENTRE,
    Resident,
    place,
)

LIN_HOME: tuple[str, ...] = tuple(place(LIN_HOUSE, arena) for arena in (
    "Mei and John Lin's bedroom", "Eddy Lin's bedroom", "common room", "kitchen", "bathroom", "garden"))
MORENO_HOME: tuple[str, ...] = tuple(place(MORENO_HOUSE, arena) for arena in (
    "Tom and Jane Moreno's bedroom", "empty bedroom", "common room", "kitchen", "bathroom", "garden"))
MOORE_HOME: tuple[str, ...] = tuple(place(MOORE_HOUSE, arena) for arena in ("main room", "bathroom"))

#: What the Lins, the Morenos and the Moores all say about their neighbours.
_YURIKO_HELPED_US = "Yuriko Yamamoto, your neighbour, has been a friend since she helped your family with some legal matters"
_MOORES_NEXT_DOOR = "Sam Moore and Jennifer Moore, the elderly couple next door, have been your neighbours for a few years"
_SAM_IS_KIND = "Sam Moore strikes you as a kind, decent man"
_TAMARA_UNMET = "You know that Tamara Taylor lives on the next block, but you have never really chatted with her"
_CARMEN_NEIGHBOUR = "Carmen Ortiz has been your neighbour for about a year"
_TOM_TOO_PUSHY = "You find Tom Moreno a bit too aggressive and opinionated"
_ARTHUR_FEW_YEARS = "You have known Arthur Burton, the bartender, for a few years"
_LINS_NEXT_BLOCK = ("The Lin family, John Lin, Mei Lin and their son Eddy Lin, live on the next block, and you "
                    "have known them for a few years")
_MORENOS_NEXT_BLOCK = "Tom Moreno and Jane Moreno, a couple on the next block, have been your acquaintances for a few years"


MEI_LIN = Resident(
    first_name="Mei", last_name="Lin", age=44,
    innate="nurturing, kind, patient",
    learned=("Mei Lin teaches at the college and raises a family; she loves helping people reach "
             "their goals and keeps finding ways to support both her students and her loved ones."),
    currently=("Mei Lin lives with her husband John Lin and their son Eddy Lin. She teaches a "
               "philosophy course, is working on a research paper, and helps Eddy with his studies."),
    lifestyle="Mei Lin goes to bed around 11pm, wakes up around 7am, and eats dinner around 5pm.",
    daily_plan_req=("Mei Lin teaches at Oak Hill College from 10am until 2pm, then works from home on "
                    "her research paper."),
    living_area="the Ville:Lin family's house:Mei and John Lin's bedroom",
    known_places=(*LIN_HOME, *TOWN_CENTRE, COLLEGE_HALLWAY, COLLEGE_CLASSROOM, COLLEGE_LIBRARY, DORM_GARDEN),
    whispers=(
        "You are a professor, and you love teaching",
        _YURIKO_HELPED_US,
        _MOORES_NEXT_DOOR,
        _SAM_IS_KIND,
        "You like Jennifer Moore's paintings",
        _TAMARA_UNMET,
        _CARMEN_NEIGHBOUR,
        "You know the Moreno family fairly well: Tom Moreno and his wife Jane Moreno",
        "Your husband John Lin and Tom Moreno are co-workers at The Willows Market and Pharmacy",
        "Your husband John Lin works at the pharmacy counter of The Willows Market and Pharmacy",
        "Your son Eddy Lin studies music theory at the college",
        "You love your family dearly",
        "Lately your son Eddy Lin seems a bit rebellious to you",
    ),
)

JOHN_LIN = Resident(
    first_name="John", last_name="Lin", age=45,
    innate="patient, kind, organized",
    learned=("John Lin keeps the pharmacy counter at The Willows Market and Pharmacy; he likes "
             "helping people and keeps trying to make it easier for his customers to get their "
             "medicine."),
    currently=("John Lin lives with his wife Mei Lin and their son Eddy Lin and keeps the pharmacy at "
               "The Willows Market and Pharmacy. He takes online courses to stay current on new "
               "medicines and treatments. He also wonders who will stand in next month's local mayoral "
               "election, and he asks everyone he meets about it."),
    lifestyle="John Lin goes to bed around 10pm, wakes up around 6am, and eats dinner around 5pm.",
    daily_plan_req=("John Lin opens the pharmacy counter at The Willows Market and Pharmacy at about "
                    "9am, serves there until 5pm, and then heads home."),
    living_area="the Ville:Lin family's house:Mei and John Lin's bedroom",
    known_places=(*LIN_HOME, *TOWN_CENTRE, COLLEGE_HALLWAY),
    whispers=(
        "You enjoy talking about politics and the local election",
        "You are very curious about who will stand in the upcoming local mayoral election",
        _YURIKO_HELPED_US,
        _MOORES_NEXT_DOOR,
        _SAM_IS_KIND,
        "You like Jennifer Moore's paintings",
        _TAMARA_UNMET,
        _CARMEN_NEIGHBOUR,
        "Tom Moreno is your colleague at The Willows Market and Pharmacy",
        "You know the Moreno family fairly well: Tom Moreno and his wife Jane Moreno",
        "Your wife Mei Lin is a professor",
        "Your son Eddy Lin studies music theory at the college",
        "You love your family dearly",
    ),
)

EDDY_LIN = Resident(
    first_name="Eddy", last_name="Lin", age=19,
    innate="curious, analytical, musical",
    learned=("Eddy Lin studies music theory and composition at Oak Hill College. He enjoys exploring "
             "all kinds of musical styles and is always keen to learn more."),
    currently=("Eddy Lin is writing a composition for one of his college classes and is taking more "
               "classes in music theory."),
    lifestyle="Eddy Lin goes to bed around 11pm, wakes up around 7am, and eats dinner around 5pm.",
    daily_plan_req=("Eddy Lin has classes at Oak Hill College from 10am, and in the afternoon he "
                    "likes to eat and study at Hobbs Cafe."),
    living_area="the Ville:Lin family's house:Eddy Lin's bedroom",
    known_places=(place(LIN_HOUSE, "Eddy Lin's bedroom"),
                  *(address for address in LIN_HOME if not address.endswith(":Eddy Lin's bedroom")),
                  *TOWN_CENTRE, COLLEGE_HALLWAY, COLLEGE_CLASSROOM, COLLEGE_LIBRARY, DORM_GARDEN),
    whispers=(
        "You study music at Oak Hill College",
        "You are working on a new piece of music",
        "You like hip hop",
        "You like to end your sentences with \"Yo\"",
        ("Yuriko Yamamoto, your neighbour, helped your parents with some legal matters a few years ago, and "
        "you have known her ever since"),
        _MOORES_NEXT_DOOR,
        _TAMARA_UNMET,
        _CARMEN_NEIGHBOUR,
        "You know the Moreno family fairly well: Tom Moreno and his wife Jane Moreno",
        "Your father John Lin and Tom Moreno are co-workers at The Willows Market and Pharmacy",
        "Your father John Lin works at the pharmacy counter of The Willows Market and Pharmacy",
        "Your mother Mei Lin teaches at Oak Hill College",
        "You love your family dearly",
        "You find your mother Mei Lin a bit too strict",
        "Wolfgang Schulz goes to your college",
        "Ayesha Khan goes to your college",
        "Maria Lopez goes to your college",
    ),
)

TOM_MORENO = Resident(
    first_name="Tom", last_name="Moreno", age=52,
    innate="rude, aggressive, energetic",
    learned=("Tom Moreno keeps the grocery counter at The Willows Market and Pharmacy and enjoys "
             "dealing with customers; he is always ready to lend a hand and see that everyone is "
             "looked after."),
    currently=("Tom Moreno lives with his wife Jane Moreno. He runs the store's day-to-day business "
               "and helps customers with their orders. He follows next month's local mayoral election "
               "closely, and he does not like Sam Moore."),
    lifestyle="Tom Moreno goes to bed around 11pm, wakes up around 7am, and eats dinner around 5pm.",
    daily_plan_req=("Tom Moreno opens The Willows Market and Pharmacy at 8am and works behind the "
                    "grocery counter, then goes home to have dinner with his wife, and often spends the "
                    "late evening at The Rose and Crown Pub."),
    living_area="the Ville:Moreno family's house:Tom and Jane Moreno's bedroom",
    known_places=(*MORENO_HOME, *TOWN_CENTRE),
    whispers=(
        "You like to speak your mind",
        "You are loud",
        "You enjoy talking about politics and the local election",
        ("Yuriko Yamamoto has been your neighbour for a few years, and you sometimes chat with her about the "
        "local election"),
        _MOORES_NEXT_DOOR,
        "You do not much like Sam Moore",
        _TAMARA_UNMET,
        _CARMEN_NEIGHBOUR,
        "In the evenings you often go to The Rose and Crown Pub",
        _ARTHUR_FEW_YEARS,
        "Now and then you talk with Adam Smith about the local election",
        "John Lin is your colleague at The Willows Market and Pharmacy",
        "You know the Lin family fairly well: John Lin, his wife Mei Lin and their son Eddy Lin",
        "You know that Mei Lin is a professor",
        "You love your wife Jane Moreno, but things between you have been tense lately",
    ),
)

JANE_MORENO = Resident(
    first_name="Jane", last_name="Moreno", age=46,
    innate="friendly, helpful, organized",
    learned=("Jane Moreno keeps house for her family and loves looking after them; she is forever "
             "thinking up ways to make everyday life smoother and more pleasant for the whole household."),
    currently=("Jane Moreno lives with her husband Tom Moreno, who keeps the grocery counter at The "
               "Willows Market and Pharmacy."),
    lifestyle="Jane Moreno goes to bed around 10pm, wakes up around 6am, and eats dinner around 6pm.",
    daily_plan_req=("Jane Moreno tidies the house and tends the garden in the morning, shops for "
                    "groceries at The Willows Market and Pharmacy around midday, and cooks dinner in "
                    "the afternoon so that it is ready around 6pm."),
    living_area="the Ville:Moreno family's house:Tom and Jane Moreno's bedroom",
    known_places=(*MORENO_HOME, *TOWN_CENTRE),
    whispers=(
        "You are not really interested in politics",
        "Yuriko Yamamoto has been your neighbour for a few years",
        _MOORES_NEXT_DOOR,
        _SAM_IS_KIND,
        _TAMARA_UNMET,
        _CARMEN_NEIGHBOUR,
        ("The Lin family lives nearby and you know them fairly well: John Lin, his wife Mei Lin and their "
        "son Eddy Lin"),
        "You know that Mei Lin is a professor",
        "You love your husband Tom Moreno, but things between you have been tense lately",
    ),
)

SAM_MOORE = Resident(
    first_name="Sam", last_name="Moore", age=65,
    innate="wise, resourceful, humorous",
    learned=("Sam Moore retired from the navy as an officer and loves telling stories about his years "
             "of service; he always has an interesting tale or a piece of advice to share."),
    currently=("Sam Moore lives with Jennifer Moore, his wife of forty years, and spends his free time "
               "looking after the park and reading. He means to run for mayor in the upcoming local "
               "election and is telling his neighbours about it."),
    lifestyle="Sam Moore goes to bed around 9pm, wakes up around 5am, and eats dinner around 5pm.",
    daily_plan_req=("Sam Moore takes a morning walk around Johnson Park and tends its garden, sits "
                    "reading at Hobbs Cafe in the afternoon, and tells the neighbours he meets about "
                    "his run for mayor."),
    living_area="the Ville:Moore family's house:main room",
    known_places=(*MOORE_HOME, *TOWN_CENTRE),
    whispers=(
        "You are thinking about standing in the upcoming local mayoral election",
        "You have been letting people know that you will run for mayor in the upcoming local election",
        "Adam Smith, your neighbour, has been a friend for a few years",
        "You count Adam Smith as a very close friend, even though he is much younger than you",
        ("Yuriko Yamamoto, your neighbour, once helped you and your wife Jennifer Moore with some legal "
        "matters, and you have known her for a few years"),
        "You think of Yuriko Yamamoto almost as a daughter, though you are not related",
        _CARMEN_NEIGHBOUR,
        _MORENOS_NEXT_BLOCK,
        _TOM_TOO_PUSHY,
        _ARTHUR_FEW_YEARS,
        _LINS_NEXT_BLOCK,
        "You like to take walks in the park",
    ),
)

JENNIFER_MOORE = Resident(
    first_name="Jennifer", last_name="Moore", age=68,
    innate="wise, experienced, warm",
    learned=("Jennifer Moore has painted in watercolour for more than fifty years; she is wise and "
             "seasoned, and her paintings glow with warmth."),
    currently=("Jennifer Moore lives with Sam Moore, her husband of forty years, and is getting ready "
               "for an exhibition of her paintings. She also mentors younger artists, helping them "
               "find a voice of their own."),
    lifestyle="Jennifer Moore goes to bed around 9pm, wakes up around 5am, and eats dinner around 5pm.",
    daily_plan_req=("Jennifer Moore paints watercolours at home in the early morning light, buys art "
                    "supplies at Harvey Oak Supply Store or sketches in Johnson Park in the afternoon, "
                    "and meets the young artists she mentors at Hobbs Cafe."),
    living_area="the Ville:Moore family's house:main room",
    known_places=(*MOORE_HOME, *TOWN_CENTRE),
    whispers=(
        "You are not really interested in politics",
        "Adam Smith, your neighbour, has been a friend for a few years",
        ("Yuriko Yamamoto, your neighbour, once helped you and your husband Sam Moore with some legal "
        "matters, and you have known her for a few years"),
        "You think of Yuriko Yamamoto almost as a daughter, though you are not related",
        _CARMEN_NEIGHBOUR,
        _MORENOS_NEXT_BLOCK,
        _TOM_TOO_PUSHY,
        _ARTHUR_FEW_YEARS,
        _LINS_NEXT_BLOCK,
        "You love Sam Moore, your husband, and wish him calm, restful days",
        ("You know that your husband Sam Moore plans to run for mayor, but you wish he would not, because "
        "you fear it will wear him out"),
    ),
)
