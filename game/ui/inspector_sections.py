"""What each tab of the inspector lists, worked out from a frozen resident view as plain rows.

Plan, Talk, Reflections, People and Ask become :class:`TextBlock` rows; Memories stay
:class:`MemoryView` rows (drawn by :func:`render_memory_row`) filtered by kind and text, so 5,000 of
them cost a filter and a running sum, never 5,000 widgets. Nothing here draws to the screen.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from agents.views.resident_view import (
    ConversationView,
    InterviewView,
    MemoryView,
    ReflectionView,
    RelationshipView,
    ResidentDetailView,
    ScheduleItemView,
)
from game.ui.inspector_text import (
    ACCENT,
    BORDER,
    DIM,
    HIGHLIGHT_BG,
    LINK,
    NOW_BG,
    PANEL_BG,
    ROW_PAD_PX,
    TEXT,
    WHISPER,
    Style,
    TextBlock,
    day_hhmm,
    fit,
    hhmm,
    wrap,
)

MEMORY_KINDS = ("all", "event", "thought", "chat", "reflection")
STEP_MARKS = {"done": "done", "now": "» now", "next": "next"}


# -- Plan ---------------------------------------------------------------------------------------------

def plan_blocks(view: ResidentDetailView) -> list[TextBlock]:
    blocks: list[TextBlock] = []
    if view.daily_plan:
        blocks.append(TextBlock("Today's plan", Style.HEADING))
        blocks.extend(TextBlock(item, Style.BODY, indent_px=8, prefix="• ", prefix_colour=DIM)
                      for item in view.daily_plan)
    blocks.append(TextBlock("Schedule", Style.HEADING, gap_above_px=6 if blocks else 0))
    if not view.schedule:
        blocks.append(TextBlock("no schedule yet (it is made when they wake up)", Style.DIM))
    for item in view.schedule:
        blocks.extend(_schedule_item_blocks(item))
    return blocks


def _schedule_item_blocks(item: ScheduleItemView) -> list[TextBlock]:
    hours = f"{item.start_hour:02d}:00–{item.end_hour:02d}:00  "
    if item.is_current:
        out = [TextBlock(item.activity, Style.NOW, prefix="» " + hours, background=NOW_BG)]
    else:
        out = [TextBlock(item.activity, Style.STRONG, prefix=hours, prefix_colour=DIM)]
    for step in item.steps:
        mark = STEP_MARKS.get(step.status, step.status)
        when = f"{hhmm(step.start)} " if step.start is not None else ""
        text = f"{step.description} ({step.duration_minutes:g} min)"
        if step.address:
            text += f" at {short_place(step.address)}"
        style = Style.NOW if step.status == "now" else (Style.DIM if step.status == "done" else Style.BODY)
        out.append(TextBlock(text, style, indent_px=18, prefix=f"{when}{mark}  ",
                             prefix_colour=ACCENT if step.status == "now" else DIM))
    return out


def short_place(address: str) -> str:
    """"world:sector:arena:object" shown as "sector › arena › object"."""
    parts = [part for part in address.split(":")[1:] if part]
    return " › ".join(parts) if parts else address


# -- Talk ---------------------------------------------------------------------------------------------

def talk_blocks(view: ResidentDetailView) -> list[TextBlock]:
    blocks: list[TextBlock] = []
    now = view.conversation_now
    if now is not None:
        blocks.append(TextBlock(f"Talking with {now.partner} now (since {hhmm(now.started_at)})", Style.HEADING))
        blocks.extend(_lines(now))
        if not now.lines:
            blocks.append(TextBlock("(they have only just started)", Style.DIM, indent_px=8))
    else:
        blocks.append(TextBlock("Not talking with anyone now", Style.DIM))
    blocks.append(TextBlock(f"Past conversations ({len(view.past_conversations)})", Style.HEADING, gap_above_px=8))
    if not view.past_conversations:
        blocks.append(TextBlock("none yet", Style.DIM))
    for conversation in view.past_conversations:
        blocks.append(TextBlock(f"With {conversation.partner}, {day_hhmm(conversation.started_at)}"
                                f" · {len(conversation.lines)} lines", Style.STRONG, gap_above_px=6))
        blocks.extend(_lines(conversation))
    return blocks


def _lines(conversation: ConversationView) -> list[TextBlock]:
    return [TextBlock(text, Style.BODY, indent_px=8, prefix=f"{speaker}: ") for speaker, text in conversation.lines]


# -- Memories -----------------------------------------------------------------------------------------

_lowered: dict[str, str] = {}


def filter_memories(memories: Sequence[MemoryView], kind: str, search: str) -> list[MemoryView]:
    """Memories of ``kind`` ("all" for any) whose description contains ``search`` (any case)."""
    needle = search.strip().lower()
    if kind == "all" and not needle:
        return list(memories)
    if len(_lowered) > 50_000:
        _lowered.clear()
    out = []
    for memory in memories:
        if kind != "all" and memory.kind != kind:
            continue
        if needle:
            text = _lowered.get(memory.description)
            if text is None:
                text = _lowered[memory.description] = memory.description.lower()
            if needle not in text:
                continue
        out.append(memory)
    return out


def memory_meta(memory: MemoryView) -> str:
    seen = (hhmm(memory.last_access) if memory.last_access.date() == memory.created_at.date()
            else f"{memory.last_access:%a %H:%M}")
    return f"{memory.kind} · importance {memory.importance} · {memory.created_at:%a %H:%M} · seen {seen}"


_memory_heights: dict[tuple[str, int], int] = {}


def memory_row_height(memory: MemoryView, width_px: int) -> int:
    """Called for every memory when the list changes: one dictionary look-up once it is known."""
    key = (memory.description, width_px)
    height = _memory_heights.get(key)
    if height is None:
        if len(_memory_heights) > 50_000:
            _memory_heights.clear()
        lines = wrap(memory.description, Style.BODY, width_px - 8)
        height = Style.DIM.font.get_linesize() + len(lines) * Style.BODY.font.get_linesize() + 2 * ROW_PAD_PX + 1
        _memory_heights[key] = height
    return height


class MemoryHeights:
    """Row heights of one resident's memories at one width, by memory id (a memory's text never
    changes), so listing 5,000 memories again costs one look-up each and no text measuring."""

    def __init__(self) -> None:
        self._by_id: dict[tuple[str, int], list[int]] = {}

    def heights(self, resident: str, memories: Sequence[MemoryView], width_px: int) -> list[int]:
        by_id = self._by_id.setdefault((resident, width_px), [])
        if memories and memories[0].memory_id >= len(by_id):  # newest first: the largest id leads
            by_id.extend([-1] * (memories[0].memory_id + 257 - len(by_id)))
        try:
            heights = [by_id[memory.memory_id] for memory in memories]
        except IndexError:
            top = max(memory.memory_id for memory in memories)
            by_id.extend([-1] * (top + 1 - len(by_id)))
            heights = [by_id[memory.memory_id] for memory in memories]
        if -1 in heights:
            for index, height in enumerate(heights):
                if height == -1:
                    memory = memories[index]
                    heights[index] = by_id[memory.memory_id] = memory_row_height(memory, width_px)
        return heights


def render_memory_row(memory: MemoryView, width_px: int, highlighted: bool) -> pygame.Surface:
    surface = pygame.Surface((width_px, memory_row_height(memory, width_px)))
    surface.fill(HIGHLIGHT_BG if highlighted else PANEL_BG)
    if highlighted:
        pygame.draw.rect(surface, ACCENT, surface.get_rect(), 1, border_radius=3)
    meta_font, body_font = Style.DIM.font, Style.BODY.font
    y = ROW_PAD_PX
    meta = memory_meta(memory)
    tag = " · whispered" if memory.whispered else ""
    meta_width = width_px - 8 - (meta_font.size(tag)[0] if tag else 0)
    meta = fit(meta, Style.DIM, meta_width)
    surface.blit(meta_font.render(meta, True, LINK if memory.kind == "reflection" else DIM), (4, y))
    if tag:
        surface.blit(meta_font.render(tag, True, WHISPER), (4 + meta_font.size(meta)[0], y))
    y += meta_font.get_linesize()
    for line in wrap(memory.description, Style.BODY, width_px - 8):
        surface.blit(body_font.render(line, True, TEXT), (4, y))
        y += body_font.get_linesize()
    pygame.draw.line(surface, BORDER, (0, surface.get_height() - 1), (width_px, surface.get_height() - 1))
    return surface


# -- Reflections --------------------------------------------------------------------------------------

def reflection_blocks(reflections: Sequence[ReflectionView]) -> list[TextBlock]:
    if not reflections:
        return [TextBlock("no reflections yet (they come once enough has happened)", Style.DIM)]
    blocks: list[TextBlock] = []
    for number, reflection in enumerate(reflections):
        memory = reflection.memory
        blocks.append(TextBlock(f"{day_hhmm(memory.created_at)} · importance {memory.importance}", Style.DIM,
                                gap_above_px=8 if number else 0))
        blocks.append(TextBlock(memory.description, Style.STRONG, target=memory.memory_id))
        if reflection.evidence:
            blocks.append(TextBlock("rests on (click to see it among the memories):", Style.DIM, indent_px=12))
        for evidence in reflection.evidence:
            blocks.append(TextBlock(evidence.description, Style.LINK, indent_px=12,
                                    prefix=f"{day_hhmm(evidence.created_at)}  ", prefix_colour=DIM,
                                    target=evidence.memory_id))
    return blocks


# -- People -------------------------------------------------------------------------------------------

def people_blocks(relationships: Sequence[RelationshipView]) -> list[TextBlock]:
    if not relationships:
        return [TextBlock("they have not talked with anyone yet", Style.DIM)]
    blocks: list[TextBlock] = []
    for number, person in enumerate(relationships):
        blocks.append(TextBlock(person.name, Style.STRONG, gap_above_px=6 if number else 0))
        times = f"{person.conversations} conversation{'s' if person.conversations != 1 else ''}"
        last = f", last {day_hhmm(person.last_talked_at)}" if person.last_talked_at else ""
        blocks.append(TextBlock(times + last, Style.DIM, indent_px=8))
        blocks.append(TextBlock(person.opinion or "nothing in particular stands out",
                                Style.BODY if person.opinion else Style.DIM, indent_px=8))
    return blocks


# -- Ask ----------------------------------------------------------------------------------------------

def interview_blocks(interview: InterviewView, first_name: str, name: str = "") -> list[TextBlock]:
    """The transcript (the resident's lines in the accent colour, the player's in the link colour),
    then "<first name> is thinking..." while an answer is awaited, then the error if there is one."""
    blocks: list[TextBlock] = []
    if not interview.transcript and not interview.waiting and not interview.error:
        blocks.append(TextBlock(f"Ask {first_name} anything: they answer from their own memories. "
                                "A whisper plants a memory they will believe is their own thought.", Style.DIM))
    for speaker, text in interview.transcript:
        blocks.append(TextBlock(text, Style.BODY, prefix=f"{speaker}: ",
                                prefix_colour=ACCENT if speaker in (name, first_name) else LINK))
    if interview.waiting:
        blocks.append(TextBlock(f"{first_name} is thinking...", Style.NOW))
    if interview.error:
        blocks.append(TextBlock(interview.error, Style.ERROR))
    return blocks


__all__ = ["MEMORY_KINDS", "MemoryHeights", "filter_memories", "interview_blocks", "memory_meta", "memory_row_height",
           "people_blocks", "plan_blocks", "reflection_blocks", "render_memory_row", "short_place", "talk_blocks"]
