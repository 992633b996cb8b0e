"""The 25 residents of the Ville and how each one looks.

Each look aims to be recognisable from a distance: skin tone, hair shape and colour, the colours of
the clothes and one trait (an apron, a camera, a beret, grey hair, a beard...). Families share
features: the Lins their dark hair and light skin, the Morenos their warm skin, the Moores their
white hair.
"""

from __future__ import annotations

from tools.character_art import hair_styles as hs
from tools.character_art.appearance import (
                                            Appearance,
                                            Build,
                                            Clothes,
                                            FacialHair,
                                            Headwear,
                                            Legwear,
                                            Outerwear,
                                            Resident,
                                            Trinket,
)
from tools.character_art.palette import (
                                            HAIR_AUBURN,
                                            HAIR_BLACK,
                                            HAIR_BLOND,
                                            HAIR_BROWN,
                                            HAIR_DARK_BROWN,
                                            HAIR_GINGER,
                                            HAIR_SALT_PEPPER,
                                            HAIR_SOFT_BLACK,
                                            HAIR_WHITE,
                                            SHOE_BLACK,
                                            SHOE_BROWN,
                                            SHOE_RED,
                                            SHOE_WHITE,
                                            SKIN_BROWN,
                                            SKIN_DEEP,
                                            SKIN_DEEPEST,
                                            SKIN_FAIR,
                                            SKIN_LIGHT,
                                            SKIN_OLIVE,
                                            SKIN_TAN,
                                            SKIN_WARM_LIGHT,
                                            parse_hex,
                                            ramp,
)

BROWN_EYES = parse_hex("#5a3620")
DARK_EYES = parse_hex("#2a1c18")
BLUE_EYES = parse_hex("#3a78b8")
GREEN_EYES = parse_hex("#4a8a4a")
HAZEL_EYES = parse_hex("#7a6a30")
GREY_EYES = parse_hex("#6a7a8a")
JEANS = ramp("#3f5f9a")
DARK_JEANS = ramp("#2f3e63")
CHARCOAL = ramp("#3b3d46")
KHAKI = ramp("#b49a6a")

