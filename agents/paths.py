"""Where things live on disk: the shipped assets and the per-user folders.

Assets are found inside a PyInstaller bundle when frozen (``sys._MEIPASS``) and at the repository
root otherwise. Writable data (settings, saves, caches, logs, imported worlds) lives in the per-user
folders given by platformdirs. Setting ``SMALLVILLE_HOME`` puts all per-user folders under that one
directory instead (tests and portable installs use it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "smallville"
HOME_OVERRIDE_ENV = "SMALLVILLE_HOME"


def assets_dir() -> Path:
    """The folder holding the shipped assets (worlds, fonts, UI theme)."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root is not None:
        return Path(bundle_root) / "assets"
    return Path(__file__).resolve().parent.parent / "assets"


def _user_dir(kind: str, environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    override = env.get(HOME_OVERRIDE_ENV, "").strip()
    if override:
        return Path(override).expanduser() / kind
    if kind == "config":
        return platformdirs.user_config_path(APP_NAME)
    if kind == "cache":
        return platformdirs.user_cache_path(APP_NAME)
    if kind == "logs":
        return platformdirs.user_log_path(APP_NAME)
    return platformdirs.user_data_path(APP_NAME)


def user_config_dir() -> Path:
    """Per-user settings folder (settings.toml)."""
    return _user_dir("config")


def user_cache_dir() -> Path:
    """Per-user cache folder (response cache, embedding cache)."""
    return _user_dir("cache")


def user_data_dir() -> Path:
    """Per-user data folder (saves, recordings, imported worlds)."""
    return _user_dir("data")


def user_log_dir() -> Path:
    """Per-user log folder."""
    return _user_dir("logs")


def user_worlds_dir() -> Path:
    """Where imported worlds go and where the game looks for worlds besides the shipped ones."""
    return user_data_dir() / "worlds"


def user_saves_dir() -> Path:
    """Where save slots go (``<slot>.smallville-save``, see :mod:`agents.persistence.save_slots`)."""
    return user_data_dir() / "saves"


def user_recordings_dir() -> Path:
    """Where recordings of runs go (``<name>.smallville-rec``, see :mod:`agents.persistence.recorder`)."""
    return user_data_dir() / "recordings"


def shipped_worlds_dir() -> Path:
    """Worlds shipped with the app."""
    return assets_dir() / "worlds"


@dataclass(frozen=True)
class UserFolders:
    """Where the app keeps per-user files. Folders are created on first use, not here."""

    config_dir: Path
    cache_dir: Path
    data_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def response_cache_file(self) -> Path:
        return self.cache_dir / "llm_cache.sqlite3"

    @property
    def saves_dir(self) -> Path:
        return self.data_dir / "saves"


def user_folders(environ: Mapping[str, str] | None = None) -> UserFolders:
    """The per-user folders, honouring ``SMALLVILLE_HOME`` in ``environ`` (default: os.environ)."""
    return UserFolders(config_dir=_user_dir("config", environ), cache_dir=_user_dir("cache", environ),
                       data_dir=_user_dir("data", environ))
