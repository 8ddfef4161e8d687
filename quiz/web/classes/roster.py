"""A class's list of students: add pasted names, rename a student, merge two names into one student."""

from flask import abort, flash, redirect, url_for

from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import ClassStudent
from quiz.store import roster
from quiz.web.access import teacher_only
from quiz.web.classes.blueprint import bp
from quiz.web.classes.forms import ClassListForm, MergeForm, RenameForm
from quiz.web.classes.lookups import own_class_or_404


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
