"""Classes: a teacher's groups of students, the quizzes assigned to them, and the students' own class page.

A class and its results belong to the teacher who made it: any other teacher gets a 404, as if it
did not exist. Students join without an account: the code puts the class and their name in their
session, and every attempt they start from an assignment carries both. Wrong codes are counted
per address in the database (``quiz.web.throttling``), so codes cannot be found by trying them all.

This module holds the teacher's class list, one class's page, and rotating or deleting its code and class;
``assignments``, ``share``, ``roster`` and ``joining`` hold the rest. It re-exports ``bp`` and the shared lookups.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import delete as sa_delete
from sqlalchemy import func, select

from quiz.core import clock, codes
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import Assignment, Attempt, Classroom, ClassStudent
from quiz.store import assignments, roster
from quiz.web.access import teacher_only
from quiz.web.classes.blueprint import bp
from quiz.web.classes.forms import ClassForm, ClassListForm, DeleteForm, GrantForm, MergeForm, RenameForm, RotateForm
from quiz.web.classes.lookups import (
    CLASS_KEY,
    NAME_KEY,
    join_url,
    joined_classroom,
    new_code,
    own_assignment_or_404,
    own_class_or_404,
)
from quiz.web.zones import my_zone

__all__ = [
    "CLASS_KEY",
    "NAME_KEY",
    "bp",
    "join_url",
    "joined_classroom",
    "new_code",
    "own_assignment_or_404",
    "own_class_or_404",
]


@bp.route("/teacher/classes", methods=["GET", "POST"])
@teacher_only
def index():
    """The teacher's classes with their codes, and a form to create one."""
    form = ClassForm()
    if form.validate_on_submit():
        begin_teacher_write()
        classroom = Classroom(teacher_id=current_user.id, name=form.name.data, code=new_code())
        db.session.add(classroom)
        db.session.commit()
        flash(f"Class “{classroom.name}” created. Its join code is {codes.shown(classroom.code)}.", "info")
        return redirect(url_for("classes.show", class_id=classroom.id))
    rows = db.session.scalars(
        select(Classroom).where(Classroom.teacher_id == current_user.id).order_by(Classroom.name)
    ).all()
    return render_template(
        "classes/index.html", form=form, classes=rows, shown=codes.shown
    ), 400 if form.errors else 200


def student_progress(classroom: Classroom, assignment: Assignment, people: list[ClassStudent]) -> list[dict]:
    """Per student of the class: attempts submitted, left, an open one, the best score."""
    rows = db.session.execute(
        select(
            Attempt.display_name,
            func.count(Attempt.submitted_at),
            func.count(Attempt.id) - func.count(Attempt.submitted_at),
            func.max(Attempt.score),
        )
        .where(Attempt.assignment_id == assignment.id)
        .group_by(Attempt.display_name)
    ).all()
    by_name = {name: (done, still_open, best) for name, done, still_open, best in rows}
    progress = []
    for student in people:
        done, still_open, best = by_name.get(student.name, (0, 0, None))
        progress.append(
            dict(
                student=student, done=done, open=still_open, best=best, left=assignments.remaining(assignment, student)
            )
        )
    return progress


@bp.get("/teacher/classes/<int:class_id>")
@teacher_only
def show(class_id: int):
    """One class: its code, its assignments with each student's attempts, its class list, and recent attempts."""
    classroom = own_class_or_404(class_id)
    recent = db.session.scalars(
        select(Attempt).where(Attempt.classroom_id == classroom.id).order_by(Attempt.started_at.desc()).limit(500)
    ).all()
    people = roster.students(classroom)
    tasks = assignments.of_class(classroom.id)
    merge_form = MergeForm()
    merge_form.source.choices = merge_form.target.choices = [(s.id, s.name) for s in people]
    zone = my_zone()
    return render_template(
        "classes/show.html",
        classroom=classroom,
        attempts=recent,
        code=codes.shown(classroom.code),
        join_url=join_url(classroom),
        rotate_form=RotateForm(),
        bits=int(codes.bits()),
        delete_form=DeleteForm(),
        list_form=ClassListForm(),
        merge_form=merge_form,
        rename_form=RenameForm(),
        grant_form=GrantForm(),
        people=people,
        tasks=[(a, assignments.availability(a), student_progress(classroom, a, people)) for a in tasks],
        show=lambda t: clock.show(t, zone),
        zone=clock.zone_label(zone),
    )


@bp.post("/teacher/classes/<int:class_id>/rotate")
@teacher_only
def rotate(class_id: int):
    """Replace the class's code; the old one stops working at once, past attempts keep their class."""
    begin_teacher_write()
    classroom = own_class_or_404(class_id)
    if not RotateForm().validate_on_submit():
        abort(400)
    classroom.code = new_code()
    db.session.commit()
    flash(f"New join code: {codes.shown(classroom.code)}. The old code no longer works.", "info")
    return redirect(url_for("classes.show", class_id=classroom.id))


@bp.post("/teacher/classes/<int:class_id>/delete")
@teacher_only
def delete(class_id: int):
    """Delete the class with every attempt made in it, their answers and judgements (the schema cascades)."""
    begin_teacher_write()
    classroom = own_class_or_404(class_id)
    if not DeleteForm().validate_on_submit():
        db.session.rollback()
        flash("Nothing was deleted: tick the box to confirm.", "error")
        return redirect(url_for("classes.show", class_id=class_id))
    removed = db.session.execute(sa_delete(Attempt).where(Attempt.classroom_id == classroom.id)).rowcount
    name = classroom.name
    db.session.execute(sa_delete(Assignment).where(Assignment.classroom_id == classroom.id))
    db.session.execute(sa_delete(ClassStudent).where(ClassStudent.classroom_id == classroom.id))
    db.session.delete(classroom)
    db.session.commit()
    flash(f"Class “{name}” and its {removed} attempt(s) were deleted.", "info")
    return redirect(url_for("classes.index"))
