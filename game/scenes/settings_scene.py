"""The settings screen: the language model, the simulation and autosaves, written to settings.toml.

A column of fields in a scrolling container (it fits 1280x720 and 960x600): a provider dropdown whose
presets fill the model fields, text entries (the API key masked), dropdowns, and toggle buttons for
the yes/no settings. Below it, always visible: a status line and the Test connection, Save and Back
buttons. All logic lives in :mod:`agents.llm.settings_form` (checks, merge-saving) and
:mod:`agents.llm.connection_test` (one real call, on a worker thread that ``update`` polls, so the
window never waits). Save writes nothing while any field is refused and shows each message next to its
field. Esc goes back (the stack pops the scene) unless a text field has the focus, which it then
leaves. Changes of the model or workers take effect for the next town started.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UIScrollingContainer,
    UITextEntryLine,
)

from agents.engine.engine_settings import MAX_WORKERS
from agents.llm.connection_test import ConnectionTester, target_from_form
from agents.llm.settings import MAX_CONCURRENT_REQUESTS, SettingsError
from agents.llm.settings_form import (
    EMBEDDER_LABELS,
    PRESETS,
    PRESETS_BY_ID,
    TIME_POLICY_LABELS,
    SettingsForm,
    apply_preset,
    errors_by_field,
    load,
    save,
    validate,
)
from agents.llm.url_safety import masked_url
from game.scenes.scene import SceneStack
from game.ui.theme import make_ui_manager

log = logging.getLogger(__name__)

BACKGROUND = (22, 24, 32)
MARGIN_PX = 24
TITLE_HEIGHT_PX = 56
NOTE_HEIGHT_PX = 24
FOOTER_HEIGHT_PX = 92
ROW_HEIGHT_PX = 32
ROW_GAP_PX = 6
HEADING_HEIGHT_PX = 34
LABEL_WIDTH_PX = 170
WIDGET_MAX_WIDTH_PX = 420
SCROLLBAR_ROOM_PX = 24
BUTTON_SIZE_PX = (150, 36)
TOGGLE_CHAR_PX = 8  # room per character of a toggle's text (14 px Noto Sans is narrower)
NEXT_TOWN_NOTE = ("Changes of the model or the workers take effect for the next town started. "
                  "Esc or Back leaves without saving.")

RowKind = Literal["heading", "entry", "secret", "dropdown", "toggle"]


@dataclass(frozen=True)
class FieldRow:
    """One line of the form: what widget edits which SettingsForm field."""

    kind: RowKind
    field: str
    label: str
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (shown text, value) for dropdowns


ROWS: tuple[FieldRow, ...] = (
    FieldRow("heading", "", "Language model"),
    FieldRow("dropdown", "preset", "Provider", "", tuple((p.label, p.preset_id) for p in PRESETS)),
    FieldRow("entry", "base_url", "Base URL", "OpenAI-compatible, usually ending in /v1"),
    FieldRow("entry", "model", "Model", "empty on a local server: its first model"),
    FieldRow("entry", "api_key_env", "Key variable", "the environment variable with the key"),
    FieldRow("secret", "api_key_typed", "API key", "for Test connection; saved only if ticked"),
    FieldRow("toggle", "store_key_in_file", "Store the key in settings.toml (plain text)"),
    FieldRow("dropdown", "embedder", "Embeddings", "", tuple((v, k) for k, v in EMBEDDER_LABELS.items())),
    FieldRow("entry", "embedding_model", "Embedding model", "for endpoint embeddings"),
    FieldRow("entry", "budget_usd", "Budget (USD)", "spending stops here; 0 = no budget"),
    FieldRow("heading", "", "Simulation"),
    FieldRow("dropdown", "time_policy", "Time policy", "", tuple((v, k) for k, v in TIME_POLICY_LABELS.items())),
    FieldRow("entry", "workers", "Workers", f"operations in parallel (1-{MAX_WORKERS})"),
    FieldRow("entry", "max_concurrent_requests", "Calls at once", f"a cap on requests at once (1-{MAX_CONCURRENT_REQUESTS}); empty: as many as workers"),
    FieldRow("entry", "timeout_seconds", "Request timeout (s)", "seconds per model request"),
    FieldRow("heading", "", "Saves"),
    FieldRow("entry", "autosave_interval_game_minutes", "Autosave every", "game minutes (1-1440)"),
    FieldRow("entry", "autosave_slots_kept", "Autosaves kept", "autosave slots before reuse (1-100)"),
    FieldRow("heading", "", "Other"),
    FieldRow("toggle", "cache_enabled", "Cache model answers (same question, same answer, no cost)"),
    FieldRow("toggle", "detect_local_servers", "Look for a local model server when none is set"),
)

TEXT_ID = "#form_text"


def _text_id(class_id: str | None) -> ObjectID:
    return ObjectID(object_id=TEXT_ID, class_id=class_id)


def toggle_text(label: str, on: bool) -> str:
    return f"[{'x' if on else '  '}]  {label}"


class SettingsScene:
    """See the module docstring. ``on_saved`` is called after each successful save."""

    def __init__(self, stack: SceneStack, settings_path: Path, viewport_size_px: tuple[int, int],
                 on_saved: Callable[[], None] | None = None, *,
                 environ: Mapping[str, str] | None = None) -> None:
        self.stack = stack
        self.settings_path = settings_path
        self.on_saved = on_saved
        self.environ = os.environ if environ is None else environ
        self.tester = ConnectionTester()
        self.testing = False
        self.status_text = ""
        self.status_class: str | None = "@dim"
        self.field_messages: dict[str, str] = {}
        try:
            form = load(settings_path)
        except SettingsError as error:
            form = SettingsForm()
            self.status_text = f"Could not read the settings: {error}. Showing the defaults."
            self.status_class = "@field_error"
        self.size_px = viewport_size_px
        self.manager = make_ui_manager(viewport_size_px)
        self._build(form)

    # -- building -----------------------------------------------------------------------------------

    def _build(self, form: SettingsForm) -> None:
        width, height = self.size_px
        manager = self.manager
        self.entries: dict[str, UITextEntryLine] = {}
        self.dropdowns: dict[str, UIDropDownMenu] = {}
        self.toggles: dict[str, UIButton] = {}
        self.toggle_state: dict[str, bool] = {}
        self.messages: dict[str, UILabel] = {}
        self._message_shown: dict[str, tuple[str, str]] = {}
        self._dropdown_rects: dict[str, pygame.Rect] = {}
        self.row_top_px: dict[str, int] = {}
        inner_width = width - 2 * MARGIN_PX
        self.title = UILabel(pygame.Rect(MARGIN_PX, 8, 300, TITLE_HEIGHT_PX), "Settings", manager,
                             object_id=_text_id("@title"))
        self.note = UILabel(pygame.Rect(MARGIN_PX, 8 + TITLE_HEIGHT_PX, inner_width, NOTE_HEIGHT_PX),
                            NEXT_TOWN_NOTE, manager, object_id=_text_id("@dim"))
        top = 8 + TITLE_HEIGHT_PX + NOTE_HEIGHT_PX + 8
        view_height = max(120, height - top - FOOTER_HEIGHT_PX)
        self.scroller = UIScrollingContainer(pygame.Rect(MARGIN_PX, top, inner_width, view_height), manager,
                                             allow_scroll_x=False)
        content_width = inner_width - SCROLLBAR_ROOM_PX
        widget_width = max(240, min(WIDGET_MAX_WIDTH_PX, int(content_width * 0.36)))
        message_left = LABEL_WIDTH_PX + widget_width + 12
        message_width = max(60, content_width - message_left)
        y = 4
        for row in ROWS:
            if row.kind == "heading":
                UILabel(pygame.Rect(0, y, content_width, HEADING_HEIGHT_PX), row.label, manager,
                        container=self.scroller, object_id=_text_id("@heading"))
                y += HEADING_HEIGHT_PX
                continue
            self.row_top_px[row.field] = y
            widget_rect = pygame.Rect(LABEL_WIDTH_PX, y, widget_width, ROW_HEIGHT_PX)
            if row.kind == "toggle":
                on = bool(getattr(form, row.field))
                self.toggle_state[row.field] = on
                toggle_width = min(widget_width + message_width, TOGGLE_CHAR_PX * len(row.label) + 60)
                self.toggles[row.field] = UIButton(
                    pygame.Rect(LABEL_WIDTH_PX, y, toggle_width, ROW_HEIGHT_PX),
                    toggle_text(row.label, on), manager, container=self.scroller, object_id=_text_id(None))
                message_rect = None
            else:
                UILabel(pygame.Rect(0, y, LABEL_WIDTH_PX - 10, ROW_HEIGHT_PX), row.label, manager,
                        container=self.scroller, object_id=_text_id(None))
                message_rect = pygame.Rect(message_left, y, message_width, ROW_HEIGHT_PX)
            if row.kind in ("entry", "secret"):
                entry = UITextEntryLine(widget_rect, manager, container=self.scroller)
                if row.kind == "secret":
                    entry.set_text_hidden(True)
                entry.set_text(str(getattr(form, row.field)))
                self.entries[row.field] = entry
            elif row.kind == "dropdown":
                value = str(getattr(form, row.field))
                chosen = next((option for option in row.options if option[1] == value), row.options[0])
                self._dropdown_rects[row.field] = widget_rect
                self.dropdowns[row.field] = UIDropDownMenu(list(row.options), chosen, widget_rect, manager,
                                                           container=self.scroller)
            if message_rect is not None:
                self.messages[row.field] = UILabel(message_rect, "", manager, container=self.scroller,
                                                   object_id=_text_id("@dim"))
            y += ROW_HEIGHT_PX + ROW_GAP_PX
        self.scroller.set_scrollable_area_dimensions((content_width, y + 8))
        footer_top = height - FOOTER_HEIGHT_PX + 8
        self.status = UILabel(pygame.Rect(MARGIN_PX, footer_top, inner_width, 28), "", manager,
                              object_id=_text_id(self.status_class))
        button_width, button_height = BUTTON_SIZE_PX
        buttons_top = footer_top + 34
        right = width - MARGIN_PX
        self.back_button = UIButton(pygame.Rect(right - button_width, buttons_top, button_width, button_height),
                                    "Back", manager)
        self.save_button = UIButton(pygame.Rect(right - 2 * button_width - 10, buttons_top, button_width,
                                                button_height), "Save", manager,
                                    object_id=ObjectID(class_id="@primary_button"))
        self.test_button = UIButton(pygame.Rect(MARGIN_PX, buttons_top, button_width + 30, button_height),
                                    "Test connection", manager)
        self._show_status(self.status_text, self.status_class)
        self._show_messages(form)

    def _show_messages(self, form: SettingsForm) -> None:
        """Each field's error (in red) or else its hint (dim)."""
        preset = PRESETS_BY_ID.get(form.preset)
        for row in ROWS:
            label = self.messages.get(row.field)
            if label is None:
                continue
            error = self.field_messages.get(row.field)
            hint = preset.hint if row.field == "preset" and preset is not None else row.hint
            text, class_id = (error, "@field_error") if error else (hint, "@dim")
            if self._message_shown.get(row.field) != (text, class_id):
                self._message_shown[row.field] = (text, class_id)
                label.change_object_id(_text_id(class_id))
                label.set_text(text)

    def _show_status(self, text: str, class_id: str | None) -> None:
        self.status_text, self.status_class = text, class_id
        self.status.change_object_id(_text_id(class_id))
        self.status.set_text(text)

    # -- the form -----------------------------------------------------------------------------------

    def current_form(self) -> SettingsForm:
        """The form as the widgets show it now."""
        values: dict[str, object] = {name: entry.get_text() for name, entry in self.entries.items()}
        for name, dropdown in self.dropdowns.items():
            values[name] = dropdown.selected_option[1]
        values.update(self.toggle_state)
        return replace(SettingsForm(), **values)  # type: ignore[arg-type]

    def field_message(self, field: str) -> str:
        """What is shown next to ``field`` now (its error, or its hint)."""
        label = self.messages.get(field)
        return label.text if label is not None else ""

    def choose_preset(self, preset_id: str) -> None:
        """Pick a provider preset: its values go into the fields."""
        form = apply_preset(self.current_form(), preset_id)
        if self.dropdowns["preset"].selected_option[1] != preset_id:
            self._set_dropdown("preset", preset_id)
        for name in ("base_url", "model", "api_key_env"):
            if self.entries[name].get_text() != getattr(form, name):
                self.entries[name].set_text(getattr(form, name))
        if form.embedder != self.dropdowns["embedder"].selected_option[1]:
            self._set_dropdown("embedder", form.embedder)
        self.field_messages = {key: value for key, value in self.field_messages.items()
                               if key not in ("preset", "base_url", "model", "api_key_env", "embedder")}
        self._show_messages(form)

    def _set_dropdown(self, field: str, value: str) -> None:
        """Show ``value`` in a dropdown (pygame_gui has no setter: the menu is made anew in its place)."""
        row = next(row for row in ROWS if row.field == field)
        chosen = next((option for option in row.options if option[1] == value), row.options[0])
        self.dropdowns[field].kill()
        self.dropdowns[field] = UIDropDownMenu(list(row.options), chosen, self._dropdown_rects[field],
                                               self.manager, container=self.scroller)

    def save(self) -> bool:
        """Check every field; write settings.toml only when all are fine. True when written."""
        form = self.current_form()
        errors = validate(form)
        self.field_messages = errors_by_field(errors)
        self._show_messages(form)
        if errors:
            count = len(self.field_messages)
            self._show_status(f"Not saved: {count} field{'s' if count > 1 else ''} to fix — {errors[0].message}",
                              "@field_error")
            self._scroll_to(errors[0].field)
            return False
        try:
            save(form, self.settings_path)
        except OSError as error:
            self._show_status(f"Could not write {self.settings_path}: {error.strerror or error}", "@field_error")
            return False
        log.info("settings saved to %s", self.settings_path)
        self._show_status(f"Saved to {self.settings_path}. The next town started uses these settings.",
                          "@ok_text")
        if self.on_saved is not None:
            self.on_saved()
        return True

    def _scroll_to(self, field: str) -> None:
        bar = self.scroller.vert_scroll_bar
        top = self.row_top_px.get(field)
        if bar is None or top is None:
            return
        total = self.scroller.scrollable_container.rect.height
        bar.set_scroll_from_start_percentage(max(0.0, min(1.0, (top - ROW_HEIGHT_PX) / max(1, total))))

    def test_connection(self) -> None:
        """Start the one-call connection test on the worker; ``update`` shows the answer when it comes."""
        target = target_from_form(self.current_form(), self.environ)
        if isinstance(target, str):
            self._show_status(target, "@dim")
            return
        self.tester.start(target)
        self.testing = True
        self._show_status(f"Testing {target.model or 'the server'} at {masked_url(target.base_url)} ...",
                          "@banner_wait")

    def go_back(self) -> None:
        if self.stack.top is self:
            self.stack.pop()

    # -- Scene protocol -----------------------------------------------------------------------------

    def _text_focused(self) -> bool:
        return any(entry.is_focused for entry in self.entries.values())

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if self._text_focused():
                self.manager.set_focus_set(None)
                return True
            return False  # the stack pops this scene
        used = self.manager.process_events(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            element = event.ui_element
            if element is self.save_button:
                self.save()
            elif element is self.back_button:
                self.go_back()
            elif element is self.test_button:
                self.test_connection()
            else:
                for name, button in self.toggles.items():
                    if element is button:
                        self.toggle_state[name] = not self.toggle_state[name]
                        label = next(row.label for row in ROWS if row.field == name)
                        button.set_text(toggle_text(label, self.toggle_state[name]))
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.dropdowns.get("preset"):
                self.choose_preset(event.selected_option_id)
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            return True
        if getattr(event, "ui_element", None) is not None:
            return True
        if event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.MOUSEBUTTONDOWN,
                          pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL):
            return True  # nothing under this screen should react to them
        return used

    def update(self, dt_seconds: float) -> None:
        if self.testing:
            result = self.tester.poll()
            if result is not None:
                self.testing = False
                self._show_status(result.summary, "@ok_text" if result.ok else "@field_error")
        self.manager.update(dt_seconds)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        self.manager.draw_ui(surface)

    def resize(self, size_px: tuple[int, int]) -> None:
        if tuple(size_px) == tuple(self.size_px):
            return
        form = self.current_form()
        self.size_px = (int(size_px[0]), int(size_px[1]))
        self.manager.set_window_resolution(self.size_px)
        self.manager.clear_and_reset()
        self._build(form)

    def request_quit(self) -> bool:
        return False

    def close(self) -> None:
        self.tester.close()
        self.manager.clear_and_reset()
