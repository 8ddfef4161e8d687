"""Classes: a teacher's groups of students, each with a join code students type with their name.

One blueprint, ``classes``, split by subject: ``views`` (the teacher's classes), ``assignments``, ``share``
(handout and QR code), ``roster`` (the class list) and ``joining`` (the student's side).
"""

from quiz.web.classes import assignments, joining, roster, share, views  # noqa: F401  (views join bp)
from quiz.web.classes.blueprint import bp

__all__ = ["bp"]
