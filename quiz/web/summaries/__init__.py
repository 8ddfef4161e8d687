"""Teachers' summaries: how a quiz went, which questions work, what students confuse, each student."""

from quiz.web.summaries.views import bp

__all__ = ["bp"]
