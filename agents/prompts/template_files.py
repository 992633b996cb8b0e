"""Loads prompt templates (``agents/prompts/templates/*.txt``) and renders them with ``string.Template``.

Templates are read once through ``importlib.resources`` (so they work from a wheel or a frozen app, as
long as the ``.txt`` files are packaged) and cached. Rendering is strict: a ``$variable`` the spec does not
provide raises ``KeyError`` naming it.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Mapping
from string import Template

SYSTEM_TEMPLATE = "system.txt"


@functools.cache
def load_template(file_name: str) -> Template:
    resource = importlib.resources.files("agents.prompts").joinpath("templates", file_name)
    return Template(resource.read_text(encoding="utf-8"))


def render(file_name: str, variables: Mapping[str, str]) -> str:
    return load_template(file_name).substitute(variables).strip()
