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
from functools import lru_cache

import ftfy
from wordfreq import zipf_frequency

DAMAGED_QUOTE = "\u0e42"
_THAI = re.compile(r"[\u0e01-\u0e5b]")
_OPENERS = set(" \t\n([{\u2014\u2013-/")
_DECADE = re.compile(r"\d\ds\b")
_RUN_TOGETHER = re.compile(r"\b[a-z]{7,40}\b")  # longer is no pair of words, and costly to try

# A half must be a common word (zipf 3 is about once per million words) and the whole unknown.
_COMMON_WORD = 3.0


@dataclass(frozen=True)
class Change:
    """One place where the repaired text differs from what was received; ``at`` is its offset in the repaired text."""

    before: str
    after: str
    context: str
    at: int = 0


@dataclass
class Repair:
    """The repaired text and the list of changes a teacher is shown."""

    text: str
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


# UTF-8's closing quote read as Windows-1252 is ``â€`` and an invisible U+009D; once that is lost,
# ftfy reads ``â€`` and the space after it as a dagger. Putting the U+009D back lets ftfy see a quote.
_LOST_CLOSING_QUOTE = re.compile("\u00e2\u20ac(?=[\\s.,;:!?)\\]]|$)")


def repair(received: str, keep_layout: bool = False) -> Repair:
    """Repair ``received`` and list every change made to it; the last few results are kept.

    By default the layout is tidied too (line endings unified, lines trimmed, blank lines at the
    ends dropped), as an article is stored; ``keep_layout`` changes only the damaged characters,
    so paragraphs and the final newline stay where they were.
    """
    done = _repair(received, keep_layout)
    return Repair(text=done.text, changes=list(done.changes))


@lru_cache(maxsize=8)
def _repair(received: str, keep_layout: bool) -> Repair:
    """Repair once; ``repair`` hands out copies."""
    before = received.replace("\r\n", "\n").replace("\r", "\n") if keep_layout else normalise_layout(received)
    text = _LOST_CLOSING_QUOTE.sub("\u00e2\u20ac\u009d", before)
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=False)
    text = restore_lossy_quotes(text)
    text = split_run_together_words(text)
    return Repair(text=text, changes=list_changes(before, text))


