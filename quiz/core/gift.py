"""Moodle GIFT: read and write the questions GIFT can express (multiple choice and true/false).

GIFT is the plain-text question format Moodle and many other tools read. It has no article, no
excerpt, no evidence span and no skill, so what this app needs beyond GIFT travels in ``//``
comment lines just before each question (``// skill: source``), which other tools ignore. The
excerpt is the question text after a blank line and ``>``, which Moodle shows as a quotation.

No maintained Python library reads GIFT, so this module does, for the two kinds it supports; every
other GIFT kind (short answer, matching, numeric, essay, missing word, weighted answers) is refused
by name with its line. Plain module: no Flask, no database.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from quiz.core import authoring, bank
from quiz.core.taxonomy import CATEGORIES

SPECIAL = "\\~=#{}:"
META_KEYS = ("id", "article", "kind", "skill", "difficulty", "sentences", "evidence", "excerpt")
_META = re.compile(r"^//\s*(" + "|".join(META_KEYS) + r"):\s?(.*)$")
_TRUE_FALSE = re.compile(r"^(T|TRUE|F|FALSE)\s*(?:#(.*?))?\s*(?:#(.*))?$", re.DOTALL)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")
_LABEL_TO_CATEGORY = {label: key for key, label in CATEGORIES.items()}
_UNESCAPED = "\x00"  # stands in for an escaped character while the structure is being read


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


class GiftError(ValueError):
    def __init__(self, problems: list[GiftProblem]):
        self.problems = problems
        super().__init__("\n".join(f"line {p.line}: {p.message}" for p in problems))


# --- Escaping ---------------------------------------------------------------------------------


def escape(text: str) -> str:
    out = "".join("\\" + ch if ch in SPECIAL else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def _protect(text: str) -> tuple[str, list[str]]:
    """Swap each escaped character for a placeholder, so structure can be read with plain searches."""
    kept: list[str] = []

    def swap(match: re.Match[str]) -> str:
        kept.append("\n" if match.group(1) == "n" else match.group(1))
        return _UNESCAPED

    return re.sub(r"\\(.)", swap, text), kept


def _restore(text: str, kept: list[str], start: int) -> tuple[str, int]:
    """Put escaped characters back into a piece; ``start`` counts placeholders used before it."""
    out, used = [], start
    for ch in text:
        if ch == _UNESCAPED:
            out.append(kept[used])
            used += 1
        else:
            out.append(ch)
    return "".join(out), used


# --- Reading ----------------------------------------------------------------------------------


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Questions are separated by blank lines; each block keeps the line it starts on."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def parse(text: str) -> list[Question]:
    """Every question of a GIFT file, or ``GiftError`` listing each one that cannot be read."""
    questions, problems = [], []
    for start, lines in _blocks(text):
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
                body.append(raw.strip())
        if not body:
            continue
        try:
            questions.append(_question(" ".join(body) if len(body) > 1 else body[0], line, meta))
        except ValueError as error:
            problems.append(GiftProblem(line, str(error)))
    if problems:
        raise GiftError(problems)
    return questions


def _question(source: str, line: int, meta: dict[str, str]) -> Question:
    protected, kept = _protect(source)
    title = ""
    if protected.startswith("::"):
        end = protected.find("::", 2)
        if end < 0:
            raise ValueError("the title is not closed with ::")
        title, used = _restore(protected[2:end], kept, 0)
        protected = protected[end + 2 :]
        kept = kept[used:]
    opening, closing = protected.find("{"), protected.rfind("}")
    if opening < 0 or closing < opening:
        raise ValueError("no answers in { }: a description or essay cannot be imported")
    if protected[closing + 1 :].strip():
        raise ValueError("text after the answers (a missing-word question) cannot be imported")
    head, used = _restore(protected[:opening], kept, 0)
    head = re.sub(r"^\s*\[(html|markdown|plain|moodle)\]", "", head).strip()
    body = protected[opening + 1 : closing].strip()
    if not body:
        raise ValueError("an essay question (empty { }) cannot be imported")
    if body.startswith("#"):
        raise ValueError("a numeric question cannot be imported")
    question = Question(line=line, title=title.strip(), text=head, answers=[], meta=meta)
    general = ""
    if "####" in body:
        body, general_raw = body.split("####", 1)
        general = general_raw
    pieces_used = used
    if match := _TRUE_FALSE.match(body.strip()):
        truth = match.group(1).startswith("T")
        wrong_fb, right_fb = match.group(2) or "", match.group(3) or ""
        wrong_fb, pieces_used = _restore(wrong_fb, kept, pieces_used)
        right_fb, pieces_used = _restore(right_fb, kept, pieces_used)
        question.true_false = True
        question.answers = [
            Answer("True", truth, right_fb.strip() if truth else wrong_fb.strip()),
            Answer("False", not truth, wrong_fb.strip() if truth else right_fb.strip()),
        ]
    else:
        # A matching question pairs "=a -> b" items and has no "~"; an arrow inside a choice is just text.
        if "->" in body and "~" not in body:
            raise ValueError("a matching question cannot be imported")
        items = re.findall(r"([=~])([^=~]*)", body)
        if body.strip() and body.strip()[0] not in "=~":
            raise ValueError("answers must start with = (right) or ~ (wrong)")
        for sign, item in items:
            if item.lstrip().startswith("%"):
                raise ValueError("weighted answers (~%50%) cannot be imported: one answer is right, the rest wrong")
            text, _, feedback = item.partition("#")
            text, pieces_used = _restore(text, kept, pieces_used)
            feedback, pieces_used = _restore(feedback, kept, pieces_used)
            question.answers.append(Answer(text.strip(), sign == "=", feedback.strip()))
        if not any(not a.correct for a in question.answers):
            raise ValueError("a short-answer question (only = answers) cannot be imported")
    general, pieces_used = _restore(general, kept, pieces_used)
    question.general_feedback = general.strip()
    return question


# --- Between GIFT and question specs ----------------------------------------------------------


def split_text(text: str) -> tuple[str, str]:
    """The prompt, and the excerpt quoted after a blank line and ``>``."""
    match = re.search(r"\n\s*\n\s*>\s?", text)
    if not match:
        return text.strip(), ""
    excerpt = " ".join(line.lstrip(">").strip() for line in text[match.end() :].split("\n"))
    return text[: match.start()].strip(), excerpt.strip()


def to_spec(question: Question, default_skill: str | None = None) -> dict[str, Any]:
    """A question spec dict as a question file would hold it; the bank's checks judge it after."""
    meta = question.meta
    prompt, excerpt = split_text(question.text)
    kind = meta.get("kind", "choice")
    spec: dict[str, Any] = {
        "id": meta.get("id") or slug(question.title),
        "kind": kind,
        "skill": meta.get("skill") or default_skill,
        "difficulty": meta.get("difficulty") or "medium",
        "prompt": prompt,
        "excerpt": meta.get("excerpt") or excerpt,
        "evidence": meta.get("evidence"),
        "explanation": question.general_feedback,
    }
    if meta.get("sentences"):
        spec["sentences"] = meta["sentences"].split()
    if kind == "classify":
        spec["answer"] = next((_LABEL_TO_CATEGORY.get(a.text) for a in question.answers if a.correct), None)
        spec["feedback"] = {_LABEL_TO_CATEGORY.get(a.text, a.text): a.feedback for a in question.answers if a.feedback}
    else:
        spec["choices"] = [{"text": a.text, "correct": a.correct, "feedback": a.feedback} for a in question.answers]
    return {k: v for k, v in spec.items() if v is not None}


