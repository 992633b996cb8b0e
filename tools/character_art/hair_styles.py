"""The hairstyles residents wear, as :class:`HairShape` values in head units."""

from __future__ import annotations

from tools.character_art.appearance import Fringe, HairBlob, HairShape

NEAT_CROP = HairShape("neat crop", Fringe.NEAT, fringe_depth=-0.45, volume=0.08,
                      side_length=0.05, back_length=0.55)
SIDE_PART = HairShape("side part", Fringe.SIDE_SWEPT, fringe_depth=-0.3, volume=0.12,
                      side_length=0.05, back_length=0.55)
SPIKY = HairShape("spiky", Fringe.SPIKY, fringe_depth=-0.35, volume=0.22,
                  side_length=0.0, back_length=0.5)
TOUSLED = HairShape("tousled", Fringe.SPIKY, fringe_depth=-0.25, volume=0.18,
                    side_length=0.15, back_length=0.6)
EMO_FRINGE = HairShape("long fringe", Fringe.SIDE_SWEPT, fringe_depth=-0.02, volume=0.18,
                       side_length=0.35, back_length=0.75)
BUZZ = HairShape("buzz cut", Fringe.NEAT, fringe_depth=-0.55, volume=0.0,
                 side_length=-0.15, back_length=0.45)
BALDING = HairShape("balding", Fringe.BALD, fringe_depth=-0.4, volume=0.06,
                    side_length=0.1, back_length=0.5)
RECEDING = HairShape("receding", Fringe.RECEDING, fringe_depth=-0.5, volume=0.06,
                     side_length=0.0, back_length=0.55)
SHORT_CURLS = HairShape("short curls", Fringe.CURLY, fringe_depth=-0.4, volume=0.22,
                        side_length=0.1, back_length=0.6, curly=True)
AFRO = HairShape("afro", Fringe.CURLY, fringe_depth=-0.42, volume=0.34,
                 side_length=0.35, back_length=0.75, curly=True)
BOB = HairShape("bob", Fringe.SIDE_SWEPT, fringe_depth=-0.25, volume=0.16,
                side_length=0.8, back_length=0.85)
CHIN_LENGTH = HairShape("chin length", Fringe.MIDDLE_PART, fringe_depth=-0.3, volume=0.14,
                        side_length=0.9, back_length=1.0)
LONG_BANGS = HairShape("long with bangs", Fringe.BLUNT, fringe_depth=-0.12, volume=0.14,
                       side_length=1.45, back_length=1.6)
LONG_WAVY = HairShape("long and wavy", Fringe.MIDDLE_PART, fringe_depth=-0.28, volume=0.2,
                      side_length=1.4, back_length=1.55, curly=True)
SHOULDER_WAVES = HairShape("shoulder waves", Fringe.SIDE_SWEPT, fringe_depth=-0.22, volume=0.2,
                           side_length=1.12, back_length=1.2, curly=True)
PONYTAIL = HairShape("ponytail", Fringe.SIDE_SWEPT, fringe_depth=-0.3, volume=0.1,
                     side_length=0.2, back_length=0.55,
                     back_blob=HairBlob(x=1.12, y=-0.35, radius=0.3, hangs_to=1.0))
LOW_BUN = HairShape("low bun", Fringe.MIDDLE_PART, fringe_depth=-0.35, volume=0.08,
                    side_length=0.2, back_length=0.55, back_blob=HairBlob(x=1.05, y=0.0, radius=0.38))
TOP_PUFF = HairShape("top puff", Fringe.NEAT, fringe_depth=-0.5, volume=0.1,
                     side_length=0.0, back_length=0.5, curly=True,
                     top_blob=HairBlob(x=0.1, y=-0.86, radius=0.46))
WHITE_CURLS = HairShape("soft curls", Fringe.CURLY, fringe_depth=-0.35, volume=0.3,
                        side_length=0.4, back_length=0.7, curly=True)
