"""What every kind of question shares: reading one form value, the graded outcome, selectable words."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Problems = list[tuple[tuple[Any, ...], str]]


class Tampered(ValueError):
    """A submitted value that no honest form could have sent: a 400, never a score."""


@dataclass
class Graded:
    """The outcome of one answer, ready to be stored."""

    credit: float
    correct: bool
    choice_id: int | None = None
    response: Any = None
    # (sentence key, right category, chosen category) for every categorised sentence.
    judgements: list[tuple[str, str, str]] = field(default_factory=list)


def field_name(question: Any, part: str = "") -> str:
    """The name of a form field that answers ``question``: ``q12``, or ``q12-p1s2`` for one part of it."""
    return f"q{question.id}" + (f"-{part}" if part else "")


def single(form: Mapping[str, Any], name: str) -> str | None:
    """The one value sent for ``name`` (stripped), None when absent; sending it twice is tampering."""
    values = form.getlist(name) if hasattr(form, "getlist") else [form[name]] if name in form else []
    if len(values) > 1:
        raise Tampered(f"{name} was sent {len(values)} times")
    value = values[0] if values else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def choice_from(question: Any, value: str | None) -> Any:
    """The question's own choice whose id was sent; anything else is tampering."""
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise Tampered(f"{value[:40]!r} is not a choice")
    choice = next((c for c in question.choices if c.id == int(value)), None)
    if choice is None:
        raise Tampered(f"choice {value} does not belong to this question")
    return choice


_WORD = re.compile(r"[\w’'%$.,-]*\w[\w’'%$-]*")


def words(text: str) -> list[tuple[int, int]]:
    """Start and end of each selectable word, trailing commas and full stops left out."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def key_words(excerpt: str, span: str) -> set[int]:
    """Indices of the excerpt's words that fall inside ``span`` (its first occurrence)."""
    start = excerpt.find(span)
    if start < 0:
        return set()
    end = start + len(span)
    return {i for i, (a, b) in enumerate(words(excerpt)) if a < end and start < b}


def word_parts(text: str) -> list[tuple[str, int | None]]:
    """The text cut into selectable words (with their index) and the gaps between them."""
    parts: list[tuple[str, int | None]] = []
    last = 0
    for index, (start, end) in enumerate(words(text)):
        if start > last:
            parts.append((text[last:start], None))
        parts.append((text[start:end], index))
        last = end
    if last < len(text):
        parts.append((text[last:], None))
    return parts