def slug(title: str) -> str | None:
    """A question id made from a GIFT title, when the title makes a usable one."""
    candidate = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:64]
    return candidate if _ID.match(candidate) else None


# --- Writing ----------------------------------------------------------------------------------

EXPRESSIBLE = ("choice", "classify")


def write(questions: list[Any], article_slugs: dict[int, str]) -> tuple[str, list[tuple[str, str]]]:
    """GIFT text for the questions GIFT can express, and (id, kind) of each one it cannot."""
    parts, skipped = [], []
    for q in questions:
        if q.kind not in EXPRESSIBLE:
            skipped.append((q.key, q.kind))
            continue
        parts.append(_write_one(q, article_slugs[q.article_id]))
    header = "// Questions exported in Moodle GIFT format. Lines starting with // are notes other tools ignore.\n\n"
    return header + "\n\n".join(parts) + ("\n" if parts else ""), skipped


def _write_one(q: Any, article_slug: str) -> str:
    notes = {
        "id": q.key,
        "article": article_slug,
        "kind": q.kind,
        "skill": q.skill,
        "difficulty": q.difficulty,
        "sentences": " ".join(q.sentence_keys),
        "evidence": q.evidence,
    }
    lines = [f"// {key}: {value}" for key, value in notes.items() if value and "\n" not in value]
    text = q.prompt + (f"\n\n> {q.excerpt}" if q.excerpt else "")
    choices = list(q.choices)
    if q.kind == "choice" and [c.text for c in choices] == ["True", "False"]:
        truth = choices[0].correct
        wrong, right = (choices[1], choices[0]) if truth else (choices[0], choices[1])
        answers = ("TRUE" if truth else "FALSE") + "".join(f"#{escape(c.feedback)}" for c in (wrong, right))
        body = answers
    else:
        body = "\n".join(
            ("=" if c.correct else "~") + escape(c.text) + (f"#{escape(c.feedback)}" if c.feedback else "")
            for c in choices
        )
        body = "\n" + body
    general = f"\n####{escape(q.explanation)}" if q.explanation else ""
    lines.append(f"::{escape(q.key)}::[markdown]{escape(text)}{{{body}{general}\n}}")
    return "\n".join(lines)


