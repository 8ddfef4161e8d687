"""Teacher accounts in the database: creating one, and checking a sign-in.

Takes the database session and imports no Flask, so the command line and the sign-in page share it.
"""

from sqlalchemy import select

from quiz.core import passwords
from quiz.extensions import db
from quiz.models import Teacher


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
    """The teacher these details sign in, or nobody, as slowly for an unknown email as for a known one.

    Wrong tries are not counted here: ``quiz.store.throttle`` counts them per address and per
    account with short growing waits, so no account is ever locked for long by a stranger.
    """
    teacher = db.session.scalar(select(Teacher).where(Teacher.email == normalise_email(email)).with_for_update())
    if teacher is None:
        passwords.verify(passwords.DUMMY_HASH, password)  # as slow as a known email
        return None
    if not passwords.verify(teacher.password_hash, password):
        return None
    if passwords.needs_rehash(teacher.password_hash):
        teacher.password_hash = passwords.hash_password(password)
    return teacher
