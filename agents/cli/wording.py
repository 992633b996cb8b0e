"""The command line's wording of counts: :func:`agents.wording.count_of` ("1 game hour")."""

from __future__ import annotations

from agents.wording import count_of

__all__ = ["count_of"]
