"""A teacher's assignments of a quiz to a class: assign one, change its times, give a student attempts back."""

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from quiz.core import clock
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import ClassStudent, Quiz
from quiz.store import assignments
from quiz.web.access import teacher_only
from quiz.web.classes.blueprint import bp
from quiz.web.classes.forms import AssignForm, GrantForm
from quiz.web.classes.lookups import own_assignment_or_404, own_class_or_404
from quiz.web.zones import my_zone


def assignable_quizzes() -> dict[int, str]:
    return {q.id: q.title for q in db.session.scalars(select(Quiz).where(Quiz.published).order_by(Quiz.title))}


@bp.route("/teacher/classes/<int:class_id>/assign", methods=["GET", "POST"])
@teacher_only
def assign(class_id: int):
    """Assign a published quiz to the class with its own times, attempts and time limit."""
    classroom = own_class_or_404(class_id)
    form = AssignForm()
    form.quiz.choices = assignable_quizzes()
    zone = my_zone()
    if form.validate_on_submit():
        begin_teacher_write()
        classroom = own_class_or_404(class_id)
        assignment = assignments.create(
            classroom,
            db.session.get(Quiz, form.quiz.data),
            opens_at=clock.to_utc(form.opens_at.data, zone),
            due_at=clock.to_utc(form.due_at.data, zone),
            attempts_allowed=form.attempts_allowed.data,
            time_limit_minutes=form.time_limit_minutes.data,
        )
        db.session.commit()
        flash(f"“{assignment.quiz.title}” is assigned to {classroom.name}. Share it with the class below.", "info")
        return redirect(url_for("classes.assignment", class_id=classroom.id, assignment_id=assignment.id))
    return render_template(
        "classes/assign.html", form=form, classroom=classroom, zone=clock.zone_label(zone)
    ), 400 if form.errors else 200


@bp.route("/teacher/classes/<int:class_id>/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
@teacher_only
def edit_assignment(class_id: int, assignment_id: int):
    """Change an assignment's times, attempts or time limit (its quiz stays); past attempts keep their results."""
    classroom, task = own_assignment_or_404(class_id, assignment_id)
    zone = my_zone()
    form = AssignForm()
    del form.quiz
    form.submit.label.text = "Save the changes"
    if not form.is_submitted():
        form.process(
            data=dict(
                opens_at=clock.to_local(task.opens_at, zone),
                due_at=clock.to_local(task.due_at, zone),
                attempts_allowed=task.attempts_allowed,
                time_limit_minutes=task.time_limit_minutes,
            )
        )
    if form.validate_on_submit():
        begin_teacher_write()
        classroom, task = own_assignment_or_404(class_id, assignment_id)
        task.opens_at = clock.to_utc(form.opens_at.data, zone)
        task.due_at = clock.to_utc(form.due_at.data, zone)
        task.attempts_allowed = form.attempts_allowed.data
        task.time_limit_minutes = form.time_limit_minutes.data
        db.session.commit()
        flash(f"“{task.quiz.title}” for {classroom.name} is changed.", "info")
        return redirect(url_for("classes.assignment", class_id=classroom.id, assignment_id=task.id))
    return render_template(
        "classes/assign.html", form=form, classroom=classroom, task=task, zone=clock.zone_label(zone)
    ), 400 if form.errors else 200


@bp.post("/teacher/classes/<int:class_id>/assignments/<int:assignment_id>/grant")
@teacher_only
def grant(class_id: int, assignment_id: int):
    """Give one student one more attempt, or all their attempts back (a reset); their results stay."""
    begin_teacher_write()
    classroom, task = own_assignment_or_404(class_id, assignment_id)
    form = GrantForm()
    if not form.validate_on_submit() or not form.student.data.isdigit():
        abort(400, "The form was changed before it was sent. Nothing was changed.")
    student = db.session.get(ClassStudent, int(form.student.data))
    if student is None or student.classroom_id != classroom.id:
        abort(400, "That student is not in this class. Nothing was changed.")
    left = assignments.give_back(task, student, 1 if form.mode.data == "one" else None)
    db.session.commit()
    what = "one more attempt" if form.mode.data == "one" else "all their attempts back"
    flash(f"{student.name} has {what} at “{task.quiz.title}”: {left} left now. Their results are kept.", "info")
    return redirect(url_for("classes.show", class_id=classroom.id, _anchor=f"assignment-{task.id}"))
