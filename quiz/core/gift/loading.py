"""A GIFT file into checked question banks, with the questions of kinds this app cannot take set aside."""

import re
from dataclasses import dataclass, field
from typing import Any

from quiz.core import authoring, bank
from quiz.core.gift.reading import read
from quiz.core.gift.syntax import Question, Unsupported
from quiz.core.kinds import KINDS
from quiz.core.taxonomy import CATEGORIES

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")
GENERAL = "general"
_LABEL_TO_CATEGORY = {label: key for key, label in CATEGORIES.items()}


@dataclass
class Loaded:
    """Checked banks ready to write, and the questions left out because this app cannot take their kind."""

    banks: list[bank.Bank] = field(default_factory=list)
    skipped: list[Unsupported] = field(default_factory=list)
    # (line, id) of each question that comes in without an excerpt, for a teacher to attach one.
    general: list[tuple[int, str]] = field(default_factory=list)
    taken: int = 0


def generated_id(question: Question, taken: set[str]) -> str:
    """An id for a question whose title makes none (``Q2``, no title): ``gift-`` and its words, made unique."""
    words = re.sub(r"[^a-z0-9]+", "-", (question.title or question.text).lower()).strip("-")[:50].strip("-")
    stem = f"gift-{words or 'question'}"
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def split_text(text: str) -> tuple[str, str]:
    """The prompt, and the excerpt quoted after a blank line and ``>``."""
    match = re.search(r"\n\s*\n\s*>\s?", text)
    if not match:
        return text.strip(), ""
    excerpt = " ".join(line.lstrip(">").strip() for line in text[match.end() :].split("\n"))
    return text[: match.start()].strip(), excerpt.strip()


def slug(title: str) -> str | None:
    """A question id made from a GIFT title, when the title makes a usable one."""
    candidate = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:64].strip("-")
    return candidate if _ID.match(candidate) else None


def to_spec(question: Question, default_skill: str | None = None) -> dict[str, Any]:
    """A question spec dict as a question file would hold it; the bank's checks judge it after."""
    meta = question.meta
    prompt, excerpt = split_text(question.text)
    excerpt = meta.get("excerpt") or excerpt
    # A question from another tool has no excerpt: it comes in as a general question on the article.
    kind = meta.get("kind") or ("choice" if excerpt or meta.get("evidence") else GENERAL)
    spec: dict[str, Any] = {
        "id": meta.get("id") or slug(question.title),
        "kind": kind,
        "skill": meta.get("skill") or default_skill,
        "difficulty": meta.get("difficulty") or "medium",
        "prompt": prompt,
        "excerpt": excerpt or None,
        "evidence": meta.get("evidence"),
        "explanation": question.general_feedback,
    }
    if meta.get("sentences"):
        spec["sentences"] = meta["sentences"].split()
    if getattr(KINDS.get(kind), "answers_are_categories", False):
        spec["answer"] = next((_LABEL_TO_CATEGORY.get(a.text) for a in question.answers if a.correct), None)
        spec["feedback"] = {_LABEL_TO_CATEGORY.get(a.text, a.text): a.feedback for a in question.answers if a.feedback}
    else:
        spec["choices"] = [{"text": a.text, "correct": a.correct, "feedback": a.feedback} for a in question.answers]
    return {k: v for k, v in spec.items() if v is not None}


def _decode(raw: bytes, path: str) -> str:
    if len(raw) > bank.MAX_FILE_BYTES:
        message = f"the file is {len(raw):,} bytes; the limit is {bank.MAX_FILE_BYTES:,}"
        raise bank.BankError([bank.Problem(path, None, "", message)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise bank.BankError([bank.Problem(path, line, "", "not UTF-8 text")]) from None


def load(
    raw: bytes,
    path: str,
    articles: dict[str, dict[str, Any]],
    article: str | None = None,
    skill: str | None = None,
    skip_unsupported: bool = False,
) -> Loaded:
    """Read a GIFT file into one checked bank per article, or ``bank.BankError`` with every problem.

    ``articles`` maps slugs to article fields (see ``authoring.article_fields``); a question names
    its article in a ``// article:`` note, else ``article`` is used. Questions of kinds this app
    cannot take are problems too, unless ``skip_unsupported``: then they are returned, set aside.
    Nothing is written here.
    """
    reading = read(_decode(raw, path))
    problems = [bank.Problem(path, p.line, "", p.message) for p in reading.problems]
    if not skip_unsupported:
        problems += [bank.Problem(path, u.line, "", u.reason) for u in reading.unsupported]
    if problems:
        raise bank.BankError(sorted(problems, key=lambda p: p.line or 0))
    if not reading.questions:
        found = f"; {len(reading.unsupported)} of kinds this app cannot take" if reading.unsupported else ""
        raise bank.BankError([bank.Problem(path, None, "", f"no question this app can take was found{found}")])
    if len(reading.questions) > bank.MAX_QUESTIONS:
        raise bank.BankError([bank.Problem(path, None, "", f"more than {bank.MAX_QUESTIONS} questions")])
    groups: dict[str, list[Question]] = {}
    for q in reading.questions:
        slug_ = q.meta.get("article") or article
        if not slug_:
            problems.append(bank.Problem(path, q.line, "article", "say which article the question is on"))
        elif slug_ not in articles:
            problems.append(bank.Problem(path, q.line, "article", f"no article {slug_!r} in the bank"))
        else:
            groups.setdefault(slug_, []).append(q)
    banks, general, taken = [], [], set()
    for slug_, group in groups.items():
        specs = [authoring.fill_sentences(to_spec(q, skill), articles[slug_]["text"]) for q in group]
        for q, spec in zip(group, specs, strict=True):
            if "id" not in spec or (spec["id"] in taken and "id" not in q.meta):
                spec["id"] = generated_id(q, taken)
            taken.add(spec["id"])
            if spec["kind"] == GENERAL:
                general.append((q.line, spec["id"]))
        checked, issues = authoring.check(articles[slug_], specs, path=path)
        problems += [
            bank.Problem(path, group[i.question].line if i.question is not None else None, i.field, i.message)
            for i in issues
        ]
        if checked:
            banks.append(checked)
    if problems:
        raise bank.BankError(problems)
    return Loaded(banks, reading.unsupported if skip_unsupported else [], general, len(reading.questions))


def load_bytes(
    raw: bytes, path: str, articles: dict[str, dict[str, Any]], article: str | None = None, skill: str | None = None
) -> list[bank.Bank]:
    """The banks of a GIFT file in which every question is of a kind this app takes (see ``load``)."""
    return load(raw, path, articles, article, skill).banks