# --- A GIFT file into checked banks -----------------------------------------------------------


def load_bytes(
    raw: bytes, path: str, articles: dict[str, dict[str, Any]], article: str | None = None, skill: str | None = None
) -> list[bank.Bank]:
    """Read a GIFT file into one checked bank per article, or ``bank.BankError`` with every problem.

    ``articles`` maps slugs to article fields (see ``authoring.article_fields``); a question names
    its article in a ``// article:`` note, else ``article`` is used. Nothing is written here.
    """
    if len(raw) > bank.MAX_FILE_BYTES:
        raise bank.BankError(
            [bank.Problem(path, None, "", f"the file is {len(raw):,} bytes; the limit is {bank.MAX_FILE_BYTES:,}")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise bank.BankError([bank.Problem(path, line, "", "not UTF-8 text")]) from None
    try:
        questions = parse(text)
    except GiftError as error:
        raise bank.BankError([bank.Problem(path, p.line, "", p.message) for p in error.problems]) from None
    if not questions:
        raise bank.BankError([bank.Problem(path, None, "", "no questions found")])
    if len(questions) > bank.MAX_QUESTIONS:
        raise bank.BankError([bank.Problem(path, None, "", f"more than {bank.MAX_QUESTIONS} questions")])
    problems: list[bank.Problem] = []
    groups: dict[str, list[Question]] = {}
    for q in questions:
        slug_ = q.meta.get("article") or article
        if not slug_:
            problems.append(bank.Problem(path, q.line, "article", "say which article the question is on"))
        elif slug_ not in articles:
            problems.append(bank.Problem(path, q.line, "article", f"no article {slug_!r} in the bank"))
        else:
            groups.setdefault(slug_, []).append(q)
    banks = []
    for slug_, group in groups.items():
        specs = [authoring.fill_sentences(to_spec(q, skill), articles[slug_]["text"]) for q in group]
        for q, spec in zip(group, specs, strict=True):
            if "id" not in spec:
                message = "give the question a title usable as its id (::my-question-1::) or a // id: note"
                problems.append(bank.Problem(path, q.line, "id", message))
        if any("id" not in s for s in specs):
            continue
        checked, issues = authoring.check(articles[slug_], specs, path=path)
        problems += [
            bank.Problem(path, group[i.question].line if i.question is not None else None, i.field, i.message)
            for i in issues
        ]
        if checked:
            banks.append(checked)
    if problems:
        raise bank.BankError(problems)
    return banks
