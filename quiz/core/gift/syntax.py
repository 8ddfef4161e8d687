"""The parts of a GIFT question, and GIFT's escaping: ``\\`` before ``~ = # { } :`` and ``\\n`` for a newline."""

import html
import re
from dataclasses import dataclass, field

SPECIAL = "\\~=#{}:"
FORMATS = ("html", "markdown", "plain", "moodle")
_FORMAT = re.compile(r"^\s*\[(html|markdown|plain|moodle)\]")
PLACEHOLDER = "\x00"  # stands in for an escaped character while the structure is read; input never has one
# Characters no question text needs and no reader should meet: C0/C1 controls (tab and newline aside),
# and the bidirectional overrides that make text read differently from how it is stored.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Answer:
    text: str
    correct: bool
    feedback: str = ""


@dataclass
class Question:
    """One GIFT question as read: where it starts, its parts, and our ``//`` notes before it."""

    line: int
    title: str
    text: str
    answers: list[Answer]
    general_feedback: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    true_false: bool = False


@dataclass(frozen=True)
class GiftProblem:
    line: int
    message: str


@dataclass(frozen=True)
class Unsupported:
    """A well-formed GIFT question of a kind this app cannot take (matching, numeric, essay …)."""

    line: int
    kind: str
    title: str
    reason: str


class GiftError(ValueError):
    def __init__(self, problems: list[GiftProblem]):
        self.problems = problems
        super().__init__("\n".join(f"line {p.line}: {p.message}" for p in problems))


class NotTaken(ValueError):
    """Raised while reading a question of a kind GIFT has and this app does not."""

    def __init__(self, kind: str, reason: str):
        self.kind = kind
        super().__init__(reason)


def escape(text: str) -> str:
    out = "".join("\\" + ch if ch in SPECIAL else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def choice_text(text: str) -> str:
    """A choice as GIFT text that every reader takes back unchanged.

    A leading ``%50%`` would read as a weight and a leading ``[html]`` as a format marker, so such a
    choice gets an explicit ``[moodle]`` marker first; ``->`` makes some readers see a matching
    question and cannot be escaped, so a choice holding it is written as HTML (``-&gt;``).
    """
    if "->" in text:
        return "[html]" + escape(html.escape(text, quote=False))
    if text.lstrip().startswith(("%", "[")):
        return "[moodle]" + escape(text)
    return escape(text)


def strip_format(text: str) -> str:
    """Text without its leading ``[format]`` marker; HTML entities of ``[html]`` text become characters."""
    match = _FORMAT.match(text)
    if not match:
        return text
    rest = text[match.end() :]
    return html.unescape(rest) if match.group(1) == "html" else rest


def protect(text: str) -> tuple[str, list[str]]:
    """Swap each escaped character for a placeholder, so structure can be read with plain searches."""
    kept: list[str] = []

    def swap(match: re.Match[str]) -> str:
        kept.append("\n" if match.group(1) == "n" else match.group(1))
        return PLACEHOLDER

    return re.sub(r"\\(.)", swap, text), kept


def restore(text: str, kept: list[str], start: int) -> tuple[str, int]:
    """Put escaped characters back into a piece; ``start`` counts placeholders used before it."""
    out, used = [], start
    for ch in text:
        if ch == PLACEHOLDER:
            out.append(kept[used])
            used += 1
        else:
            out.append(ch)
    return "".join(out), used
