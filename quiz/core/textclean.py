"""Repair the encoding damage that pasted news text arrives with, and say what was changed.

ftfy repairs the common kinds of mojibake (UTF-8 read as Windows-1252 or Latin-1). One kind it
cannot repair: UTF-8 curly quotes read as Windows-874, where the two bytes that code page cannot
map were dropped and only the Thai letter ``โ`` (U+0E42) is left. Which quote it was is lost, so a
rule of our own puts it back from its position. Words run together by a lost space
(``caseswhere``) are split when, and only when, a word-frequency list knows both halves well and
the whole not at all.
"""

import difflib
import re
from dataclasses import dataclass, field

import ftfy
from wordfreq import zipf_frequency

DAMAGED_QUOTE = "\u0e42"
_THAI = re.compile(r"[\u0e01-\u0e5b]")
_OPENERS = set(" \t\n([{\u2014\u2013-/")
_RUN_TOGETHER = re.compile(r"\b[a-z]{7,40}\b")  # longer is no pair of words, and costly to try

# A half must be a common word (zipf 3 is about once per million words) and the whole unknown.
_COMMON_WORD = 3.0


@dataclass(frozen=True)
class Change:
    """One place where the repaired text differs from what was received."""

    before: str
    after: str
    context: str


@dataclass
class Repair:
    """The repaired text and the list of changes a teacher is shown."""

    text: str
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def repair(received: str) -> Repair:
    """Repair ``received`` and list every change made to it."""
    text = normalise_layout(received)
    text = ftfy.fix_text(text, uncurl_quotes=False)
    text = restore_lossy_quotes(text)
    text = split_run_together_words(text)
    return Repair(text=text, changes=list_changes(normalise_layout(received), text))


def normalise_layout(text: str) -> str:
    """Unify line endings, trim each line and drop blank lines at either end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def restore_lossy_quotes(text: str) -> str:
    """Turn each damaged ``โ`` back into an apostrophe or an opening or closing quote.

    A ``โ`` beside a Thai letter is real Thai and stays. Between two letters it is an apostrophe
    (``California’s``). After a space or at the start of a line it opens a quotation. Otherwise it
    closes the open quotation, or, when none is open, it is an apostrophe after a plural
    (``the states’ laws``).
    """
    out: list[str] = []
    quote_open = False
    for i, char in enumerate(text):
        if char != DAMAGED_QUOTE:
            out.append(char)
            if char == "\n":
                quote_open = False
            continue
        before = text[i - 1] if i > 0 else "\n"
        after = text[i + 1] if i + 1 < len(text) else "\n"
        if _THAI.match(before) or _THAI.match(after):
            out.append(char)
        elif before.isalnum() and after.isalpha():
            out.append("\u2019")
        elif before in _OPENERS:
            out.append("\u201c")
            quote_open = True
        elif quote_open:
            out.append("\u201d")
            quote_open = False
        else:
            out.append("\u2019")
    return "".join(out)


def split_run_together_words(text: str) -> str:
    """Put back a space lost between two lower-case words (``caseswhere`` → ``cases where``)."""
    return _RUN_TOGETHER.sub(lambda m: _best_split(m.group()) or m.group(), text)


def _best_split(word: str) -> str | None:
    if zipf_frequency(word, "en") > 0:
        return None
    best, best_score = None, _COMMON_WORD
    for cut in range(3, len(word) - 2):
        left, right = word[:cut], word[cut:]
        score = min(zipf_frequency(left, "en"), zipf_frequency(right, "en"))
        if score >= best_score:
            best, best_score = f"{left} {right}", score
    return best


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def list_changes(before: str, after: str) -> list[Change]:
    """Compare two texts token by token and return each changed stretch with its context."""
    if before == after:
        return []
    # The matcher's time grows with the square of its input, so compare paragraph by paragraph
    # when the repair kept them (it nearly always does), and only the stretch that differs.
    lines_a, lines_b = before.split("\n"), after.split("\n")
    if len(lines_a) == len(lines_b) > 1:
        return [change for x, y in zip(lines_a, lines_b, strict=True) if x != y for change in list_changes(x, y)]
    a, b = _trim_common(_TOKEN.findall(before), _TOKEN.findall(after))
    changes = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=len(a) > 5000)  # exact for any real paragraph
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        # Widen to the whole words around a changed quote so the teacher sees it in place.
        while a1 > 0 and b1 > 0 and not a[a1 - 1].isspace() and a[a1 - 1] == b[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
        while a2 < len(a) and b2 < len(b) and not a[a2].isspace() and a[a2] == b[b2]:
            a2, b2 = a2 + 1, b2 + 1
        context = "".join(b[max(0, b1 - 6) : b2 + 6]).strip()
        changes.append(Change("".join(a[a1:a2]), "".join(b[b1:b2]), context))
    return changes


def _trim_common(a: list[str], b: list[str], margin: int = 20) -> tuple[list[str], list[str]]:
    """Drop the tokens both ends share, keeping ``margin`` of them around the changes for context."""
    shortest = min(len(a), len(b))
    head = 0
    while head < shortest and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < shortest - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start, end = max(0, head - margin), max(0, tail - margin)
    return a[start : len(a) - end], b[start : len(b) - end]
