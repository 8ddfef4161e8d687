"""Classes: a teacher's groups of students, each with a join code students type with their name.

A class and its results belong to the teacher who made it: any other teacher gets a 404, as if it
did not exist. Students join without an account: the code puts the class in their session, and
every attempt they start carries it. Wrong codes are rate-limited per client, so codes cannot be
found by trying them all.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import delete as sa_delete
from sqlalchemy import or_, select
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from quiz.core import clock, codes
from quiz.database import begin_teacher_write
from quiz.extensions import db, limiter
from quiz.models import Attempt, Classroom, Quiz, Teacher, utcnow
from quiz.web.access import teacher_only
from quiz.web.forms import TextForm, display_name_field

bp = Blueprint("classes", __name__)

# Only failed tries count, so a whole class behind one school address can join at once.
JOIN_LIMIT = "10 per minute; 50 per hour"
CLASS_KEY = "classroom_id"
NAME_KEY = "student_name"


class ClassForm(TextForm):
    name = StringField(
        "Name of the class",
        validators=[DataRequired("Give the class a name."), Length(max=200)],
        filters=[lambda s: " ".join(s.split()) if s else s],
    )
    submit = SubmitField("Create the class")


class RotateForm(TextForm):
    submit = SubmitField("Give the class a new code")


class DeleteForm(TextForm):
    confirm = BooleanField(
        "Yes, delete this class and every result in it. This cannot be undone.",
        validators=[DataRequired("Tick the box to confirm.")],
    )
    submit = SubmitField("Delete the class and its results")


class JoinForm(TextForm):
    code = StringField(
        "Class code",
        validators=[DataRequired("Type the code your teacher gave you."), Length(max=20)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    display_name = display_name_field()
    submit = SubmitField("Join the class")


class LeaveForm(TextForm):
    submit = SubmitField("Leave this class")


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


def joined_classroom() -> Classroom | None:
    """The class this browser joined, if it still exists."""
    class_id = session.get(CLASS_KEY)
    return db.session.get(Classroom, class_id) if isinstance(class_id, int) else None


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


@bp.get("/teacher/classes/<int:class_id>")
@teacher_only
def show(class_id: int):
    """One class: its code to give out, and the attempts its students have made."""
    classroom = own_class_or_404(class_id)
    attempts = db.session.scalars(
        select(Attempt).where(Attempt.classroom_id == classroom.id).order_by(Attempt.started_at.desc()).limit(500)
    ).all()
    join_url = url_for("classes.join", code=codes.shown(classroom.code), _external=True)
    return render_template(
        "classes/show.html",
        classroom=classroom,
        attempts=attempts,
        code=codes.shown(classroom.code),
        join_url=join_url,
        rotate_form=RotateForm(),
        bits=int(codes.bits()),
        delete_form=DeleteForm(),
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
    db.session.delete(classroom)
    db.session.commit()
    flash(f"Class “{name}” and its {removed} attempt(s) were deleted.", "info")
    return redirect(url_for("classes.index"))


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(
    JOIN_LIMIT,
    methods=["POST"],
    deduct_when=lambda response: response.status_code != 302,
    error_message="Too many tries with wrong codes from this device. Check the code with your teacher and try "
    "again in a few minutes.",
)
def join():
    """A student types the class code and their name; their attempts then carry the class."""
    form = JoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        code = codes.normalise(form.code.data)
        classroom = (
            db.session.scalar(select(Classroom).where(Classroom.code == code)) if codes.looks_valid(code) else None
        )
        if classroom is not None:
            session[CLASS_KEY], session[NAME_KEY] = classroom.id, form.display_name.data
            return redirect(url_for("classes.joined"))
        form.code.errors.append("No class has that code. Check it with your teacher.")
    return render_template("classes/join.html", form=form), 400 if form.errors else 200


@bp.get("/class")
def joined():
    """The class a student joined, and the quizzes open to them now."""
    classroom = joined_classroom()
    if classroom is None:
        return redirect(url_for("classes.join"))
    now = utcnow()
    quizzes = db.session.scalars(
        select(Quiz)
        .where(
            Quiz.published,
            or_(Quiz.opens_at.is_(None), Quiz.opens_at <= now),
            or_(Quiz.closes_at.is_(None), Quiz.closes_at > now),
        )
        .order_by(Quiz.title)
    ).all()
    teacher = db.session.get(Teacher, classroom.teacher_id)
    return render_template(
        "classes/joined.html",
        classroom=classroom,
        teacher=teacher,
        quizzes=quizzes,
        name=session.get(NAME_KEY, ""),
        leave_form=LeaveForm(),
        show=clock.show,
    )


@bp.post("/class/leave")
def leave():
    """Stop adding this browser's attempts to the class."""
    if not LeaveForm().validate_on_submit():
        abort(400)
    session.pop(CLASS_KEY, None)
    session.pop(NAME_KEY, None)
    flash("You left the class. Quizzes you take now are not added to it.", "info")
    return redirect(url_for("taking.index"))
