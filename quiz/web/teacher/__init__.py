"""Authoring: the bank of articles and questions every teacher shares, and the quizzes drawn from it.

One blueprint, ``teacher``, split by what is being written: ``articles``, ``questions``,
``quizzes`` and ``transfer`` (import and export). Every page needs a signed-in teacher.
"""

from quiz.web.teacher import articles, drafts, home, lifecycle, questions, quizzes, transfer  # noqa: F401  (views join bp)
from quiz.web.teacher.blueprint import bp

__all__ = ["bp"]
