"""Questions: write one of any kind on an article, check it by the bank's rules, preview it, save it.

The form builds the same spec dict a question file holds and ``authoring.check`` judges it with the
file's own rules; saving goes through ``importer.upsert_question``, so an edit of an answered
question becomes a new version and no past score moves.
"""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import delete, select

from quiz.core import authoring
from quiz.core.kinds import KINDS
from quiz.core.taxonomy import CATEGORIES, SKILLS
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import Article, Question, QuizQuestion
from quiz.store import importer
from quiz.web.teacher.articles import article_or_404, people
from quiz.web.teacher.blueprint import bp
from quiz.web.teacher.question_form import DeleteForm, QuestionForm, fill, prepare, show_issues, spec_from
from quiz.web.teacher.question_preview import student_view, transient


def next_key(article: Article) -> str:
    """A new question id: the article's slug and a number no version of any question has used."""
    stem = article.slug[:50].rstrip("-")
    taken = set(db.session.scalars(select(Question.key).where(Question.key.like(f"{stem}-q%"))))
    n = 1
    while f"{stem}-q{n}" in taken:
        n += 1
    return f"{stem}-q{n}"


def current_or_404(key: str) -> Question:
    question = db.session.scalar(select(Question).where(Question.key == key, Question.current))
    return question or abort(404)


@bp.get("/questions")
def questions():
    """The bank's questions, newest version of each, with their authors; archived ones apart."""
    rows = db.session.scalars(select(Question).where(Question.current).order_by(Question.article_id, Question.id)).all()
    return render_template(
        "teacher/questions.html",
        live=[q for q in rows if not q.archived],
        archived=[q for q in rows if q.archived],
        people=people(),
        kinds=KINDS,
        skills=SKILLS,
    )


@bp.route("/questions/new", methods=["GET", "POST"])
def new_question():
    """Write a new question on an article; clicking a sentence makes it the excerpt."""
    article_id = request.args.get("article", type=int)
    if article_id is None:
        flash("Choose the article the question is on, then “Write a question on this article”.", "info")
        return redirect(url_for("teacher.articles"))
    return edit(article_or_404(article_id), None)


@bp.route("/questions/<key>/edit", methods=["GET", "POST"])
def edit_question(key: str):
    """Change a question; once students have answered it, the change is saved as a new version."""
    question = current_or_404(key)
    if question.archived:
        abort(404)
    return edit(question.article, question)


def edit(article: Article, question: Question | None):
    """The question form for both writing and changing: validate, preview, or save."""
    form = QuestionForm()
    prepare(form, article)
    if request.method == "GET":
        if question is not None:
            fill(form, question)
        picked = {s.key: s.text for s in article.sentences}.get(request.args.get("sentence", ""))
        if picked:
            form.excerpt.data = picked
    preview = None
    form.general_errors = []
    if form.validate_on_submit():
        key = question.key if question else next_key(article)
        spec = spec_from(form, key, article)
        checked, issues = authoring.check(authoring.article_fields(article), [spec])
        if issues:
            show_issues(form, issues, spec)
        elif form.save.data:
            saved = save(article, checked.questions[0])
            flash(
                f"Saved question {saved.key}" + (f" as version {saved.version}." if saved.version > 1 else "."), "info"
            )
            return redirect(url_for("teacher.question_preview", key=saved.key))
        else:
            preview = transient(checked.questions[0], article)
    failed = bool(form.errors or form.general_errors)
    context = dict(
        form=form, article=article, question=question, preview=preview, people=people(), categories=CATEGORIES
    )
    if preview is not None:
        context["view"] = student_view(preview, article)
    return render_template("teacher/question_form.html", **context), 400 if failed else 200


def save(article: Article, spec: Any) -> Question:
    begin_teacher_write()
    question = importer.upsert_question(db.session, article, spec, importer.Tally(), current_user.id)
    question.updated_by_id = current_user.id
    db.session.commit()
    return question


@bp.get("/questions/<key>")
def question_preview(key: str):
    """A saved question exactly as a student sees it, then the feedback shown after answering."""
    question = current_or_404(key)
    return render_template(
        "teacher/question_preview.html",
        question=question,
        view=student_view(question, question.article),
        people=people(),
        delete_form=DeleteForm(),
    )


@bp.post("/questions/<key>/delete")
def delete_question(key: str):
    """Delete a question nobody has answered; an answered one is archived so past results keep it."""
    begin_teacher_write()
    question = current_or_404(key)
    if not DeleteForm().validate_on_submit():
        abort(400)
    versions = db.session.scalars(select(Question).where(Question.key == key)).all()
    ids = [v.id for v in versions]
    db.session.execute(delete(QuizQuestion).where(QuizQuestion.question_id.in_(ids)))
    if any(importer.has_answers(db.session, v) for v in versions):
        question.archived = True
        question.updated_by_id = current_user.id
        flash(
            f"Question {key} has answers, so it is archived: past results still show it; no quiz uses it now.", "info"
        )
    else:
        for version in versions:
            db.session.delete(version)
        flash(f"Question {key} deleted.", "info")
    db.session.commit()
    return redirect(url_for("teacher.questions"))
