"""Teachers' sign-in: who is signed in, how sign-in fails safely, and how a session really ends."""

from quiz.web.auth.views import bp

__all__ = ["bp"]
