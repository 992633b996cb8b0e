"""What a resident looks like: the values every painter reads (hair shape, clothes, accessories).

All values are frozen dataclasses or enums, so a resident's look is a plain, comparable value and the
painters are pure functions of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tools.character_art.palette import RGB, Ramp


class Fringe(Enum):
    """How the hair meets the forehead, seen from the front."""

    NEAT = "neat"              # a short crop with a straight hairline
    BLUNT = "blunt"            # straight bangs down to the eyebrows
    SIDE_SWEPT = "side_swept"  # a fringe falling diagonally to one side
    MIDDLE_PART = "middle_part"
    SPIKY = "spiky"
    CURLY = "curly"
    RECEDING = "receding"      # a high, receding hairline
    BALD = "bald"              # no hair on the crown, only at the sides


@dataclass(frozen=True)
class HairBlob:
    """A round mass of hair (bun, ponytail, puff) in head units: (0, 0) is the head's centre,
    x runs to the back of the head in side view (and to the right in front view), y runs down."""

    x: float
    y: float
    radius: float
    hangs_to: float = 0.0  # a ponytail: the blob tapers down to this y (0 = a round blob)


@dataclass(frozen=True)
class HairShape:
    """The shape of a hairstyle in head units (the head's half width and half height are 1)."""

    name: str
    fringe: Fringe
    fringe_depth: float    # how far down the forehead the hair reaches (-1 top .. 0 eye line)
    volume: float          # how far the hair stands out from the skull
    side_length: float     # how far down the sides of the face the hair reaches (front view)
    back_length: float     # how far down the back the hair falls (1 = chin, 2 = shoulders)
    curly: bool = False    # a bumpy silhouette
    back_blob: HairBlob | None = None  # a bun or ponytail at the back of the head
    top_blob: HairBlob | None = None   # a puff on top of the head


class Build(Enum):
    """Body width."""

    SLIM = "slim"
    REGULAR = "regular"
    STOCKY = "stocky"


class Legwear(Enum):
    TROUSERS = "trousers"
    SKIRT = "skirt"
    SHORTS = "shorts"


class Headwear(Enum):
    NONE = "none"
    BERET = "beret"
    CAP = "cap"
    BEANIE = "beanie"
    HEADPHONES = "headphones"
    HEADBAND = "headband"
    HAIR_CLIP = "hair_clip"
    GOGGLES = "goggles"


class FacialHair(Enum):
    NONE = "none"
    STUBBLE = "stubble"
    MUSTACHE = "mustache"
    GOATEE = "goatee"
    FULL_BEARD = "full_beard"


class Outerwear(Enum):
    """What is worn over the shirt; its colour is ``Clothes.outer``."""

    NONE = "none"
    OPEN_JACKET = "open_jacket"    # open at the front, the shirt shows in the middle
    LAB_COAT = "lab_coat"          # a long open coat down to the thighs
    VEST = "vest"                  # sleeveless, open front
    APRON = "apron"                # bib and skirt over the front, ties at the back
    OVERALLS = "overalls"          # bib and straps in the trouser colour
    HOODIE = "hoodie"              # the shirt is a hoodie: a hood behind the neck


class Trinket(Enum):
    """One small thing that makes a resident recognisable; its colour is ``Clothes.trinket``."""

    NONE = "none"
    CAMERA = "camera"
    TIE = "tie"
    BOW_TIE = "bow_tie"
    SCARF = "scarf"
    BACKPACK = "backpack"
    PAINT_SPLATTER = "paint_splatter"
    CAMPAIGN_PIN = "campaign_pin"
    PATTERN_DOTS = "pattern_dots"
    NECKLACE = "necklace"


@dataclass(frozen=True)
class Clothes:
    shirt: Ramp
    legs: Ramp
    shoes: Ramp
    legwear: Legwear = Legwear.TROUSERS
    long_sleeves: bool = True
    outerwear: Outerwear = Outerwear.NONE
    outer: Ramp | None = None
    trinket: Trinket = Trinket.NONE
    trinket_color: Ramp | None = None


@dataclass(frozen=True)
class Appearance:
    """Everything the sheet and portrait painters need to draw one resident."""

    skin: Ramp
    hair: Ramp
    hair_shape: HairShape
    eyes: RGB
    clothes: Clothes
    build: Build = Build.REGULAR
    facial_hair: FacialHair = FacialHair.NONE
    facial_hair_color: Ramp | None = None  # defaults to the hair colour
    glasses: bool = False
    headwear: Headwear = Headwear.NONE
    headwear_color: Ramp | None = None
    freckles: bool = False
    wrinkles: bool = False
    portrait_background: RGB = (200, 220, 230)

    @property
    def beard(self) -> Ramp:
        return self.facial_hair_color or self.hair


@dataclass(frozen=True)
class Resident:
    name: str
    age: int
    occupation: str
    look: Appearance

    @property
    def file_stem(self) -> str:
        """``"Isabella Rodriguez"`` -> ``"Isabella_Rodriguez"``, the game's file-name convention."""
        return self.name.strip().replace(" ", "_")
