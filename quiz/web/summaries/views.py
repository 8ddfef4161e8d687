"""Teachers' summaries: how a quiz went, which questions work, what students confuse, each student."""

import csv
import io
from collections.abc import Iterator

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, SelectChoice, SelectField, SubmitField
from wtforms.validators import Optional

from quiz.core import charts
from quiz.core import statistics as st
from quiz.core.kinds import KINDS
from quiz.core.taxonomy import CATEGORIES, CATEGORY_HINTS, SKILLS
from quiz.extensions import db
from quiz.models import Attempt, Classroom, Quiz
from quiz.store import reports
from quiz.store.attempts import questions_of
from quiz.store.reports import COUNTS, Scope, ScopeError
from quiz.web.access import require_teacher

bp = Blueprint("summaries", __name__, url_prefix="/teacher/summaries")
bp.before_request(require_teacher)

STUDENTS_PER_PAGE = 50


class FilterForm(FlaskForm):
    """Which attempts a summary counts; a GET form, so a filtered page can be bookmarked."""

    class Meta:
        csrf = False

    classroom = SelectField("Class", default="")
    start = DateField("Submitted from", validators=[Optional()])
    end = DateField("Submitted until", validators=[Optional()])
    counts = SelectField(
        "Attempts that count", choices=[SelectChoice(k, label) for k, label in COUNTS.items()], default="all"
    )
    submit = SubmitField("Show")


def my_classes() -> list[Classroom]:
    return list(
        db.session.scalars(select(Classroom).where(Classroom.teacher_id == current_user.id).order_by(Classroom.name))
    )


def quiz_or_404(slug: str) -> Quiz:
    return db.session.scalar(select(Quiz).where(Quiz.slug == slug)) or abort(404)


def read_scope(quiz: Quiz, student: str | None = None) -> tuple[Scope, FilterForm, list[Classroom]]:
    """The filter from the query string: another teacher's class is a 404, a bad value a 400."""
    classes = my_classes()
    wanted = request.args.get("classroom", "")
    if wanted.isascii() and wanted.isdigit() and int(wanted) not in {c.id for c in classes}:
        abort(404)
    form = FilterForm(formdata=request.args or None)
    form.classroom.choices = [SelectChoice("", "All my students"), SelectChoice("none", "Students not in a class")] + [
        SelectChoice(str(c.id), c.name) for c in classes
    ]
    if not form.validate():
        problems = "; ".join(f"{form[name].label.text}: {' '.join(errors)}" for name, errors in form.errors.items())
        abort(400, f"The filter could not be read ({problems}). Change it and try again.")
    chosen = form.classroom.data
    classroom = int(chosen) if chosen.isascii() and chosen.isdigit() else (chosen or None)
    try:
        scope = Scope(
            quiz_id=quiz.id, visible_classes=tuple(c.id for c in classes), classroom=classroom,
            start=form.start.data, end=form.end.data, counts=form.counts.data, student=student,
        )
    except ScopeError as error:
        abort(400, f"The filter could not be used: {error}.")
    return scope, form, classes


def filter_args(form: FilterForm) -> dict[str, str]:
    """The filter as query arguments, for links that keep it."""
    return {
        name: value
        for name, value in (
            ("classroom", form.classroom.data or ""),
            ("start", form.start.data.isoformat() if form.start.data else ""),
            ("end", form.end.data.isoformat() if form.end.data else ""),
            ("counts", form.counts.data if form.counts.data != "all" else ""),
        )
        if value
    }


@bp.get("/")
def index():
    """Every quiz, with how many attempts there are to summarise."""
    classes = [c.id for c in my_classes()]
    return render_template("summaries/index.html", quizzes=reports.quiz_counts(db.session, classes))


