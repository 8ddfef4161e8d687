"""Quizzes: compose one from an article's questions, set how it is taken, publish it, preview it."""

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from quiz.core import clock
from quiz.core.kinds import KINDS
from quiz.core.taxonomy import CATEGORIES, CATEGORY_HINTS, SKILLS
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import Article, Question, Quiz, QuizQuestion
from quiz.web.forms import TextForm
from quiz.web.teacher.articles import people
from quiz.web.teacher.blueprint import bp
from quiz.web.teacher.ownership import own_quiz_or_403, own_quiz_or_read_only, read_only_page, visible_attempt_counts
from quiz.web.zones import my_zone

TIME_FORMAT = "%Y-%m-%dT%H:%M"


class EntryRow(Form):
    question_id = HiddenField()
    include = BooleanField("Include")
    position = IntegerField("Order", validators=[Optional(), NumberRange(1, 1000)])


class QuizForm(TextForm):
    title = StringField("Title", validators=[DataRequired("Give the quiz a title."), Length(max=200)])
    description = TextAreaField(
        "Description for students", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    article = SelectField("Article", coerce=int, validate_choice=True)
    feedback = RadioField(
        "Feedback",
        choices={"end": "At the end, for every question", "each": "After each question, one question per page"},
        default="end",
    )
    question_order = RadioField(
        "Question order", choices={"fixed": "As ordered here", "shuffled": "Shuffled for each attempt"}, default="fixed"
    )
    max_attempts = IntegerField("Attempts a student may make", validators=[Optional(), NumberRange(1, 100)])
    opens_at = DateTimeLocalField("Opens at", format=TIME_FORMAT, validators=[Optional()])
    closes_at = DateTimeLocalField("Closes at", format=TIME_FORMAT, validators=[Optional()])
    open_to_anyone = BooleanField("Open to anyone with its link, and listed on the home page")
    ask_confidence = BooleanField("Ask how sure the student is of each answer")
    certainty_marking = BooleanField("Mark by certainty")
    entries = FieldList(FormField(EntryRow), min_entries=0, max_entries=500)
    submit = SubmitField("Save the quiz")
    # Publish or unpublish from the same form, so the edits on the page are saved with it, never lost.
    toggle = SubmitField("Save and publish")

    def validate_closes_at(self, field) -> None:
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError("The quiz must close after it opens.")


class PublishForm(TextForm):
    submit = SubmitField("Publish")


def unique_slug(title: str, quiz_id: int | None = None) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "quiz"
    stem = stem if len(stem) >= 2 else f"quiz-{stem}"
    slug, n = stem, 1
    while (found := db.session.scalar(select(Quiz.id).where(Quiz.slug == slug))) is not None and found != quiz_id:
        n += 1
        slug = f"{stem}-{n}"
    return slug


def bank_questions(article_id: int) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.article_id == article_id, Question.current, ~Question.archived)
            .order_by(Question.id)
        )
    )


def timezone_hint() -> str:
    return f"In your time zone, {clock.zone_label(my_zone())}. Leave empty for no limit. For a class, assign the quiz."


@bp.get("/quizzes")
def quizzes():
    """Every quiz, published or not, with its attempts so far."""
    attempts = dict(db.session.execute(visible_attempt_counts(current_user.id)).all())
    rows = db.session.scalars(select(Quiz).where(~Quiz.archived).order_by(Quiz.title)).all()
    return render_template(
        "teacher/quizzes.html",
        quizzes=rows,
        attempts=attempts,
        people=people(),
        show=lambda t: clock.show(t, my_zone()),
        publish_form=PublishForm(),
    )


@bp.route("/quizzes/new", methods=["GET", "POST"])
def new_quiz():
    """Name a quiz and choose its article; its questions are picked on the next page."""
    form = QuizForm()
    form.article.choices = {
        a.id: a.title if a.title != "unknown" else a.opening[:60]
        for a in db.session.scalars(select(Article).where(~Article.archived).order_by(Article.title))
    }
    if form.validate_on_submit():
        begin_teacher_write()
        quiz = Quiz(
            slug=unique_slug(form.title.data),
            title=form.title.data,
            article_id=form.article.data,
            published=False,
            created_by_id=current_user.id,
        )
        apply_settings(quiz, form)
        db.session.add(quiz)
        db.session.commit()
        flash("Quiz created. Now pick and order its questions.", "info")
        return redirect(url_for("teacher.edit_quiz", quiz_id=quiz.id))
    return render_template(
        "teacher/quiz_form.html", form=form, quiz=None, tz=timezone_hint()
    ), 400 if form.errors else 200