RESIDENTS: tuple[Resident, ...] = (
    Resident("Latoya Williams", 25, "photographer", Appearance(
        skin=SKIN_DEEP, hair=HAIR_SOFT_BLACK, hair_shape=hs.AFRO, eyes=DARK_EYES,
        clothes=Clothes(shirt=ramp("#f2b632"), legs=ramp("#2f6f73"), shoes=SHOE_WHITE,
                        trinket=Trinket.CAMERA, trinket_color=ramp("#3a3a42")),
        headwear=Headwear.HEADBAND, headwear_color=ramp("#e0623a"),
        portrait_background=parse_hex("#f6dfa0"))),
    Resident("Rajiv Patel", 27, "painter", Appearance(
        skin=SKIN_BROWN, hair=HAIR_BLACK, hair_shape=hs.TOUSLED, eyes=DARK_EYES,
        clothes=Clothes(shirt=ramp("#7c8f3a"), legs=JEANS, shoes=SHOE_BROWN,
                        trinket=Trinket.PAINT_SPLATTER),
        facial_hair=FacialHair.GOATEE, headwear=Headwear.BERET, headwear_color=ramp("#c0392b"),
        portrait_background=parse_hex("#cfe3b0"))),
    Resident("Abigail Chen", 25, "digital artist and animator", Appearance(
        skin=SKIN_LIGHT, hair=HAIR_BLACK, hair_shape=hs.LONG_BANGS, eyes=DARK_EYES,
        clothes=Clothes(shirt=ramp("#b9a3e3"), legs=ramp("#3b3550"), shoes=SHOE_BLACK,
                        legwear=Legwear.SKIRT),
        headwear=Headwear.HAIR_CLIP, headwear_color=ramp("#ff7eb6"),
        portrait_background=parse_hex("#e4d8f6"))),
    Resident("Francisco Lopez", 23, "actor and comedian", Appearance(
        skin=SKIN_TAN, hair=HAIR_DARK_BROWN, hair_shape=hs.SHORT_CURLS, eyes=BROWN_EYES,
        clothes=Clothes(shirt=ramp("#ef7b2d"), legs=ramp("#6b4a2f"), shoes=SHOE_BROWN, long_sleeves=False,
                        trinket=Trinket.PATTERN_DOTS, trinket_color=ramp("#ffe36a")),
        facial_hair=FacialHair.MUSTACHE,
        portrait_background=parse_hex("#ffd2a8"))),
    Resident("Hailey Johnson", 30, "writer", Appearance(
        skin=SKIN_FAIR, hair=HAIR_AUBURN, hair_shape=hs.SHOULDER_WAVES, eyes=GREEN_EYES,
        clothes=Clothes(shirt=ramp("#efe3c8"), legs=ramp("#7a5a3a"), shoes=SHOE_BROWN),
        headwear=Headwear.BEANIE, headwear_color=ramp("#3f8f5f"), freckles=True,
        portrait_background=parse_hex("#cfe8d6"))),
    Resident("Arthur Burton", 42, "bartender", Appearance(
        skin=SKIN_LIGHT, hair=HAIR_GINGER, hair_shape=hs.BUZZ, eyes=BLUE_EYES, build=Build.STOCKY,
        clothes=Clothes(shirt=ramp("#f0eee8", 0.7), legs=CHARCOAL, shoes=SHOE_BLACK,
                        outerwear=Outerwear.VEST, outer=ramp("#2e2a33"),
                        trinket=Trinket.BOW_TIE, trinket_color=ramp("#c0392b")),
        facial_hair=FacialHair.FULL_BEARD, facial_hair_color=ramp("#b8602a"),
        portrait_background=parse_hex("#e8c9a8"))),
    Resident("Ryan Park", 29, "software engineer", Appearance(
        skin=SKIN_WARM_LIGHT, hair=HAIR_BLACK, hair_shape=hs.SIDE_PART, eyes=DARK_EYES,
        clothes=Clothes(shirt=ramp("#7d8a99"), legs=DARK_JEANS, shoes=SHOE_WHITE,
                        outerwear=Outerwear.HOODIE),
        glasses=True,
        portrait_background=parse_hex("#c8d8ea"))),
    Resident("Isabella Rodriguez", 34, "cafe owner", Appearance(
        skin=SKIN_TAN, hair=HAIR_DARK_BROWN, hair_shape=hs.PONYTAIL, eyes=BROWN_EYES,
        clothes=Clothes(shirt=ramp("#c8413a"), legs=CHARCOAL, shoes=SHOE_BLACK,
                        outerwear=Outerwear.APRON, outer=ramp("#f2e6cf", 0.8)),
        headwear=Headwear.HAIR_CLIP, headwear_color=ramp("#f4d35e"),
        portrait_background=parse_hex("#f3c9b8"))),
    Resident("Giorgio Rossi", 41, "mathematician", Appearance(
        skin=SKIN_OLIVE, hair=HAIR_SALT_PEPPER, hair_shape=hs.NEAT_CROP, eyes=BROWN_EYES,
        clothes=Clothes(shirt=ramp("#a9c8e8"), legs=KHAKI, shoes=SHOE_BROWN,
                        outerwear=Outerwear.VEST, outer=ramp("#2f3f6b")),
        facial_hair=FacialHair.FULL_BEARD, facial_hair_color=ramp("#55505a"), glasses=True,
        portrait_background=parse_hex("#d6dcf0"))),
    Resident("Carlos Gomez", 32, "poet", Appearance(
        skin=SKIN_BROWN, hair=HAIR_SOFT_BLACK, hair_shape=hs.CHIN_LENGTH, eyes=DARK_EYES,
        clothes=Clothes(shirt=ramp("#7a2f45"), legs=CHARCOAL, shoes=SHOE_BROWN,
                        trinket=Trinket.SCARF, trinket_color=ramp("#e0a93a")),
        facial_hair=FacialHair.GOATEE,
        portrait_background=parse_hex("#ead0c0"))),
    Resident("Klaus Mueller", 20, "sociology student", Appearance(
        skin=SKIN_FAIR, hair=HAIR_BLOND, hair_shape=hs.SPIKY, eyes=BLUE_EYES, build=Build.SLIM,
        clothes=Clothes(shirt=ramp("#f4f1ea", 0.7), legs=JEANS, shoes=SHOE_WHITE,
                        outerwear=Outerwear.OPEN_JACKET, outer=ramp("#4f7d4a"),
                        trinket=Trinket.BACKPACK, trinket_color=ramp("#9a6a3a")),
        portrait_background=parse_hex("#d4e6c4"))),
    Resident("Maria Lopez", 21, "physics student and streamer", Appearance(
        skin=SKIN_TAN, hair=HAIR_DARK_BROWN, hair_shape=hs.LONG_WAVY, eyes=BROWN_EYES,
        clothes=Clothes(shirt=ramp("#7b4bc4"), legs=ramp("#2b2b3a"), shoes=SHOE_WHITE, long_sleeves=False),
        headwear=Headwear.HEADPHONES, headwear_color=ramp("#ff5fa2"),
        portrait_background=parse_hex("#e3d0f5"))),
    Resident("Ayesha Khan", 20, "literature student", Appearance(
        skin=SKIN_BROWN, hair=HAIR_BLACK, hair_shape=hs.LONG_WAVY, eyes=DARK_EYES, build=Build.SLIM,
        clothes=Clothes(shirt=ramp("#f3e6d0", 0.7), legs=ramp("#1f6f6a"), shoes=SHOE_BROWN,
                        legwear=Legwear.SKIRT, outerwear=Outerwear.OPEN_JACKET, outer=ramp("#e07a5f")),
        glasses=True,
        portrait_background=parse_hex("#f5d6c6"))),
    Resident("Wolfgang Schulz", 21, "chemistry student", Appearance(
        skin=SKIN_FAIR, hair=HAIR_GINGER, hair_shape=hs.SPIKY, eyes=GREY_EYES, build=Build.SLIM,
        clothes=Clothes(shirt=ramp("#4a6fa5"), legs=DARK_JEANS, shoes=SHOE_BLACK,
                        outerwear=Outerwear.LAB_COAT, outer=ramp("#f4f6f8", 0.6)),
        headwear=Headwear.GOGGLES, headwear_color=ramp("#3a3a42"), freckles=True,
        portrait_background=parse_hex("#cde7ee"))),
    Resident("Mei Lin", 44, "philosophy professor", Appearance(
        skin=SKIN_LIGHT, hair=HAIR_BLACK, hair_shape=hs.LOW_BUN, eyes=DARK_EYES,
        clothes=Clothes(shirt=ramp("#f1ece4", 0.7), legs=ramp("#5a5a66"), shoes=SHOE_BLACK,
                        legwear=Legwear.SKIRT, outerwear=Outerwear.OPEN_JACKET, outer=ramp("#8e2f3c"),
                        trinket=Trinket.NECKLACE, trinket_color=ramp("#e8c66a")),
        glasses=True,
        portrait_background=parse_hex("#efd2d6"))),
    Resident("John Lin", 45, "pharmacy shopkeeper", Appearance(
        skin=SKIN_LIGHT, hair=HAIR_SALT_PEPPER, hair_shape=hs.SIDE_PART, eyes=DARK_EYES,
        clothes=Clothes(shirt=ramp("#eef3f0", 0.6), legs=ramp("#4a4f5a"), shoes=SHOE_BLACK,
                        outerwear=Outerwear.VEST, outer=ramp("#3f7f6a"),
                        trinket=Trinket.TIE, trinket_color=ramp("#2f4f7f")),
        portrait_background=parse_hex("#cfeadf"))),
    Resident("Eddy Lin", 19, "music student", Appearance(
        skin=SKIN_LIGHT, hair=HAIR_BLACK, hair_shape=hs.EMO_FRINGE, eyes=DARK_EYES, build=Build.SLIM,
        clothes=Clothes(shirt=ramp("#2f3b63"), legs=ramp("#6a6f7a"), shoes=SHOE_RED, long_sleeves=False),
        headwear=Headwear.HEADPHONES, headwear_color=ramp("#d8383a"),
        portrait_background=parse_hex("#f3d0cf"))),
    Resident("Tom Moreno", 52, "market shopkeeper", Appearance(
        skin=SKIN_TAN, hair=HAIR_SALT_PEPPER, hair_shape=hs.NEAT_CROP, eyes=BROWN_EYES, build=Build.STOCKY,
        clothes=Clothes(shirt=ramp("#b5443a"), legs=JEANS, shoes=SHOE_BROWN,
                        trinket=Trinket.PATTERN_DOTS, trinket_color=ramp("#7a2a25")),
        facial_hair=FacialHair.MUSTACHE, facial_hair_color=ramp("#4a4548"),
        headwear=Headwear.CAP, headwear_color=ramp("#2f6b3a"), wrinkles=True,
        portrait_background=parse_hex("#e6d7b5"))),
    Resident("Jane Moreno", 46, "homemaker", Appearance(
        skin=SKIN_TAN, hair=HAIR_DARK_BROWN, hair_shape=hs.SHOULDER_WAVES, eyes=BROWN_EYES,
        clothes=Clothes(shirt=ramp("#e88aa8"), legs=ramp("#c45c85"), shoes=SHOE_BROWN, legwear=Legwear.SKIRT,
                        long_sleeves=False, trinket=Trinket.NECKLACE, trinket_color=ramp("#f6f0e0")),
        headwear=Headwear.HEADBAND, headwear_color=ramp("#f7d154"),
        portrait_background=parse_hex("#f8d8e2"))),
    Resident("Tamara Taylor", 30, "children's book author", Appearance(
        skin=SKIN_DEEPEST, hair=HAIR_BLACK, hair_shape=hs.TOP_PUFF, eyes=DARK_EYES,
        clothes=Clothes(shirt=ramp("#2bb3a3"), legs=ramp("#f2a23a"), shoes=SHOE_BROWN, legwear=Legwear.SKIRT,
                        long_sleeves=False),
        headwear=Headwear.HEADBAND, headwear_color=ramp("#f7d154"),
        portrait_background=parse_hex("#c9efe6"))),
    Resident("Carmen Ortiz", 33, "supply store shopkeeper", Appearance(
        skin=SKIN_OLIVE, hair=HAIR_SOFT_BLACK, hair_shape=hs.SHORT_CURLS, eyes=BROWN_EYES,
        clothes=Clothes(shirt=ramp("#f2c14e"), legs=ramp("#3f6fae"), shoes=SHOE_BROWN,
                        outerwear=Outerwear.OVERALLS, long_sleeves=False),
        headwear=Headwear.HEADBAND, headwear_color=ramp("#d8383a"),
        portrait_background=parse_hex("#fbe7b0"))),
    Resident("Sam Moore", 65, "retired, running for mayor", Appearance(
        skin=SKIN_FAIR, hair=HAIR_WHITE, hair_shape=hs.BALDING, eyes=BLUE_EYES, build=Build.STOCKY,
        clothes=Clothes(shirt=ramp("#f4f4f0", 0.6), legs=ramp("#2c3657"), shoes=SHOE_BLACK,
                        outerwear=Outerwear.OPEN_JACKET, outer=ramp("#2c3657"),
                        trinket=Trinket.TIE, trinket_color=ramp("#c0392b")),
        facial_hair=FacialHair.MUSTACHE, wrinkles=True,
        portrait_background=parse_hex("#d5dcef"))),
    Resident("Jennifer Moore", 68, "retired painter", Appearance(
        skin=SKIN_FAIR, hair=HAIR_WHITE, hair_shape=hs.WHITE_CURLS, eyes=GREEN_EYES,
        clothes=Clothes(shirt=ramp("#6fb3b8"), legs=ramp("#8a7fa8"), shoes=SHOE_BROWN, legwear=Legwear.SKIRT,
                        trinket=Trinket.PAINT_SPLATTER),
        glasses=True, wrinkles=True,
        portrait_background=parse_hex("#d3ecef"))),
    Resident("Yuriko Yamamoto", 28, "tax lawyer", Appearance(
        skin=SKIN_LIGHT, hair=HAIR_BLACK, hair_shape=hs.BOB, eyes=DARK_EYES, build=Build.SLIM,
        clothes=Clothes(shirt=ramp("#f6f4f0", 0.6), legs=ramp("#34343e"), shoes=SHOE_BLACK,
                        legwear=Legwear.SKIRT, outerwear=Outerwear.OPEN_JACKET, outer=ramp("#34343e"),
                        trinket=Trinket.NECKLACE, trinket_color=ramp("#f6f0e0")),
        portrait_background=parse_hex("#dcdce6"))),
    Resident("Adam Smith", 36, "philosopher", Appearance(
        skin=SKIN_FAIR, hair=HAIR_BROWN, hair_shape=hs.TOUSLED, eyes=HAZEL_EYES,
        clothes=Clothes(shirt=ramp("#e8dcc0", 0.7), legs=ramp("#5a4a3a"), shoes=SHOE_BROWN,
                        outerwear=Outerwear.OPEN_JACKET, outer=ramp("#8a6a48")),
        facial_hair=FacialHair.FULL_BEARD, glasses=False,
        portrait_background=parse_hex("#eadfc8"))),
)
