"""Drafted questions: written from an article's stored reading, reviewed by a teacher, accepted one by one.

Drafts live on the article (``Article.drafts``) and reach no student: only an accepted draft
becomes a question in the bank, through the same checks and save as a question written by hand.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import HiddenField, SubmitField

from quiz.core import authoring
from quiz.core.reading import draft
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import Article
from quiz.store import importer
from quiz.web.forms import TextForm
from quiz.web.teacher.articles import DraftForm
from quiz.web.teacher.blueprint import bp
from quiz.web.teacher.question_preview import student_view, transient
from quiz.web.teacher.questions import edit, next_key


class DraftActionForm(TextForm):
    draft = HiddenField()
    accept = SubmitField("Accept")
    discard = SubmitField("Discard")


def checked_drafts(article: Article) -> list[dict]:
    """Drafts from the article's reading that pass the bank's own checks, numbered after its questions."""
    first = int(next_key(article).rsplit("-q", 1)[1])
    kept: list[dict] = []
    for spec in draft.draft(article.slug, article.sentences, first_number=first):
        _, issues = authoring.check(authoring.article_fields(article), [*kept, spec])
        if not issues:
            kept.append(spec)
    return kept


@bp.post("/articles/<int:article_id>/drafts")
def draft_questions(article_id: int):
    """Write a fresh set of drafts for the article, replacing any not yet reviewed."""
    begin_teacher_write()
    article = db.get_or_404(Article, article_id)
    if not DraftForm().validate_on_submit():
        abort(400)
    article.drafts = checked_drafts(article)
    db.session.commit()
    if not article.drafts:
        flash("No sentence was read with enough confidence to draft a question; write one by hand instead.", "info")
        return redirect(url_for("teacher.article", article_id=article.id))
    flash(
        f"Drafted {len(article.drafts)} question(s). Review each: nothing reaches students until you accept it.", "info"
    )
    return redirect(url_for("teacher.drafts", article_id=article.id))


def _draft_or_404(article: Article, draft_id: str | None) -> dict:
    return next((d for d in article.drafts if d["id"] == draft_id), None) or abort(404)


@bp.get("/articles/<int:article_id>/drafts")
def drafts(article_id: int):
    """Each draft as a student would see it, with buttons to accept, edit or discard it."""
    article = db.get_or_404(Article, article_id)
    shown = []
    for spec in article.drafts:
        checked, issues = authoring.check(authoring.article_fields(article), [spec])
        if checked is not None:
            question = transient(checked.questions[0], article)
            question.id = len(shown) + 1  # distinct field names and ids for each draft on the one page
            view = student_view(question, article)
            view["number"] = question.id
            shown.append({"spec": spec, "view": view, "form": DraftActionForm(draft=spec["id"])})
    for item in shown:
        item["view"]["total"] = len(shown)
    return render_template("teacher/drafts.html", article=article, drafts=shown)


@bp.post("/articles/<int:article_id>/drafts/review")
def review_draft(article_id: int):
    """Accept a draft into the bank (checked again, under a fresh id) or discard it."""
    begin_teacher_write()
    article = db.get_or_404(Article, article_id)
    form = DraftActionForm()
    if not form.validate_on_submit():
        abort(400)
    spec = _draft_or_404(article, form.draft.data)
    article.drafts = [d for d in article.drafts if d["id"] != spec["id"]]
    if form.accept.data:
        spec = {**spec, "id": next_key(article)}
        checked, issues = authoring.check(authoring.article_fields(article), [spec])
        if checked is None:
            db.session.rollback()
            flash("This draft no longer passes the bank’s checks (the article changed?); edit or discard it.", "error")
            return redirect(url_for("teacher.drafts", article_id=article.id))
        question = importer.upsert_question(
            db.session, article, checked.questions[0], importer.Tally(), current_user.id
        )
        db.session.commit()  # the question and the draft's removal in one write: a double click adds one
        flash(f"Accepted as question {question.key}; it is in the bank, and in no quiz until you add it.", "info")
    else:
        db.session.commit()
        flash("Draft discarded.", "info")
    return redirect(url_for("teacher.drafts", article_id=article.id))


@bp.route("/articles/<int:article_id>/drafts/<draft_id>/edit", methods=["GET", "POST"])
def edit_draft(article_id: int, draft_id: str):
    """The question form filled with a draft; saving it accepts the edited draft."""
    article = db.get_or_404(Article, article_id)
    spec = _draft_or_404(article, draft_id)
    checked, _ = authoring.check(authoring.article_fields(article), [{**spec, "id": next_key(article)}])
    if checked is None:
        abort(404)
    question = transient(checked.questions[0], article)
    question.version, question.created_by_id, question.updated_by_id = 1, current_user.id, current_user.id
    response = edit(article, question)
    if getattr(response, "status_code", None) == 302:
        begin_teacher_write()
        article = db.session.get(Article, article_id)
        article.drafts = [d for d in article.drafts if d["id"] != draft_id]
        db.session.commit()
    return response
