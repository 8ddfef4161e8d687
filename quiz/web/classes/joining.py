"""The student's side: join a class by code (or pick a name from its list), its page, start an assignment, leave.

Students join without an account: the code puts the class and their name in their session. Wrong codes are
counted per address in the database (``quiz.web.throttling``), so codes cannot be found by trying them all.
"""

from flask import abort, flash, redirect, render_template, request, session, url_for
from sqlalchemy import select

from quiz.core import clock, codes
from quiz.database import begin_write
from quiz.extensions import db
from quiz.models import Assignment, Attempt, Classroom, ClassStudent, Teacher, utcnow
from quiz.store import assignments, attempts, roster
from quiz.web import throttling
from quiz.web.classes.blueprint import bp
from quiz.web.classes.forms import JoinForm, LeaveForm, PickNameForm, StartForm
from quiz.web.classes.lookups import CLASS_KEY, NAME_KEY, joined_classroom
from quiz.web.zones import class_zone


def class_by_code(typed: str | None) -> Classroom | None:
    code = codes.normalise(typed or "")
    return db.session.scalar(select(Classroom).where(Classroom.code == code)) if codes.looks_valid(code) else None


def enter(classroom: Classroom, student: ClassStudent):
    session[CLASS_KEY], session[NAME_KEY] = classroom.id, student.name
    return redirect(url_for("classes.joined"))


def pick_form(classroom: Classroom, code: str) -> PickNameForm:
    form = PickNameForm(code=code)
    form.student.choices = [(0, "Choose your name")] + [(s.id, s.name) for s in roster.listed(classroom)]
    return form


@bp.route("/join", methods=["GET", "POST"])
def join():
    """A student types the class code and their name, or picks their name from the class list."""
    if request.method == "POST":
        begin_write()
    code = request.args.get("code", "")
    if code and (seconds := throttling.join_wait()):  # a code in the link is a guess like any other
        db.session.rollback()
        form = JoinForm(code=code)
        form.code.errors = [throttling.wait_message(seconds)]
        return render_template("classes/join.html", form=form), 429
    linked = class_by_code(code) if code else None
    if code and linked is None:
        throttling.join_failed(code)
    if linked is not None and roster.has_list(linked):
        return join_from_list(linked, code)
    form = JoinForm(code=code)
    if form.validate_on_submit():
        if seconds := throttling.join_wait():  # many wrong codes from this address: a short, growing wait
            form.code.errors.append(throttling.wait_message(seconds))
            db.session.rollback()
            return render_template("classes/join.html", form=form), 429
        classroom = class_by_code(form.code.data)
        if classroom is None:
            form.code.errors.append("No class has that code. Check it with your teacher.")
            throttling.join_failed(form.code.data)
        elif roster.has_list(classroom):
            db.session.rollback()
            return join_from_list(classroom, form.code.data, typed=form.display_name.data)
        else:
            student = roster.enrol(classroom, form.display_name.data)
            db.session.commit()
            return enter(classroom, student)
    db.session.commit()  # keeps the count of wrong codes, and nothing else
    return render_template("classes/join.html", form=form), 400 if form.errors else 200


def join_from_list(classroom: Classroom, code: str, typed: str | None = None):
    """The class has a list: a typed name on it joins at once; otherwise the student picks theirs."""
    if typed and (student := roster.same_student(classroom, typed)) is not None and student.on_list:
        return enter(classroom, student)
    form = pick_form(classroom, code)
    if typed is None and form.validate_on_submit():
        student = db.session.get(ClassStudent, form.student.data) if form.student.data else None
        if student is not None and student.classroom_id == classroom.id and student.on_list:
            return enter(classroom, student)
        form.student.errors = ["Choose your name from the list."]
    elif typed:
        form.student.errors = [f"“{typed}” is not on the class list. Choose your name, or ask your teacher."]
    db.session.rollback()
    status = 400 if form.student.errors else 200
    return render_template("classes/pick_name.html", form=form, classroom=classroom), status


