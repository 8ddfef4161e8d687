"""Teachers' sign-in: who is signed in, and the rule that teacher pages need it."""

from .extensions import db, login_manager
from .models import Teacher


@login_manager.user_loader
def load_teacher(teacher_id: str) -> Teacher | None:
    return db.session.get(Teacher, int(teacher_id)) if teacher_id.isdigit() else None
