"""Classes: a teacher's groups of students, the quizzes assigned to them, and the students' own class page.

A class and its results belong to the teacher who made it: any other teacher gets a 404, as if it
did not exist. Students join without an account: the code puts the class and their name in their
session, and every attempt they start from an assignment carries both. Wrong codes are counted
per address in the database (``quiz.web.throttling``), so codes cannot be found by trying them all.
"""

import io

import segno
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import delete as sa_delete
from sqlalchemy import func, select

from quiz.core import clock, codes
from quiz.database import begin_teacher_write, begin_write
from quiz.extensions import db
from quiz.models import Assignment, Attempt, Classroom, ClassStudent, Quiz, Teacher, utcnow
from quiz.store import assignments, attempts, roster
from quiz.web import throttling
from quiz.web.access import teacher_only
from quiz.web.classes.forms import (
    AssignForm,
    ClassForm,
    ClassListForm,
    DeleteForm,
    GrantForm,
    JoinForm,
    LeaveForm,
    MergeForm,
    PickNameForm,
    RenameForm,
    RotateForm,
    StartForm,
)
from quiz.web.zones import class_zone, my_zone

bp = Blueprint("classes", __name__)

CLASS_KEY = "classroom_id"
NAME_KEY = "student_name"


def new_code() -> str:
    """A code no class has now."""
    while True:
        code = codes.generate()
        if db.session.scalar(select(Classroom.id).where(Classroom.code == code)) is None:
            return code


def own_class_or_404(class_id: int) -> Classroom:
    """The signed-in teacher's class; someone else's class is a 404, never a 403 that confirms it exists."""
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or classroom.teacher_id != current_user.id:
        abort(404)
    return classroom


def own_assignment_or_404(class_id: int, assignment_id: int) -> tuple[Classroom, Assignment]:
    classroom = own_class_or_404(class_id)
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.classroom_id != classroom.id:
        abort(404)
    return classroom, assignment


def joined_classroom() -> Classroom | None:
    """The class this browser joined, if it still exists."""
    class_id = session.get(CLASS_KEY)
    return db.session.get(Classroom, class_id) if isinstance(class_id, int) else None


def assignable_quizzes() -> dict[int, str]:
    return {q.id: q.title for q in db.session.scalars(select(Quiz).where(Quiz.published).order_by(Quiz.title))}


def join_url(classroom: Classroom) -> str:
    return url_for("classes.join", code=codes.shown(classroom.code), _external=True)


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


@bp.get("/teacher/classes/<int:class_id>/assignments/<int:assignment_id>")
@teacher_only
def assignment(class_id: int, assignment_id: int):
    """The share panel of an assignment: join link, class code and QR code, and a printable handout."""
    classroom, task = own_assignment_or_404(class_id, assignment_id)
    zone = my_zone()
    return render_template(
        "classes/assignment.html",
        classroom=classroom,
        task=task,
        state=assignments.availability(task),
        code=codes.shown(classroom.code),
        join_url=join_url(classroom),
        show=lambda t: clock.show(t, zone),
    )


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


@bp.get("/teacher/classes/<int:class_id>/assignments/<int:assignment_id>/handout")
@teacher_only
def handout(class_id: int, assignment_id: int):
    """One printable page for the class: the quiz, when it is due, how to join, the QR code."""
    classroom, task = own_assignment_or_404(class_id, assignment_id)
    zone = class_zone(classroom)
    return render_template(
        "classes/handout.html",
        classroom=classroom,
        task=task,
        code=codes.shown(classroom.code),
        join_url=join_url(classroom),
        show=lambda t: clock.show(t, zone),
    )


@bp.get("/teacher/classes/<int:class_id>/qr.svg")
@teacher_only
def qr_code(class_id: int):
    """The class's join link as a QR code, an SVG made here (no outside service sees the code)."""
    classroom = own_class_or_404(class_id)
    out = io.BytesIO()
    segno.make(join_url(classroom), error="m").save(out, kind="svg", scale=6, border=2, title="Join link")
    svg = out.getvalue()
    return svg, 200, {"Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "private, no-store"}


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


@bp.post("/teacher/classes/<int:class_id>/list")
@teacher_only
def class_list(class_id: int):
    """Add pasted names to the class list: joining students then pick their name from it."""
    begin_teacher_write()
    classroom = own_class_or_404(class_id)
    form = ClassListForm()
    if not form.validate_on_submit():
        db.session.rollback()
        flash("Nothing was added: " + " ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("classes.show", class_id=class_id, _anchor="students"))
    added = roster.add_list(classroom, form.names.data)
    db.session.commit()
    flash(f"{added} name(s) added to the class list of {classroom.name}.", "info")
    return redirect(url_for("classes.show", class_id=classroom.id, _anchor="students"))


@bp.post("/teacher/classes/<int:class_id>/students/<int:student_id>/rename")
@teacher_only
def rename(class_id: int, student_id: int):
    """Rename a student; their attempts in the class take the new name."""
    begin_teacher_write()
    classroom = own_class_or_404(class_id)
    student = db.session.get(ClassStudent, student_id)
    if student is None or student.classroom_id != classroom.id:
        abort(404)
    form = RenameForm()
    if not form.validate_on_submit():
        db.session.rollback()
        flash("Not renamed: " + " ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("classes.show", class_id=class_id, _anchor="students"))
    old = student.name
    try:
        roster.rename(student, form.name.data)
    except roster.NameTaken as taken:
        db.session.rollback()
        flash(f"Not renamed: {taken} is already in the class. To make them one student, merge them.", "error")
        return redirect(url_for("classes.show", class_id=class_id, _anchor="students"))
    db.session.commit()
    flash(f"{old} is now {student.name}, with all their attempts.", "info")
    return redirect(url_for("classes.show", class_id=classroom.id, _anchor="students"))


@bp.post("/teacher/classes/<int:class_id>/merge")
@teacher_only
def merge(class_id: int):
    """Make two names one student: the first's attempts, with their scores, move to the second."""
    begin_teacher_write()
    classroom = own_class_or_404(class_id)
    form = MergeForm()
    choices = [(s.id, s.name) for s in roster.students(classroom)]
    form.source.choices = form.target.choices = choices
    if not form.validate_on_submit():
        db.session.rollback()
        flash("Not merged: " + " ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("classes.show", class_id=class_id, _anchor="students"))
    source, target = db.session.get(ClassStudent, form.source.data), db.session.get(ClassStudent, form.target.data)
    moved = roster.merge(source, target)
    db.session.commit()
    flash(f"Merged into {target.name}: {moved} attempt(s) moved, their scores kept.", "info")
    return redirect(url_for("classes.show", class_id=classroom.id, _anchor="students"))


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


# --- Students -----------------------------------------------------------------------------------


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
