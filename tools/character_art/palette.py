"""Colours: RGB values, four-tone ramps built from one base colour, and the shared tones.

A :class:`Ramp` is what a painter needs for one material (skin, hair, cloth): a highlight, the base,
a shadow and a deep shadow. Shadows lean towards violet and highlights towards warm cream, the
usual pixel-art hue shift that keeps shading from looking muddy.
"""

from __future__ import annotations

from dataclasses import dataclass

RGB = tuple[int, int, int]

_SHADOW_TINT: RGB = (58, 36, 92)
_HIGHLIGHT_TINT: RGB = (255, 246, 222)


def parse_hex(text: str) -> RGB:
    """``"#a1b2c3"`` -> ``(161, 178, 195)``."""
    digits = text.lstrip("#")
    if len(digits) != 6:
        raise ValueError(f"expected a colour like #a1b2c3, got {text!r}")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def blend(first: RGB, second: RGB, amount: float) -> RGB:
    """``first`` moved ``amount`` (0..1) of the way towards ``second``."""
    return (round(first[0] + (second[0] - first[0]) * amount),
            round(first[1] + (second[1] - first[1]) * amount),
            round(first[2] + (second[2] - first[2]) * amount))


def scale(color: RGB, factor: float) -> RGB:
    """Each channel multiplied by ``factor`` and clamped to 0..255."""
    return (min(255, round(color[0] * factor)), min(255, round(color[1] * factor)),
            min(255, round(color[2] * factor)))


@dataclass(frozen=True)
class Ramp:
    """Four tones of one material, lightest first."""

    highlight: RGB
    base: RGB
    shadow: RGB
    deep: RGB


def ramp(base_hex: str, contrast: float = 1.0) -> Ramp:
    """A hue-shifted ramp around ``base_hex``; ``contrast`` widens or narrows the steps."""
    base = parse_hex(base_hex)
    return Ramp(
        highlight=blend(base, _HIGHLIGHT_TINT, 0.28 * contrast),
        base=base,
        shadow=blend(scale(base, 1.0 - 0.22 * contrast), _SHADOW_TINT, 0.18 * contrast),
        deep=blend(scale(base, 1.0 - 0.45 * contrast), _SHADOW_TINT, 0.3 * contrast),
    )


def outline_for(neighbour: RGB) -> RGB:
    """The dark outline drawn next to a pixel of colour ``neighbour`` (a tinted near-black)."""
    return blend(scale(neighbour, 0.28), (22, 16, 30), 0.55)


# Skin tones, light to deep.
SKIN_FAIR = ramp("#f6d3bd", 0.8)
SKIN_LIGHT = ramp("#f1c6a5", 0.8)
SKIN_WARM_LIGHT = ramp("#f0c397", 0.8)
SKIN_OLIVE = ramp("#d9a77c", 0.85)
SKIN_TAN = ramp("#c98f62", 0.9)
SKIN_BROWN = ramp("#a66a42", 0.9)
SKIN_DEEP = ramp("#7a4a2f", 0.9)
SKIN_DEEPEST = ramp("#5c3522", 0.9)

# Hair colours.
HAIR_BLACK = ramp("#2b2530", 1.2)
HAIR_SOFT_BLACK = ramp("#3a2c2a", 1.1)
HAIR_DARK_BROWN = ramp("#4e3324")
HAIR_BROWN = ramp("#7a4e2d")
HAIR_AUBURN = ramp("#a2462a")
HAIR_GINGER = ramp("#d07a38")
HAIR_BLOND = ramp("#e6c06a")
HAIR_SALT_PEPPER = ramp("#6d6870")
HAIR_GREY = ramp("#a9a6ad")
HAIR_WHITE = ramp("#e9e6ea", 0.7)

# Shared details.
EYE_DARK: RGB = (36, 26, 38)
EYE_WHITE: RGB = (250, 248, 244)
MOUTH: RGB = (150, 70, 70)
BLUSH: RGB = (236, 130, 120)
GLASSES_FRAME: RGB = (40, 34, 46)
GLASSES_LENS: RGB = (196, 226, 240)
SHOE_BROWN = ramp("#5b3a26")
SHOE_BLACK = ramp("#2e2a33")
SHOE_WHITE = ramp("#e6e4e0", 0.7)
SHOE_RED = ramp("#b53a32")
