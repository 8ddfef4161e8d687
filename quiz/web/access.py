"""Who may see a page: the one rule for "teachers only", used by every teacher page.

The teacher blueprint runs ``require_teacher`` before each of its views; a blueprint that mixes
student and teacher pages (classes, auth, summaries) marks its teacher views ``@teacher_only``.
Both send a visitor who is not signed in to the sign-in page, which brings them back afterwards.
"""

from functools import wraps

from flask_login import current_user

from quiz.extensions import login_manager


def require_teacher():
    """The sign-in page for anyone not signed in as a teacher; nothing for a teacher."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def teacher_only(view):
    """A view only a signed-in teacher reaches."""

    @wraps(view)
    def guarded(*args, **kwargs):
        return require_teacher() or view(*args, **kwargs)

    return guarded
