"""Reading a summary's filter from the query string, and the small helpers every summary view shares."""

import csv
import io
from collections.abc import Iterator

from flask import Response, abort, request, stream_with_context
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from quiz.core import clock
from quiz.extensions import db
from quiz.models import Assignment, Classroom, Quiz
from quiz.store import reports
from quiz.store.reports import Scope, ScopeError
from quiz.web import zones
from quiz.web.summaries.forms import FilterForm


def my_classes() -> list[Classroom]:
    return list(
        db.session.scalars(select(Classroom).where(Classroom.teacher_id == current_user.id).order_by(Classroom.name))
    )


def quiz_or_404(slug: str) -> Quiz:
    return db.session.scalar(select(Quiz).where(Quiz.slug == slug)) or abort(404)


def assignments_of(quiz: Quiz, classes: list[Classroom]) -> list[Assignment]:
    """The quiz's assignments to the teacher's classes, newest first."""
    return list(
        db.session.scalars(
            select(Assignment)
            .where(Assignment.quiz_id == quiz.id, Assignment.classroom_id.in_([c.id for c in classes]))
            .order_by(Assignment.created_at.desc())
        )
    )


def default_choice(tasks: list[Assignment], classes: list[Classroom]) -> str:
    """One assignment (the newest) when there is one; else the teacher's classes; with none, attempts outside any."""
    if tasks:
        return f"a{tasks[0].id}"
    return "" if classes else "none"


def read_scope(quiz: Quiz, student: str | None = None) -> tuple[Scope, FilterForm, list[Classroom]]:
    """The filter from the query string: another teacher's class is a 404, a bad value a 400."""
    classes = my_classes()
    wanted = request.args.get("classroom", "")
    if wanted.isascii() and wanted.isdigit() and int(wanted) not in {c.id for c in classes}:
        abort(404)
    tasks = assignments_of(quiz, classes)
    form = FilterForm(formdata=request.args or None, classroom=default_choice(tasks, classes))
    form.classroom.choices = (
        [SelectChoice("", "All my students (in my classes)")]
        + [SelectChoice(str(c.id), c.name) for c in classes]
        + [SelectChoice(f"a{t.id}", f"{t.classroom.name}: assigned {when(t.created_at)}") for t in tasks]
        + [SelectChoice("none", "Attempts outside any class (by the quiz's link)")]
    )
    if not form.validate():
        problems = "; ".join(f"{form[name].label.text}: {' '.join(errors)}" for name, errors in form.errors.items())
        abort(400, f"The filter could not be read ({problems}). Change it and try again.")
    chosen = form.classroom.data
    assignment = int(chosen[1:]) if chosen.startswith("a") and chosen[1:].isdigit() else None
    classroom = int(chosen) if chosen.isascii() and chosen.isdigit() else (chosen or None)
    classroom = None if assignment is not None else (classroom or "mine")
    try:
        scope = Scope(
            quiz_id=quiz.id,
            visible_classes=tuple(c.id for c in classes),
            classroom=classroom,
            start=form.start.data,
            end=form.end.data,
            counts=form.counts.data,
            student=student,
            assignment=assignment,
            visible_assignments=tuple(t.id for t in tasks),
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
        if value or name == "classroom"  # an empty class is "All my students", which is not the default
    }


def page_number() -> int:
    """The ``page`` argument: anything unreadable is the first page, an impossible number a 400."""
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= 1_000_000:
        abort(400, "There is no such page.")
    return page


def csv_response(rows: Iterator[list], filename: str) -> Response:
    """Stream rows as CSV, neutralising any cell a spreadsheet would run as a formula."""

    def generate():
        yield "\ufeff"  # a UTF-8 byte-order mark: spreadsheet programs then read the curly quotes right
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            # At most two decimals: 0.3333 is 0.33 to a reader, and the file says no more than it knows.
            writer.writerow([reports.neutralise(round(c, 2) if isinstance(c, float) else c) for c in row])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    return Response(
        stream_with_context(generate()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def when(utc) -> str:
    """A stored time in the signed-in teacher's own zone, with the zone written."""
    return clock.short(utc, zones.my_zone())
