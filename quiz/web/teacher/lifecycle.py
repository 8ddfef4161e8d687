"""Removing quizzes and articles (deleted when unused, archived when used) and correcting an article's text."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from quiz.core import sentences as splitter
from quiz.core import textclean
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import Article, Quiz
from quiz.store import lifecycle
from quiz.web.forms import TextForm
from quiz.web.teacher.blueprint import bp
from quiz.web.teacher.ownership import own_quiz_or_403

MAX_TEXT = 200_000


class RemoveForm(TextForm):
    """One button: delete when nothing rests on it, archive otherwise; the page says which beforehand."""

    submit = SubmitField("Remove")


class CorrectForm(TextForm):
    text = TextAreaField("The corrected text", validators=[DataRequired(), Length(max=MAX_TEXT)])
    submit = SubmitField("Save as a new version")

    def validate_text(self, field) -> None:
        if not splitter.split(textclean.repair(field.data).text):
            raise ValidationError("This text has no sentence in it.")


@bp.context_processor
def removal() -> dict:
    """What the teacher pages need to offer a remove button: its form, and whether it would archive."""

    def archives(thing) -> bool:
        if isinstance(thing, Quiz):
            return lifecycle.quiz_used(db.session, thing)
        return lifecycle.article_used(db.session, thing)

    return {"remove_form": RemoveForm(), "removal_archives": archives}


@bp.post("/quizzes/<int:quiz_id>/remove")
def remove_quiz(quiz_id: int):
    """Delete a quiz nobody started; archive one with attempts, so its results stay."""
    begin_teacher_write()
    quiz = own_quiz_or_403(quiz_id)
    if not RemoveForm().validate_on_submit():
        abort(400, "This form was changed or had expired, so nothing was removed.")
    title = quiz.title
    done = lifecycle.remove_quiz(db.session, quiz)
    db.session.commit()
    if done == "deleted":
        flash(f"“{title}” deleted: nobody had started it.", "info")
    else:
        flash(f"“{title}” archived: students no longer see it; its attempts and summaries stay.", "info")
    return redirect(url_for("teacher.quizzes"))


@bp.post("/articles/<int:article_id>/remove")
def remove_article(article_id: int):
    """Delete an article nothing was answered on, with its questions; archive one that has answers."""
    begin_teacher_write()
    article = db.get_or_404(Article, article_id)
    if not RemoveForm().validate_on_submit():
        abort(400, "This form was changed or had expired, so nothing was removed.")
    try:
        done = lifecycle.remove_article(db.session, article)
    except lifecycle.StillInUse as using:
        db.session.rollback()
        titles = ", ".join(f"“{q.title}”" for q in using.quizzes)
        flash(f"Not removed: these quizzes still use this article. Remove them first: {titles}.", "error")
        return redirect(url_for("teacher.article", article_id=article_id))
    db.session.commit()
    if done == "deleted":
        flash("Article deleted with its questions: nothing had been answered on it.", "info")
    else:
        flash("Article archived: it is hidden from the lists; the attempts made on it keep it.", "info")
    return redirect(url_for("teacher.articles"))


@bp.route("/articles/<int:article_id>/correct", methods=["GET", "POST"])
def correct_article(article_id: int):
    """Correct an article's text: a new version, with the questions that still fit moved to it."""
    article = db.get_or_404(Article, article_id)
    if article.archived:
        flash("This version is archived: a newer one replaced it or it was removed. It cannot be corrected.", "error")
        return redirect(url_for("teacher.article", article_id=article_id))
    form = CorrectForm(text=article.text)
    if form.validate_on_submit():
        text = textclean.repair(form.text.data).text
        if text == article.text:
            form.text.errors.append("The text is the same as the saved one: change it, or go back.")
        else:
            begin_teacher_write()
            article = db.get_or_404(Article, article_id)
            result = lifecycle.correct_article(db.session, article, text, current_user.id)
            db.session.commit()
            flash(
                f"Saved as version {result.article.version}. {len(result.moved)} question(s) moved to it"
                + (f"; {len(result.quizzes)} quiz(zes) now use it." if result.quizzes else "."),
                "info",
            )
            for question, why in result.review:
                flash(f"Question {question.key} needs review: {why} It stays on the earlier version.", "error")
            return redirect(url_for("teacher.article", article_id=result.article.id))
    status = 400 if form.errors else 200
    return render_template("teacher/article_correct.html", article=article, form=form), status
