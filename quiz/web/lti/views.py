"""The LTI endpoints a platform calls, the deep-linking picker, and the teacher pages with the tool’s values.

``/lti/login`` and ``/lti/launch`` receive cross-site form posts from the platform, which carry no
CSRF token and no session cookie (SameSite=Lax): they are exempt from CSRF, and are protected
instead by the state and nonce kept in the database and by the platform's signature on the id_token.
"""

import logging
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quiz.core import clock
from quiz.core import lti as core
from quiz.database import begin_write
from quiz.extensions import csrf, db
from quiz.models import Attempt, Classroom, LtiContext, LtiLink, LtiPlatform, Quiz
from quiz.store import lti
from quiz.web import zones
from quiz.web.access import teacher_only
from quiz.web.auth.views import start_session
from quiz.web.lti.forms import PickForm, RosterForm
from quiz.web.security import CONTENT_SECURITY_POLICY

bp = Blueprint("lti", __name__)
log = logging.getLogger(__name__)

DEEP_LINK_KEY = "lti_deep_link"


def key_folder() -> Path:
    """Where the tool’s signing keys live: the instance folder unless ``LTI_KEY_FOLDER`` says otherwise."""
    return Path(current_app.config.get("LTI_KEY_FOLDER") or Path(current_app.instance_path) / "lti_keys")


def tool_values() -> dict[str, str]:
    """What an administrator pastes into the platform (inside a request context: full addresses)."""
    launch = url_for("lti.launch", _external=True)
    return {
        "Login URL (OIDC login initiation)": url_for("lti.login", _external=True),
        "Launch URL (target link and redirect URL)": launch,
        "Deep-linking URL": launch,
        "Public key set URL (JWKS)": url_for("lti.jwks", _external=True),
        "Scopes asked for": " ".join(core.SCOPES),
    }


def refused(message: str, status: int = 400):
    db.session.rollback()
    return render_template("lti/refused.html", message=message), status


@bp.after_app_request
def send_queued_scores(response):
    """After a submit has been answered, send the score it queued (a failure leaves it pending for a retry)."""
    queued = lti.queued_in_this_session()
    if queued:
        app, folder = current_app._get_current_object(), key_folder()

        def send() -> None:
            with app.app_context():
                try:
                    lti.send_scores(folder, only=queued, skip_failing=True)
                except Exception:  # the row stays pending; lti-send-scores retries it
                    log.exception("sending LTI scores %s failed", queued)

        response.call_on_close(send)
    return response


@bp.get("/lti/jwks")
def jwks():
    """The tool’s public keys, with which platforms check the tokens it signs."""
    return core.key_set(key_folder())


@bp.route("/lti/login", methods=["GET", "POST"])
@csrf.exempt  # a platform's cross-site post: protected by the state and nonce, not a CSRF token
def login():
    """Third-party-initiated login: keep a state and nonce, then send the browser to the platform’s sign-in."""
    values = request.values
    issuer, hint = values.get("iss", ""), values.get("login_hint", "")
    if not issuer and not hint:
        return render_template("lti/login.html")
    if not issuer or not hint:
        return refused("The platform’s sign-in request is missing its issuer or login hint.")
    begin_write()
    try:
        platform, state = lti.begin_login(issuer, values.get("client_id"))
    except lti.Refused as why:
        return refused(str(why))
    db.session.commit()
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": url_for("lti.launch", _external=True),
        "login_hint": hint,
        "state": state.state,
        "nonce": state.nonce,
    }
    if message_hint := values.get("lti_message_hint"):
        query["lti_message_hint"] = message_hint
    separator = "&" if "?" in platform.auth_url else "?"
    return redirect(platform.auth_url + separator + urlencode(query), code=302)


@bp.post("/lti/launch")
@csrf.exempt  # a platform's cross-site post: protected by the state, the nonce and the platform's signature
def launch():
    """A checked launch: a teacher is signed in to their course’s class, a student lands in the quiz."""
    state = request.form.get("state", "")
    try:
        platform, launch = lti.accept_launch(request.form.get("id_token", ""), state)
    except lti.Refused as why:
        return refused(str(why))
    db.session.rollback()
    begin_write()
    try:
        platform = db.session.get(LtiPlatform, platform.id)
        lti.use_launch(platform, launch)
        if launch.message_type == core.DEEP_LINK:
            return deep_link_launch(platform, launch)
        if launch.staff:
            return instructor_launch(platform, launch)
        return student_launch(platform, launch)
    except lti.Refused as why:
        return refused(str(why))
    except IntegrityError:
        return refused("This launch was already used. Open the activity again from your course.")


def deep_link_launch(platform: LtiPlatform, launch: core.Launch):
    teacher = lti.instructor_teacher(platform, launch)
    context = lti.course(platform, launch, teacher)
    start_session(teacher)
    session[DEEP_LINK_KEY] = {
        "platform_id": platform.id,
        "deployment_id": launch.deployment_id,
        "return_url": launch.deep_link_return_url,
        "data": launch.deep_link_data,
    }
    db.session.commit()
    if context is not None:
        bring_roster_in(context.id)
    return redirect(url_for("lti.pick"))


def instructor_launch(platform: LtiPlatform, launch: core.Launch):
    teacher = lti.instructor_teacher(platform, launch)
    context = lti.course(platform, launch, teacher)
    lti.link_for(platform, launch, context)
    start_session(teacher)
    db.session.commit()
    if context is None:
        return redirect(url_for("lti.home"))
    owner = db.session.scalar(select(Classroom.teacher_id).where(Classroom.id == context.classroom_id))
    if owner != teacher.id:
        flash("This course’s class here belongs to the teacher who first opened the tool from it.", "info")
        return redirect(url_for("lti.home"))
    bring_roster_in(context.id)
    return redirect(url_for("lti.course", class_id=context.classroom_id))


