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
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import delete, select
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from . import passwords
from .database import begin_write
from .extensions import db, login_manager
from .forms import TextForm
from .models import Teacher, TeacherSession, utcnow

bp = Blueprint("auth", __name__, url_prefix="/teacher")

MAX_FAILURES = 10
LOCK_TIME = timedelta(minutes=15)
SESSION_KEY = "teacher_session"
FAILED = (
    "Those details did not sign you in. Check the email and password; after 10 failed tries in a row "
    "an account waits 15 minutes before it can sign in again."
)


class HttpsAwareSessions(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the page was served over HTTPS, not only when configured."""

    def get_cookie_secure(self, app) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


@bp.record_once
def _configure(state) -> None:
    state.app.session_interface = HttpsAwareSessions()
    state.app.config.setdefault("TEACHER_SESSION_HOURS", 12)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in as a teacher to see that page."
    login_manager.login_message_category = "info"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@login_manager.user_loader
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


def begin_teacher_write() -> None:
    """Start a write on a signed-in page: checking the sign-in already read, so end that read first."""
    db.session.rollback()
    begin_write()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_teacher(email: str, password: str, name: str = "") -> Teacher:
    """A new teacher with a hashed password; ``WeakPassword`` or ``ValueError`` say what is wrong."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise ValueError(f"{email!r} is not an email address.")
    if db.session.scalar(select(Teacher.id).where(Teacher.email == email)) is not None:
        raise ValueError(f"A teacher with the email {email} already exists.")
    teacher = Teacher(email=email, name=name.strip(), password_hash=passwords.hash_password(password))
    db.session.add(teacher)
    return teacher


def authenticate(email: str, password: str) -> Teacher | None:
    """The teacher these details sign in, counting failures and locking after too many in a row."""
    now = utcnow()
    teacher = db.session.scalar(select(Teacher).where(Teacher.email == normalise_email(email)).with_for_update())
    if teacher is None:
        passwords.verify(passwords.DUMMY_HASH, password)  # as slow as a known email
        return None
    right = passwords.verify(teacher.password_hash, password)
    if teacher.locked_until is not None and teacher.locked_until > now:
        return None
    if not right:
        teacher.failed_logins += 1
        if teacher.failed_logins >= MAX_FAILURES:
            teacher.failed_logins, teacher.locked_until = 0, now + LOCK_TIME
        return None
    teacher.failed_logins, teacher.locked_until = 0, None
    if passwords.needs_rehash(teacher.password_hash):
        teacher.password_hash = passwords.hash_password(password)
    return teacher


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
    parts = urlsplit(target or "")
    if target and target.startswith("/") and not target.startswith("//") and not parts.netloc and "\\" not in target:
        return target
    return url_for("teacher.home")


class LoginForm(TextForm):
    email = EmailField(
        "Email", validators=[DataRequired("Type your email."), Length(max=254)], render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Type your password."), Length(max=passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Sign in")


class PasswordForm(TextForm):
    current = PasswordField(
        "Current password",
        validators=[DataRequired("Type your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        "New password", validators=[DataRequired("Type a new password.")], render_kw={"autocomplete": "new-password"}
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired("Type the new password again."), EqualTo("new", "The two new passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Change password")

    def validate_current(self, field) -> None:
        if not passwords.verify(current_user.password_hash, field.data):
            raise ValidationError("That is not your current password.")

    def validate_new(self, field) -> None:
        try:
            passwords.check_rules(field.data)
        except passwords.WeakPassword as error:
            raise ValidationError(str(error)) from None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in; every failure gets the same words, whether or not the email is known."""
    form = LoginForm()
    if form.validate_on_submit():
        begin_write()
        teacher = authenticate(form.email.data, form.password.data)
        if teacher is not None:
            start_session(teacher)
            db.session.commit()
            flash(f"Signed in as {teacher.email}.", "info")
            return redirect(safe_next(request.args.get("next")))
        db.session.commit()  # keep the failure count
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
@login_required
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
