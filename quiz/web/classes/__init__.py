"""Classes: a teacher's groups of students, each with a join code students type with their name."""

from quiz.web.classes.views import bp

__all__ = ["bp"]
