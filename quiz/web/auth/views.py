"""Teachers' sign-in: who is signed in, how sign-in fails safely, and how a session really ends.

Flask keeps its session in a signed cookie, which a copy could replay forever. So each sign-in
also writes a ``TeacherSession`` row and the cookie carries its random token; the user loader
accepts the cookie only while the row exists. Signing out deletes the row, and a password change
deletes every other row of that teacher.
"""

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, select

from quiz.core import clock, passwords
from quiz.database import begin_teacher_write, begin_write
from quiz.extensions import db
from quiz.models import Teacher, TeacherSession, utcnow
from quiz.store.accounts import authenticate
from quiz.web import throttling
from quiz.web.access import teacher_only
from quiz.web.auth.forms import LoginForm, PasswordForm, TimeZoneForm
from quiz.web.zones import BROWSER_ZONE, default_zone

bp = Blueprint("auth", __name__, url_prefix="/teacher")

SESSION_KEY = "teacher_session"
FAILED = (
    "Those details did not sign you in. Check the email and password. After several wrong tries, each "
    "next try waits a little longer (seconds, never more than two minutes)."
)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_teacher(teacher_id: str) -> Teacher | None:
    """The teacher whose live server-side session this cookie names, or nobody."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str) or not teacher_id.isdigit():
        return None
    row = db.session.scalar(select(TeacherSession).where(TeacherSession.token_hash == _digest(token)))
    max_age = timedelta(hours=current_app.config["TEACHER_SESSION_HOURS"])
    if row is None or row.teacher_id != int(teacher_id) or row.created_at < utcnow() - max_age:
        return None
    return db.session.get(Teacher, row.teacher_id)


def start_session(teacher: Teacher) -> None:
    """Sign ``teacher`` in on this browser with a fresh server-side session."""
    token = secrets.token_urlsafe(32)
    db.session.add(TeacherSession(teacher_id=teacher.id, token_hash=_digest(token)))
    session.clear()
    login_user(teacher)
    session[SESSION_KEY] = token


def end_other_sessions(teacher: Teacher) -> None:
    """Delete every server-side session of ``teacher`` but this browser's."""
    mine = _digest(session.get(SESSION_KEY, ""))
    db.session.execute(
        delete(TeacherSession).where(TeacherSession.teacher_id == teacher.id, TeacherSession.token_hash != mine)
    )


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, never another site."""
    if not target or not target.isprintable() or len(target) > 2000:  # CR/LF would split the Location header
        return url_for("teacher.home")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc and "\\" not in target:
        return target
    return url_for("teacher.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in; every failure gets the same words, whether or not the email is known."""
    form = LoginForm()
    if form.validate_on_submit():
        begin_write()
        if seconds := throttling.login_wait(form.email.data):  # the same wait whether or not the email exists
            db.session.rollback()
            flash(throttling.wait_message(seconds), "error")
            return render_template("auth/login.html", form=form), 429
        teacher = authenticate(form.email.data, form.password.data)
        if teacher is not None:
            throttling.login_succeeded(form.email.data)
            start_session(teacher)
            if clock.is_known(form.browser_zone.data):  # until the teacher chooses a zone, times read in this one
                session[BROWSER_ZONE] = form.browser_zone.data
            db.session.commit()
            flash(f"Signed in as {teacher.email}.", "info")
            return redirect(safe_next(request.args.get("next")))
        throttling.login_failed(form.email.data)
        db.session.commit()  # keep the failure counts
        flash(FAILED, "error")
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Sign out: the server forgets this session, so an old copy of the cookie opens nothing."""
    token = session.get(SESSION_KEY)
    if isinstance(token, str):
        begin_write()
        db.session.execute(delete(TeacherSession).where(TeacherSession.token_hash == _digest(token)))
        db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@teacher_only
def change_password():
    """Change the password; every other browser signed in as this teacher is signed out."""
    form = PasswordForm()
    if form.validate_on_submit():
        begin_teacher_write()
        current_user.password_hash = passwords.hash_password(form.new.data)
        end_other_sessions(current_user)
        db.session.commit()
        flash("Password changed. Any other browser signed in as you has been signed out.", "info")
        return redirect(url_for("teacher.home"))
    return render_template("auth/password.html", form=form), 400 if form.errors else 200


@bp.route("/account", methods=["GET", "POST"])
@teacher_only
def account():
    """The teacher's account: their time zone (every time they type or read is in it), and a password link."""
    form = TimeZoneForm()
    form.time_zone.choices = [(name, clock.zone_label(name)) for name in clock.zone_names()]
    if not form.is_submitted():
        form.time_zone.data = current_user.time_zone or default_zone()
    if form.validate_on_submit():
        begin_teacher_write()
        current_user.time_zone = form.time_zone.data
        db.session.commit()
        label = clock.zone_label(form.time_zone.data)
        flash(f"Your time zone is now {label}. Every time you type or read is in it.", "info")
        return redirect(url_for("auth.account"))
    # No zone chosen and none set on the server (QUIZ_TIMEZONE): the page offers the browser's own.
    guess = current_user.time_zone is None and default_zone() == clock.DEFAULT
    return render_template(
        "auth/account.html", form=form, chosen=current_user.time_zone is not None, guess=guess
    ), 400 if form.errors else 200
