"""Sharing an assignment with the class: its share panel, a printable handout, and the join link as a QR code."""

import io

import segno
from flask import render_template

from quiz.core import clock, codes
from quiz.store import assignments
from quiz.web.access import teacher_only
from quiz.web.classes.blueprint import bp
from quiz.web.classes.lookups import join_url, own_assignment_or_404, own_class_or_404
from quiz.web.zones import class_zone, my_zone


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
