"""Write checked question banks into the database, the system of record.

Importing is idempotent: what is already there unchanged is left alone, so a second import of the
same files writes nothing. A question that changed is updated in place while nobody has answered
it; once it has answers, the change becomes a new version and the answered one stays as it was.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.core import reading
from quiz.core.bank import Bank, QuizSpec
from quiz.core.kinds import KINDS
from quiz.models import Answer, Article, Choice, Question, Quiz, QuizQuestion, Sentence


@dataclass
class Tally:
    """What an import did, for the message the author sees."""

    articles: int = 0
    questions_added: int = 0
    questions_updated: int = 0
    questions_versioned: int = 0
    quizzes: int = 0

    def __str__(self) -> str:
        return (
            f"{self.articles} article(s), {self.quizzes} quiz(zes); questions: "
            f"{self.questions_added} added, {self.questions_updated} updated, "
            f"{self.questions_versioned} new version(s) of answered questions"
        )


def import_banks(session: Session, banks: list[Bank], teacher_id: int | None = None) -> Tally:
    """Bring the database in line with ``banks``; the caller commits or rolls back."""
    tally = Tally()
    for bank in banks:
        article = upsert_article(session, bank, teacher_id)
        tally.articles += 1
        current = {spec.id: upsert_question(session, article, spec, tally, teacher_id) for spec in bank.questions}
        for quiz in bank.spec.quizzes:
            upsert_quiz(session, article, quiz, [current[q.id] for q in bank.quiz_questions(quiz)])
            tally.quizzes += 1
    session.flush()
    return tally


def _assign(obj: Any, **values: Any) -> bool:
    """Set only the attributes that differ, so an unchanged row is never written."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def upsert_article(session: Session, bank: Bank, teacher_id: int | None = None) -> Article:
    spec = bank.spec.article
    article = session.scalar(select(Article).where(Article.slug == spec.slug))
    if article is None:
        article = Article(slug=spec.slug, created_by_id=teacher_id)
        session.add(article)
    fields = spec.model_dump(exclude={"slug", "text"})
    if _assign(article, text=bank.repair.text, **fields) and teacher_id:
        article.updated_by_id = teacher_id
    sync_sentences(article, bank.sentences)
    return article


def sync_sentences(article: Article, sentences: list[Any], readings: list[Any] | None = None) -> None:
    """Make the article's sentence rows match ``sentences``, keeping rows whose key survives.

    Each row also gets its reading (label, source, cues): ``readings`` when the caller has them,
    else read from the sentences' places in the text; and the article the rules' version, so a
    change of rules is noticed and recomputed.
    """
    if readings is None:
        readings = reading.label_spans(article.text, sentences)
    existing = {s.key: s for s in article.sentences}
    for s, r in zip(sentences, readings, strict=True):
        values = sentence_values(s, r)
        row = existing.pop(s.key, None)
        if row is None:
            article.sentences.append(Sentence(key=s.key, **values))
        else:
            _assign(row, **values)
    for row in existing.values():
        article.sentences.remove(row)
    _assign(article, reading_rules=reading.RULES_VERSION)


def sentence_values(s: Any, r: Any) -> dict[str, Any]:
    """A sentence row's columns but its key and article: where it sits, what it says, its reading."""
    return {
        "paragraph": s.paragraph,
        "position": s.position,
        "text": s.text,
        "attribution": r.attribution,
        "source": r.source,
        "source_span": r.source_span,
        "cues": list(r.cues),
        "carry_over": r.carry_over,
    }


def fingerprint(spec: Any, article_slug: str) -> str:
    payload = json.dumps([article_slug, spec.model_dump(mode="json")], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def question_fields(spec: Any) -> dict[str, Any]:
    """Column values for a question spec of any kind."""
    return {
        "kind": spec.kind,
        "skill": spec.skill,
        "difficulty": spec.difficulty,
        "prompt": spec.prompt,
        "explanation": spec.explanation,
        "sentence_keys": list(spec.sentences),
        "excerpt": getattr(spec, "excerpt", ""),
        "evidence": getattr(spec, "evidence", ""),
        "data": KINDS[spec.kind].data(spec),
    }


def build_choices(spec: Any) -> list[Choice]:
    return [Choice(position=i, **row) for i, row in enumerate(KINDS[spec.kind].choice_rows(spec))]


def has_answers(session: Session, question: Question) -> bool:
    return session.scalar(select(Answer.id).where(Answer.question_id == question.id).limit(1)) is not None


def upsert_question(
    session: Session, article: Article, spec: Any, tally: Tally, teacher_id: int | None = None
) -> Question:
    fp = fingerprint(spec, article.slug)
    current = session.scalar(select(Question).where(Question.key == spec.id, Question.current))
    if current is not None and current.fingerprint == fp:
        return current
    fields = question_fields(spec)
    if current is None:
        tally.questions_added += 1
    elif has_answers(session, current):
        tally.questions_versioned += 1
        return new_version(session, current, fingerprint=fp, article=article, choices=build_choices(spec), **fields)
    else:
        tally.questions_updated += 1
        _assign(current, fingerprint=fp, article=article, **fields)
        current.updated_by_id = teacher_id or current.updated_by_id
        current.choices = build_choices(spec)
        return current
    question = Question(
        key=spec.id,
        fingerprint=fp,
        article=article,
        choices=build_choices(spec),
        created_by_id=teacher_id,
        updated_by_id=teacher_id,
        **fields,
    )
    session.add(question)
    return question


def new_version(session: Session, old: Question, **values: Any) -> Question:
    """Retire an answered question and put a new version in its place in every quiz."""
    values.setdefault("created_by_id", old.created_by_id)
    question = Question(key=old.key, version=old.version + 1, **values)
    old.current = False
    session.add(question)
    session.flush()
    for entry in session.scalars(select(QuizQuestion).where(QuizQuestion.question_id == old.id)):
        replacement = QuizQuestion(quiz_id=entry.quiz_id, question_id=question.id, position=entry.position)
        session.delete(entry)
        session.flush()
        session.add(replacement)
    return question


def upsert_quiz(session: Session, article: Article, spec: QuizSpec, questions: list[Question]) -> Quiz:
    quiz = session.scalar(select(Quiz).where(Quiz.slug == spec.slug))
    if quiz is None:
        quiz = Quiz(slug=spec.slug)
        session.add(quiz)
    _assign(
        quiz,
        title=spec.title,
        description=spec.description,
        article=article,
        question_order=spec.order,
        feedback=spec.feedback,
        **spec.settings(),
    )
    session.flush()
    wanted = [q.id for q in questions]
    if [e.question_id for e in quiz.entries] != wanted:
        quiz.entries.clear()
        session.flush()
        quiz.entries.extend(QuizQuestion(question_id=qid, position=i) for i, qid in enumerate(wanted))
    return quiz
