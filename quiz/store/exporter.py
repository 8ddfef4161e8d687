"""Write the bank back out as question files in the native YAML format, ready to import again.

The export is the inverse of ``importer``: importing what this writes into an empty database and
exporting again gives the same files, and importing it into the database it came from changes
nothing. Only current, unarchived questions are written; answered old versions stay behind.
"""

from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.core import bank
from quiz.core.authoring import article_fields
from quiz.core.kinds import KINDS
from quiz.models import Article, Question, Quiz
from quiz.store import importer


class _Dumper(yaml.SafeDumper):
    """Plain YAML the strict loader accepts: no anchors or aliases, long text as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def current_questions(session: Session, article: Article) -> list[Question]:
    return list(
        session.scalars(
            select(Question)
            .where(Question.article_id == article.id, Question.current, ~Question.archived)
            .order_by(Question.id)
        )
    )


def question_spec(question: Question, article_slug: str) -> dict[str, Any]:
    """The question as a question file writes it; defaults left out, as an author would."""
    spec: dict[str, Any] = {
        "id": question.key,
        "kind": question.kind,
        "skill": question.skill,
        "difficulty": question.difficulty,
    }
    spec["prompt"] = question.prompt
    own = KINDS[question.kind].export(question)
    for name in ("passage", "excerpt"):
        if name in own:
            spec[name] = own.pop(name)
    spec["sentences"] = list(question.sentence_keys)
    if "evidence" in own:
        spec["evidence"] = own.pop("evidence")
    spec["explanation"] = question.explanation
    spec.update(own)
    # A question may leave its sentences to its key (tag); write whichever form it was stored from.
    if _fingerprint_of({**spec, "sentences": []}, article_slug) == question.fingerprint:
        spec["sentences"] = []
    if not spec["sentences"]:
        del spec["sentences"]
    return spec


def _fingerprint_of(spec: dict[str, Any], article_slug: str) -> str | None:
    try:
        parsed = TypeAdapter(bank.QuestionSpec).validate_python(spec)
    except ValidationError:
        return None
    return importer.fingerprint(parsed, article_slug)


def quiz_spec(quiz: Quiz) -> dict[str, Any]:
    spec: dict[str, Any] = {"slug": quiz.slug, "title": quiz.title}
    if quiz.description:
        spec["description"] = quiz.description
    spec["order"] = quiz.question_order
    spec["feedback"] = quiz.feedback
    spec["questions"] = [q.key for q in quiz.questions]
    if not quiz.published:
        spec["published"] = False
    if quiz.max_attempts is not None:
        spec["attempts"] = quiz.max_attempts
    if quiz.opens_at is not None:
        spec["opens"] = quiz.opens_at
    if quiz.closes_at is not None:
        spec["closes"] = quiz.closes_at
    return spec


def article_file(
    session: Session, article: Article, quizzes: list[Quiz] | None = None, questions: list[Question] | None = None
) -> dict[str, Any]:
    """One question file: the article, its quizzes (those with questions) and its questions."""
    if questions is None:
        questions = current_questions(session, article)
    if quizzes is None:
        quizzes = list(session.scalars(select(Quiz).where(Quiz.article_id == article.id).order_by(Quiz.id)))
    data: dict[str, Any] = {"format": 1, "article": article_fields(article)}
    shown = {q.key for q in questions}
    kept = [q for q in quizzes if q.entries and all(e.question.key in shown for e in q.entries)]
    if kept:
        data["quizzes"] = [quiz_spec(q) for q in kept]
    data["questions"] = [question_spec(q, article.slug) for q in questions]
    return data


def export_bank(session: Session) -> dict[str, str]:
    """The whole bank: one YAML file per article that has questions, by file name."""
    files = {}
    for article in session.scalars(select(Article).order_by(Article.slug)):
        data = article_file(session, article)
        if data["questions"]:
            files[f"{article.slug}.yaml"] = dump(data)
    return files


def export_quiz(session: Session, quiz: Quiz) -> str:
    """One quiz as a question file: its article, the quiz and exactly its questions."""
    return dump(article_file(session, quiz.article, [quiz], quiz.questions))