def apply_settings(quiz: Quiz, form: QuizForm) -> None:
    quiz.title = form.title.data
    quiz.description = form.description.data or ""
    quiz.feedback = form.feedback.data
    quiz.question_order = form.question_order.data
    quiz.max_attempts = form.max_attempts.data
    quiz.opens_at = clock.to_utc(form.opens_at.data, my_zone())
    quiz.closes_at = clock.to_utc(form.closes_at.data, my_zone())
    quiz.open_to_anyone = bool(form.open_to_anyone.data)
    quiz.certainty_marking = bool(form.certainty_marking.data)
    quiz.ask_confidence = bool(form.ask_confidence.data) or quiz.certainty_marking


@bp.route("/quizzes/<int:quiz_id>", methods=["GET", "POST"])
def edit_quiz(quiz_id: int):
    """Settings and questions of a quiz: tick the questions to include and number their order."""
    quiz, mine = own_quiz_or_read_only(quiz_id)
    if not mine:  # another teacher's quiz: read it and duplicate it, never change it
        if request.method == "POST":
            own_quiz_or_403(quiz_id)
        return read_only_page(quiz)
    available = bank_questions(quiz.article_id)
    form = QuizForm()
    del form.article  # a quiz keeps the article it was composed on
    if not form.is_submitted():
        form.process(
            data=dict(
                title=quiz.title,
                description=quiz.description,
                feedback=quiz.feedback,
                question_order=quiz.question_order,
                max_attempts=quiz.max_attempts,
                opens_at=clock.to_local(quiz.opens_at, my_zone()),
                closes_at=clock.to_local(quiz.closes_at, my_zone()),
                open_to_anyone=quiz.open_to_anyone,
                ask_confidence=quiz.ask_confidence,
                certainty_marking=quiz.certainty_marking,
            )
        )
        chosen = {e.question_id: e.position + 1 for e in quiz.entries}
        for q in available:
            form.entries.append_entry(
                {"question_id": str(q.id), "include": q.id in chosen, "position": chosen.get(q.id)}
            )
    by_id = {str(q.id): q for q in available}
    if any(row.question_id.data not in by_id for row in form.entries):
        abort(400, "The form lists a question that is not in this article's bank. Nothing was saved.")
    if form.validate_on_submit():
        begin_teacher_write()
        apply_settings(quiz, form)
        picked = [
            (row.position.data or 10_000, i, by_id[row.question_id.data])
            for i, row in enumerate(form.entries)
            if row.include.data
        ]
        wanted = [q.id for _, _, q in sorted(picked, key=lambda t: (t[0], t[1]))]
        if [e.question_id for e in quiz.entries] != wanted:
            quiz.entries.clear()
            db.session.flush()
            quiz.entries.extend(QuizQuestion(question_id=qid, position=i) for i, qid in enumerate(wanted))
        if form.toggle.data:
            toggle_published(quiz, bool(wanted))
        if not wanted and quiz.published:
            quiz.published = False
            flash("A quiz without questions cannot stay published, so it was unpublished.", "error")
        db.session.commit()
        flash(f"Saved “{quiz.title}” with {len(wanted)} question(s).", "info")
        return redirect(url_for("teacher.edit_quiz", quiz_id=quiz.id))
    return render_template(
        "teacher/quiz_form.html",
        form=form,
        quiz=quiz,
        by_id=by_id,
        kinds=KINDS,
        skills=SKILLS,
        tz=timezone_hint(),
        publish_form=PublishForm(),
    ), 400 if form.errors else 200


def toggle_published(quiz: Quiz, has_questions: bool) -> None:
    """Publish an unpublished quiz that has questions, or take a published one off the students' pages."""
    if not quiz.published and not has_questions:
        flash("Add at least one question before publishing.", "error")
    else:
        quiz.published = not quiz.published
        flash(f"“{quiz.title}” is {'published' if quiz.published else 'unpublished'}.", "info")


@bp.post("/quizzes/<int:quiz_id>/publish")
def publish_quiz(quiz_id: int):
    """Publish an unpublished quiz, or take a published one off the students' list."""
    begin_teacher_write()
    quiz = own_quiz_or_403(quiz_id)
    if not PublishForm().validate_on_submit():
        abort(400)
    toggle_published(quiz, bool(quiz.entries))
    db.session.commit()
    return redirect(url_for("teacher.edit_quiz", quiz_id=quiz.id))


@bp.get("/quizzes/<int:quiz_id>/preview")
def preview_quiz(quiz_id: int):
    """The quiz page as a student sees it, article and questions, without recording anything."""
    quiz = db.get_or_404(Quiz, quiz_id)
    return render_template(
        "teacher/quiz_preview.html",
        quiz=quiz,
        article=quiz.article,
        questions=quiz.questions,
        skills=SKILLS,
        kinds=KINDS,
        categories=CATEGORIES,
        category_hints=CATEGORY_HINTS,
        submitted=None,
        missing=None,
    )