def close_late_attempts(classroom: Classroom, name: str) -> None:
    """Submit, with what was saved, this student's open attempts whose time is up (a write, begun as one)."""

    def late() -> list[Attempt]:
        return [
            a
            for a in db.session.scalars(
                select(Attempt).where(
                    Attempt.classroom_id == classroom.id,
                    Attempt.display_name == name,
                    Attempt.assignment_id.is_not(None),
                    Attempt.submitted_at.is_(None),
                )
            )
            if assignments.past_deadline(a)
        ]

    if late():
        db.session.rollback()
        begin_write()
        for attempt in late():
            assignments.close_if_late(attempt)
        db.session.commit()


def student_rows(classroom: Classroom, name: str, zone: str) -> list[dict]:
    """The class's assignments as this student sees them: when, how many attempts left, an unfinished one."""
    now = utcnow()
    student = roster.same_student(classroom, name)
    rows = []
    for task in assignments.of_class(classroom.id):
        if not task.quiz.published:
            continue
        state = assignments.availability(task, now)
        unfinished = assignments.open_attempt(task, name)
        left = assignments.remaining(task, student) if student else task.attempts_allowed
        rows.append(
            dict(
                task=task,
                state=state.state,
                when=clock.short(state.at, zone, now),
                left=left,
                unfinished=unfinished,
                started=clock.short(unfinished.started_at, zone, unfinished.started_at) if unfinished else "",
                last=assignments.last_attempt(task, name),
            )
        )
    return rows


@bp.get("/class")
def joined():
    """The class a student joined, and exactly the quizzes assigned to it."""
    classroom = joined_classroom()
    if classroom is None:
        return redirect(url_for("classes.join"))
    name = session.get(NAME_KEY, "")
    close_late_attempts(classroom, name)
    classroom = joined_classroom()
    zone = class_zone(classroom)
    rows = student_rows(classroom, name, zone)
    return render_template(
        "classes/joined.html",
        classroom=classroom,
        teacher=db.session.get(Teacher, classroom.teacher_id),
        rows=rows,
        name=name,
        zone=clock.zone_label(zone),
        leave_form=LeaveForm(),
        start_form=StartForm(),
    )


@bp.post("/class/assignments/<int:assignment_id>/start")
def start(assignment_id: int):
    """Start an assignment, or continue the unfinished attempt: only submitted attempts count."""
    begin_write()
    classroom = joined_classroom()
    task = db.session.get(Assignment, assignment_id)
    if classroom is None or task is None or task.classroom_id != classroom.id:
        db.session.rollback()
        abort(404, "This quiz is not assigned to the class you joined. Go to your class page and choose it there.")
    if not StartForm().validate_on_submit():
        db.session.rollback()
        abort(400)
    name = session.get(NAME_KEY, "")
    student = roster.enrol(classroom, name)
    unfinished = assignments.open_attempt(task, student.name)
    if unfinished is not None and not assignments.close_if_late(unfinished):
        db.session.commit()
        return redirect(url_for("taking.attempt", token=unfinished.token))
    state = assignments.availability(task)
    zone = class_zone(classroom)
    if state.state != "open":
        db.session.commit()
        when = f"It opens {clock.show(state.at, zone)}." if state.state == "upcoming" else "It is closed."
        flash(f"“{task.quiz.title}” cannot be started now. {when}", "error")
        return redirect(url_for("classes.joined"))
    if assignments.remaining(task, student) == 0:
        db.session.commit()
        flash(f"You have used all your attempts at “{task.quiz.title}”. Ask your teacher for another one.", "error")
        return redirect(url_for("classes.joined"))
    attempt = attempts.start(task.quiz, student.name, classroom.id)
    attempt.assignment_id = task.id
    db.session.add(attempt)
    db.session.commit()
    return redirect(url_for("taking.attempt", token=attempt.token))


@bp.post("/class/leave")
def leave():
    """Stop adding this browser's attempts to the class."""
    if not LeaveForm().validate_on_submit():
        abort(400)
    session.pop(CLASS_KEY, None)
    session.pop(NAME_KEY, None)
    flash("You left the class. Quizzes you take now are not added to it.", "info")
    return redirect(url_for("taking.index"))
