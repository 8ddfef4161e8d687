"""What a schema cannot check: excerpts found word for word in the article, ids unique, sentences real."""

from typing import Any

from quiz.core import kinds
from quiz.core import sentences as splitter
from quiz.core.bank.schema import Bank


def check_content(bank: Bank) -> list[tuple[tuple[Any, ...], str]]:
    """Everything a schema cannot check: excerpts verbatim, ids unique, sentences real."""
    text = bank.repair.text
    keys = {s.key for s in bank.sentences}
    problems: list[tuple[tuple[Any, ...], str]] = []
    seen: set[str] = set()
    for i, q in enumerate(bank.questions):
        at = ("questions", i)
        if q.id in seen:
            problems.append(((*at, "id"), f"the id {q.id!r} is used by an earlier question"))
        seen.add(q.id)
        for key in q.sentences:
            if key not in keys:
                problems.append(((*at, "sentences"), f"no sentence {key!r} in the article"))
        if hasattr(q, "excerpt"):
            if q.excerpt not in text:
                problems.append(((*at, "excerpt"), "not found word for word in the repaired article"))
                continue
            if q.evidence not in q.excerpt:
                problems.append(((*at, "evidence"), "not found word for word inside the excerpt"))
            if q.evidence not in q.explanation:
                problems.append(((*at, "explanation"), "must quote the evidence words exactly"))
            touched = excerpt_sentences(q.excerpt, bank.sentences)
            if missing := [k for k in touched if k not in q.sentences]:
                problems.append(((*at, "sentences"), f"must list the excerpt's sentences: add {', '.join(missing)}"))
        problems += [((*at, *loc), msg) for loc, msg in kinds.KINDS[q.kind].check(q, bank.sentences)]
    ids = {q.id for q in bank.questions}
    slugs: set[str] = set()
    for i, quiz in enumerate(bank.spec.quizzes):
        if quiz.slug in slugs:
            problems.append((("quizzes", i, "slug"), f"the slug {quiz.slug!r} is used twice"))
        slugs.add(quiz.slug)
        if quiz.questions != "all":
            for j, qid in enumerate(quiz.questions):
                if qid not in ids:
                    problems.append((("quizzes", i, "questions", j), f"no question {qid!r} in this file"))
            if not quiz.questions:
                problems.append((("quizzes", i, "questions"), "a quiz needs at least one question"))
    return problems


def excerpt_sentences(excerpt: str, sentences: list[splitter.Sentence]) -> list[str]:
    """Keys of the sentences an excerpt overlaps, found by position in the joined article."""
    joined, spans = "", []
    for s in sentences:
        start = len(joined)
        joined += s.text + " "
        spans.append((start, len(joined) - 1, s.key))
    start = joined.find(" ".join(excerpt.split()))
    if start < 0:
        return []
    end = start + len(" ".join(excerpt.split()))
    return [key for a, b, key in spans if a < end and start < b]
