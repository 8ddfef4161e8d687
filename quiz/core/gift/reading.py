"""GIFT text into questions: each block read on its own, every kind this app cannot take listed by line and type."""

import re
from dataclasses import dataclass, field

from quiz.core.gift.syntax import (
    CONTROL,
    Answer,
    GiftError,
    GiftProblem,
    NotTaken,
    Question,
    Unsupported,
    protect,
    restore,
    strip_format,
)

META_KEYS = ("id", "article", "kind", "skill", "difficulty", "sentences", "evidence", "excerpt")
_META = re.compile(r"^//\s*(" + "|".join(META_KEYS) + r"):\s?(.*)$")
_TRUE_FALSE = re.compile(r"^(T|TRUE|F|FALSE)\s*(?:#(.*?))?\s*(?:#(.*))?$", re.DOTALL)
_WEIGHT = re.compile(r"^\s*%-?[0-9.]+%")


@dataclass
class Reading:
    """What a GIFT file holds: the questions this app can take, those it cannot, and what is malformed."""

    questions: list[Question] = field(default_factory=list)
    unsupported: list[Unsupported] = field(default_factory=list)
    problems: list[GiftProblem] = field(default_factory=list)


def control_problems(text: str) -> list[GiftProblem]:
    """A line holding a NUL, another control character or a bidi override, each named once."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if match := CONTROL.search(line):
            problems.append(GiftProblem(number, f"holds the control character U+{ord(match.group()):04X}; remove it"))
            if len(problems) >= 50:
                break
    return problems


def blocks(text: str) -> list[tuple[int, list[str]]]:
    """Questions are separated by blank lines; each block keeps the line it starts on."""
    found: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            found.append((start, current))
            current = []
    if current:
        found.append((start, current))
    return found


def read(text: str) -> Reading:
    """Every question of a GIFT file, sorted into those taken, those of other kinds, and problems."""
    reading = Reading()
    text = text.replace("\r\n", "\n")
    if problems := control_problems(text):
        reading.problems = problems
        return reading
    for start, lines in blocks(text):
        meta: dict[str, str] = {}
        body: list[str] = []
        line = start
        for offset, raw in enumerate(lines):
            stripped = raw.strip()
            if not body and stripped.startswith("//"):
                if match := _META.match(stripped):
                    meta[match.group(1)] = match.group(2).strip()
                line = start + offset + 1
                continue
            if not body and stripped.startswith("$CATEGORY"):
                line = start + offset + 1
                continue
            if not stripped.startswith("//"):
                body.append(stripped)
        if not body:
            continue
        source = " ".join(body)
        try:
            reading.questions.append(question(source, line, meta))
        except NotTaken as error:
            reading.unsupported.append(Unsupported(line, error.kind, _title(source), str(error)))
        except ValueError as error:
            reading.problems.append(GiftProblem(line, str(error)))
    return reading


def parse(text: str) -> list[Question]:
    """Every question of a GIFT file, or ``GiftError`` listing each one that cannot be read or taken."""
    reading = read(text)
    problems = reading.problems + [GiftProblem(u.line, u.reason) for u in reading.unsupported]
    if problems:
        raise GiftError(sorted(problems, key=lambda p: p.line))
    return reading.questions


def _title(source: str) -> str:
    match = re.match(r"^::(.*?)::", source)
    return match.group(1).strip() if match else ""


def _clean(text: str) -> str:
    return strip_format(text.strip()).strip()


def question(source: str, line: int, meta: dict[str, str]) -> Question:
    """One question's text read into its parts; ``NotTaken`` for a kind this app has not."""
    protected, kept = protect(source)
    title = ""
    if protected.startswith("::"):
        end = protected.find("::", 2)
        if end < 0:
            raise ValueError("the title is not closed with ::")
        title, used = restore(protected[2:end], kept, 0)
        protected = protected[end + 2 :]
        kept = kept[used:]
    opening = protected.find("{")
    closing = protected.find("}", opening + 1) if opening >= 0 else -1
    if opening < 0:
        raise NotTaken("description", "a description (no answers in { }) cannot be imported")
    if closing < 0:
        raise ValueError("the answers are not closed with }")
    after = protected[closing + 1 :].strip()
    head, used = restore(protected[:opening], kept, 0)
    body = protected[opening + 1 : closing].strip()
    if not body:
        raise NotTaken("essay", "an essay question (empty { }) cannot be imported")
    if body.startswith("#"):
        raise NotTaken("numeric", "a numeric question cannot be imported")
    if re.search(r"\w", after):
        raise NotTaken("missing-word", "text after the answers (a missing-word question) cannot be imported")
    if "{" in body or "{" in protected[closing + 1 :]:
        raise ValueError("a question has one set of answers in { }")
    head = strip_format(head).strip()  # punctuation left after the answers (a stray "}." or '";') is dropped
    result = Question(line=line, title=title.strip(), text=head, answers=[], meta=meta)
    general = ""
    if "####" in body:
        body, general = body.split("####", 1)
    pieces = used
    if match := _TRUE_FALSE.match(body.strip()):
        truth = match.group(1).startswith("T")
        wrong_fb, pieces = restore(match.group(2) or "", kept, pieces)
        right_fb, pieces = restore(match.group(3) or "", kept, pieces)
        wrong_fb, right_fb = _clean(wrong_fb), _clean(right_fb)
        result.true_false = True
        result.answers = [
            Answer("True", truth, right_fb if truth else wrong_fb),
            Answer("False", not truth, wrong_fb if truth else right_fb),
        ]
    else:
        # A matching question pairs "=a -> b" items and has no "~"; an arrow inside a choice is just text.
        if "->" in body and "~" not in body:
            raise NotTaken("matching", "a matching question cannot be imported")
        if body.strip()[0] not in "=~":
            raise ValueError("answers must start with = (right) or ~ (wrong)")
        items = re.findall(r"([=~])([^=~]*)", body)
        if any(_WEIGHT.match(item) for _, item in items):
            reason = "weighted answers (~%50%) cannot be imported: one answer is right, the rest wrong"
            raise NotTaken("weighted", reason)
        for sign, item in items:
            text, _, feedback = item.partition("#")
            text, pieces = restore(text, kept, pieces)
            feedback, pieces = restore(feedback, kept, pieces)
            result.answers.append(Answer(_clean(text), sign == "=", _clean(feedback)))
        if not any(not a.correct for a in result.answers):
            raise NotTaken("short-answer", "a short-answer question (only = answers) cannot be imported")
    general, pieces = restore(general, kept, pieces)
    result.general_feedback = _clean(general)
    return result
