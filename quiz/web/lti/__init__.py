"""Launches from a school's learning platform (LTI 1.3): sign-in, deep linking, grades back, rosters in."""

from quiz.web.lti.views import bp

__all__ = ["bp"]
