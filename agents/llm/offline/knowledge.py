"""Offline answers for the knowledge interview (the paper's measures): what a resident says they know,
and whether an answer says "yes".

``knowledge_battery`` asks one resident many questions at once (``questions``: ``[{"id", "question",
"memories": [str], "keywords": [str]}]``, see :mod:`agents.research.interview_battery`). The offline
resident answers by what they remember: "yes" when one of the question's memories, or their own
persona card, mentions one of its keywords (case-insensitively), quoting that memory; otherwise "no".
``knowledge_judge`` reads each answer (``items``: ``[{"id", "question", "answer", "fact"}]``) and says
"no" when it opens by denying ("No, ...", "I don't ...") or is empty, else "yes".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from agents.llm.offline.persona_facts import PersonaFacts

_NO_ANSWER = "No, I don't know anything about that."
_DENIALS = ("no", "nope", "not", "never", "i don't", "i do not", "i didn't", "i did not", "i haven't",
            "i have not", "i've never", "i have never", "i'm not", "i am not", "i'm afraid not", "unfortunately")


def _entries(value: object) -> list[Mapping[str, object]]:
    return [entry for entry in value if isinstance(entry, Mapping)] if isinstance(value, (list, tuple)) else []


def _strings(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, (list, tuple)) else []


def _mentioning(texts: Sequence[str], keywords: Sequence[str]) -> str | None:
    wanted = [word.strip().casefold() for word in keywords if word.strip()]
    return next((text for text in texts if any(word in text.casefold() for word in wanted)), None)


def _persona_texts(facts: PersonaFacts) -> list[str]:
    return [text for text in (facts.innate, facts.learned, facts.currently, facts.lifestyle, facts.routine) if text]


def answer_knowledge_battery(context: Mapping[str, object]) -> dict[str, object]:
    facts = PersonaFacts.from_context(context)
    own = _persona_texts(facts)
    answers: list[dict[str, object]] = []
    for question in _entries(context.get("questions")):
        keywords = _strings(question.get("keywords"))
        found = _mentioning(_strings(question.get("memories")), keywords) or _mentioning(own, keywords)
        answer = f"Yes. I remember that {found.strip().rstrip('.')}." if found else _NO_ANSWER
        answers.append({"id": str(question.get("id", "")), "answer": answer[:300]})
    return {"answers": answers}


def _opens_with(words: list[str], phrases: Sequence[str]) -> bool:
    return any(words[:len(phrase.split())] == phrase.split() for phrase in phrases)


def says_yes(answer: str) -> bool:
    """Whether ``answer`` says "yes": it says something, and does not open by denying ("No, ...",
    "I don't ...", "Never ..."); an empty answer is a "no"."""
    words = re.sub(r"[^a-z' ]", " ", answer.casefold().replace("\u2019", "'")).split()
    return bool(words) and not _opens_with(words, _DENIALS)


def answer_knowledge_judge(context: Mapping[str, object]) -> dict[str, object]:
    return {"verdicts": [{"id": str(item.get("id", "")), "verdict": "yes" if says_yes(str(item.get("answer", ""))) else "no"}
                         for item in _entries(context.get("items"))]}