def normalise_layout(text: str) -> str:
    """Unify line endings, trim each line and drop blank lines at either end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def restore_lossy_quotes(text: str) -> str:
    """Turn each damaged ``โ`` back into an apostrophe or an opening or closing quote.

    A ``โ`` beside a Thai letter is real Thai and stays. Between two letters it is an apostrophe
    (``California’s``); with a space on both sides it is a dash; before two digits and an ``s`` it
    is the apostrophe of a decade (``’90s``). After a space or at the start of a line it opens a quotation. Otherwise it
    closes the open quotation, or, when none is open, it is an apostrophe after a plural
    (``the states’ laws``).
    """
    if DAMAGED_QUOTE not in text:
        return text
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
        elif _DECADE.match(text, i + 1):
            out.append("\u2019")  # ’90s, ’24: an apostrophe for the missing digits
        elif before.isalnum() and after.isalpha():
            out.append("\u2019")
        elif before == " " and after == " ":
            out.append("\u2014")  # a spaced dash; a quotation mark touches its words
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
_LONG_LINE = 20_000  # past this a paragraph is compared word by word, not letter by letter


def list_changes(before: str, after: str) -> list[Change]:
    """Every changed stretch, one per damaged mark, widened to its word and shown in context."""
    if before == after:
        return []
    lines_a, lines_b = before.split("\n"), after.split("\n")
    if len(lines_a) != len(lines_b):
        lines_a, lines_b = [before], [after]
    changes, offset = [], 0
    for line_a, line_b in zip(lines_a, lines_b, strict=True):
        if line_a != line_b:
            changes += [Change(c.before, c.after, c.context, c.at + offset) for c in _line_changes(line_a, line_b)]
        offset += len(line_b) + 1
    return changes


_WINDOW = 24  # a repair changes at most this many letters (or words) in one place
_ANCHOR = 2  # letters (or words) that must agree again after a change (marks can stand two apart: "โ. โ")


def local_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """The changed stretches between two sequences, as ``difflib`` opcodes, in time linear in their length.

    A repair changes text only here and there (a mark, a missing space), so after each difference
    the two sides agree again within a few letters: walk both, and at a difference look for the
    nearest point (least skipped on both sides together) where ``_ANCHOR`` items agree again.
    ``difflib.SequenceMatcher`` finds the same stretches but takes quadratic time on a long paragraph.
    Where no such point is near (not a repair), the rest of the line is handed to ``difflib``.
    """
    ops: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i, j = i + 1, j + 1
            continue
        found = _resync(a, b, i, j)
        if found is None:
            rest = difflib.SequenceMatcher(a=a[i:], b=b[j:], autojunk=False).get_opcodes()
            return ops + [(tag, a1 + i, a2 + i, b1 + j, b2 + j) for tag, a1, a2, b1, b2 in rest if tag != "equal"]
        di, dj = found
        ops.append(("replace" if di and dj else "delete" if di else "insert", i, i + di, j, j + dj))
        i, j = i + di, j + dj
    if i < len(a) or j < len(b):
        ops.append(
            ("replace" if i < len(a) and j < len(b) else "delete" if i < len(a) else "insert", i, len(a), j, len(b))
        )
    return ops


def _resync(a: list[str], b: list[str], i: int, j: int) -> tuple[int, int] | None:
    """The fewest items to skip on each side (fewest in all first) after which the two agree again."""
    for total in range(1, 2 * _WINDOW + 1):
        for di in range(max(0, total - _WINDOW), min(total, _WINDOW) + 1):
            dj = total - di
            x, y = a[i + di : i + di + _ANCHOR], b[j + dj : j + dj + _ANCHOR]
            at_both_ends = i + di + len(x) == len(a) and j + dj + len(y) == len(b)
            if x == y and (len(x) == _ANCHOR or at_both_ends):
                return di, dj
    return None


def _line_changes(before: str, after: str) -> list[Change]:
    if max(len(before), len(after)) > _LONG_LINE:
        a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    else:
        a, b = list(before), list(after)
    opcodes = local_opcodes(a, b)
    # Where each piece starts in the repaired text, so a change's offset is in characters.
    starts_b = _starts(b)
    changes = []
    for n, (_, a1, a2, b1, b2) in enumerate(opcodes):
        # Widen to the whole word around a changed mark, but never into a word another change shares.
        prev_a = opcodes[n - 1][2] if n else 0
        next_a = opcodes[n + 1][1] if n + 1 < len(opcodes) else len(a)
        if not any(t.isspace() for t in a[prev_a:a1]) and n:
            left = 0
        else:
            left = 0
            while a1 - left > prev_a and not a[a1 - left - 1].isspace():
                left += 1
        if not any(t.isspace() for t in a[a2:next_a]) and n + 1 < len(opcodes):
            right = 0
        else:
            right = 0
            while a2 + right < next_a and not a[a2 + right].isspace():
                right += 1
        a1, a2, b1, b2 = a1 - left, a2 + right, b1 - left, b2 + right
        at, end = starts_b[b1], starts_b[b2]
        changes.append(Change("".join(a[a1:a2]), after[at:end], _context(after, at, end), at))
    return changes


def _starts(pieces: list[str]) -> list[int]:
    starts, total = [], 0
    for piece in pieces:
        starts.append(total)
        total += len(piece)
    starts.append(total)
    return starts


def _context(line: str, start: int, end: int, width: int = 40) -> str:
    """The repaired words around a change, cut at word boundaries."""
    left = line[max(0, start - width) : start]
    right = line[end : end + width]
    if start - width > 0 and " " in left:
        left = left.split(" ", 1)[1]
    if end + width < len(line) and " " in right:
        right = right.rsplit(" ", 1)[0]
    return (left + line[start:end] + right).strip()