def student_launch(platform: LtiPlatform, launch: core.Launch):
    from quiz.web.taking.views import refusal

    context = lti.course(platform, launch, None)
    link = lti.link_for(platform, launch, context)
    if link is None:
        return refused("This activity does not name a quiz of this site. Ask your teacher to add it again.", 404)
    attempt = lti.latest_attempt(link, launch.user_id)
    if attempt is None:
        if why := refusal(db.session.get(Quiz, link.quiz_id)):
            return refused(why, 403)
        attempt = lti.start_attempt(link, launch, context)
    db.session.commit()
    return redirect(url_for("taking.attempt", token=attempt.token))


def bring_roster_in(context_id: int) -> None:
    """Fetch the course’s roster from the platform, then store it; a failure is said on the page, changes nothing."""
    db.session.rollback()
    try:
        members = lti.download_roster(db.session.get(LtiContext, context_id), key_folder())
    except (requests.RequestException, KeyError, ValueError) as error:
        db.session.rollback()
        log.warning("roster of LTI course %s not fetched: %s", context_id, error)
        flash("The class list could not be brought in from the platform just now. Try again from this page.", "error")
        return
    db.session.rollback()
    begin_write()
    count = lti.store_roster(db.session.get(LtiContext, context_id), members)
    db.session.commit()
    if count:
        flash(f"Class list brought in from the platform: {count} member(s).", "info")


@bp.route("/lti/deep-link", methods=["GET", "POST"])
@teacher_only
def pick():
    """The deep-linking picker: choose a published quiz; the platform gets it back as an activity with a grade."""
    settings = session.get(DEEP_LINK_KEY)
    if not isinstance(settings, dict):
        return render_template("lti/pick.html", form=None)
    quizzes = db.session.scalars(select(Quiz).where(Quiz.published).order_by(Quiz.title)).all()
    form = PickForm()
    form.quiz.choices = [(q.id, q.title) for q in quizzes]
    if form.validate_on_submit():
        platform = db.session.get(LtiPlatform, settings["platform_id"]) or abort(404)
        quiz = next(q for q in quizzes if q.id == form.quiz.data)
        item = {
            "type": "ltiResourceLink",
            "title": quiz.title,
            "text": quiz.description,
            "url": url_for("lti.launch", _external=True),
            "custom": {"quiz": quiz.slug},
            "lineItem": {"scoreMaximum": len(quiz.entries), "label": quiz.title, "resourceId": quiz.slug},
        }
        launch = core.Launch(
            message_type=core.DEEP_LINK,
            user_id=str(current_user.id),
            name="",
            staff=True,
            deployment_id=settings["deployment_id"],
            deep_link_data=settings.get("data"),
        )
        key = core.signing_key(key_folder())
        jwt = core.deep_link_response(launch, platform.client_id, platform.issuer, [item], key)
        session.pop(DEEP_LINK_KEY, None)
        response = current_app.make_response(
            render_template("lti/return.html", return_url=settings["return_url"], jwt=jwt, quiz=quiz)
        )
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(settings["return_url"]))
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "form-action 'self'", f"form-action 'self' {origin}"
        )
        return response
    counts = dict(db.session.execute(select(Quiz.id, func.count()).join(Quiz.entries).group_by(Quiz.id)).all())
    return render_template("lti/pick.html", form=form, quizzes=quizzes, counts=counts), 400 if form.errors else 200


@bp.get("/teacher/lti")
@teacher_only
def home():
    """The tool’s values to paste into a platform, the platforms registered, and this teacher’s platform courses."""
    courses = lti.contexts_of(current_user.id)
    return render_template(
        "lti/home.html",
        values=tool_values(),
        platforms=lti.platforms(),
        courses=courses,
    )


@bp.route("/teacher/classes/<int:class_id>/platform", methods=["GET", "POST"])
@teacher_only
def course(class_id: int):
    """A class’s platform course: its roster, each student not started, in progress, or with their score."""
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or classroom.teacher_id != current_user.id:
        abort(404)
    context = db.session.scalar(select(LtiContext).where(LtiContext.classroom_id == classroom.id))
    form = RosterForm()
    if context is not None and form.validate_on_submit():
        bring_roster_in(context.id)
        return redirect(url_for("lti.course", class_id=class_id))
    if context is None:
        return render_template("lti/course.html", classroom=classroom, context=None, form=form)
    links = db.session.scalars(select(LtiLink).where(LtiLink.lti_context_id == context.id)).all()
    link_ids = [link.id for link in links]
    rows = db.session.execute(
        select(Attempt.lti_user_id, Attempt.lti_link_id, Attempt.score, Attempt.max_score, Attempt.submitted_at)
        .where(Attempt.lti_link_id.in_(link_ids))
        .order_by(Attempt.started_at)
    ).all()
    latest = {(row.lti_user_id, row.lti_link_id): row for row in rows}
    pending = {p.attempt.lti_user_id for p in lti.pending_scores() if p.attempt.lti_link_id in link_ids}
    return render_template(
        "lti/course.html",
        context=context,
        classroom=classroom,
        links=links,
        latest=latest,
        pending=pending,
        form=form,
        members=[m for m in context.members if m.learner],
        show=lambda moment: clock.show(moment, zones.my_zone()),
    )
