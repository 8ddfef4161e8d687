"""Growth between two assignments of one class: link them, then read the paired report."""

from flask import abort, redirect, render_template, url_for
from wtforms import SelectChoice

from quiz.core.discernment import MIN_JUDGEMENTS
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import GrowthLink
from quiz.store import reports
from quiz.web.summaries.filtering import my_classes
from quiz.web.summaries.forms import GrowthForm
from quiz.web.summaries.views import bp


def growth_form(choices: list) -> GrowthForm:
    form = GrowthForm()
    options = [SelectChoice(a.id, label) for a, label in choices]
    form.before.choices = options
    form.after.choices = options
    form.retention.choices = [SelectChoice(0, "None")] + options
    return form


@bp.route("/growth", methods=["GET", "POST"])
def growth_links():
    """The class's before/after links, and a form to make one: two different assignments of one class."""
    classes = [c.id for c in my_classes()]
    choices = reports.assignments_for(db.session, classes)
    form = growth_form(choices)
    problem = None
    if form.is_submitted():
        if not form.validate():
            abort(400, "The form could not be read: pick assignments from the lists and try again.")
        by_id = {a.id: a for a, _ in choices}
        before, after = by_id[form.before.data], by_id[form.after.data]
        later = by_id.get(form.retention.data) if form.retention.data else None
        if before.id == after.id:
            problem = "Pick two different assignments: the same one cannot be before and after."
        elif before.classroom_id != after.classroom_id or (later and later.classroom_id != before.classroom_id):
            problem = "Pick assignments of one class: growth pairs the same students."
        elif later is not None and later.id in (before.id, after.id):
            problem = "The later check must be a third assignment."
        else:
            begin_teacher_write()
            existing = db.session.scalar(reports.growth_link_query(before.id, after.id))
            link = existing or GrowthLink(classroom_id=before.classroom_id, before_id=before.id, after_id=after.id)
            link.retention_id = later.id if later else None
            db.session.add(link)
            db.session.commit()
            return redirect(url_for("summaries.growth", link_id=link.id))
    status = 400 if problem else 200
    return render_template(
        "summaries/growth_index.html",
        form=form,
        links=reports.links_of(db.session, classes),
        problem=problem,
        has_choices=len(choices) >= 2,
    ), status


@bp.get("/growth/<int:link_id>")
def growth(link_id: int):
    """The growth report: paired students only, with the gain's interval, normalised gain and effect size."""
    link = db.session.get(GrowthLink, link_id)
    if link is None or link.classroom_id not in {c.id for c in my_classes()}:
        abort(404)
    report = reports.growth_report(db.session, link)
    return render_template("summaries/growth.html", report=report, min_judgements=MIN_JUDGEMENTS)