@bp.get("/<slug>")
def quiz(slug: str):
    """The quiz summary: scores, reliability, questions, skills, confusions and the article heat map."""
    quiz = quiz_or_404(slug)
    scope, form, _ = read_scope(quiz)
    report = reports.quiz_report(db.session, scope)
    return render_template(
        "summaries/quiz.html", quiz=quiz, form=form, args=filter_args(form), report=report,
        article=quiz.article, charts=charts, st=st, categories=CATEGORIES, category_hints=CATEGORY_HINTS,
        skills=SKILLS, heat_level=reports.heat_level, counts_label=COUNTS[scope.counts],
        skill_bars=[(s.label, s.percent) for s in report.skills],
    )


@bp.get("/<slug>/students")
def students(slug: str):
    """The students whose attempts count, by name, a page at a time."""
    quiz = quiz_or_404(slug)
    scope, form, _ = read_scope(quiz)
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= 1_000_000:
        abort(400, "There is no such page of students.")
    rows, total = reports.students(db.session, scope, page, STUDENTS_PER_PAGE)
    pages = max(1, -(-total // STUDENTS_PER_PAGE))
    return render_template(
        "summaries/students.html", quiz=quiz, form=form, args=filter_args(form), rows=rows, total=total,
        page=page, pages=pages,
    )


@bp.get("/<slug>/student")
def student(slug: str):
    """One student: their attempts over time, a luck-or-skill marker, their mix-ups and answers."""
    quiz = quiz_or_404(slug)
    name = request.args.get("name", "").strip()
    if not name or len(name) > 60:
        abort(400, "Say which student: the link gives their name.")
    scope, form, _ = read_scope(quiz, student=name)
    attempts = reports.student_attempts(db.session, scope)
    if not attempts:
        abort(404, "No submitted attempt by that name is in this summary.")
    checks = {a.id: st.guessing_check(a.score, a.max_score, reports.attempt_chance(db.session, a)) for a in attempts}
    shown = pick_attempt(attempts)
    items = reports.question_stats(db.session, scope)
    mixups = reports.confusion(reports.judgement_counts(db.session, scope, items))
    return render_template(
        "summaries/student.html", quiz=quiz, name=name, form=form, args=filter_args(form), attempts=attempts,
        checks=checks, shown=shown, confusion=mixups, charts=charts, st=st,
        attempts_points=[(str(i), a.score) for i, a in enumerate(attempts, 1)],
        **feedback_context(shown),
    )


def pick_attempt(attempts: list[Attempt]) -> Attempt:
    wanted = request.args.get("attempt", "")
    if not wanted:
        return attempts[-1]
    chosen = next((a for a in attempts if str(a.id) == wanted), None)
    return chosen or abort(404, "That attempt is not one of this student’s.")


def feedback_context(attempt: Attempt) -> dict:
    """What the student's own result page shows, for the same templates."""
    return dict(
        attempt=attempt, questions=questions_of(attempt), answers={a.question_id: a for a in attempt.answers},
        article=attempt.quiz.article, kinds=KINDS, categories=CATEGORIES, category_hints=CATEGORY_HINTS,
        skills=SKILLS,
    )


def csv_response(rows: Iterator[list], filename: str) -> Response:
    """Stream rows as CSV, neutralising any cell a spreadsheet would run as a formula."""

    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow([reports.neutralise(cell) for cell in row])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    return Response(
        stream_with_context(generate()), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/<slug>/attempts.csv")
def attempts_csv(slug: str):
    """One row per counted attempt."""
    quiz = quiz_or_404(slug)
    scope, _, _ = read_scope(quiz)
    return csv_response(reports.attempt_rows(db.session, scope), f"{quiz.slug}-attempts.csv")


@bp.get("/<slug>/answers.csv")
def answers_csv(slug: str):
    """One row per answer of a counted attempt."""
    quiz = quiz_or_404(slug)
    scope, _, _ = read_scope(quiz)
    return csv_response(reports.answer_rows(db.session, scope), f"{quiz.slug}-answers.csv")
