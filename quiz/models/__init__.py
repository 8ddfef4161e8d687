"""The domain's tables, one module per part: the bank, accounts, classes, attempts, and learning platforms.

Every model is re-exported here, so ``from quiz.models import Quiz`` works, and importing the package
defines all of them, so relationships given as strings resolve whichever module names them.
"""

from quiz.models.accounts import Teacher, TeacherSession, Throttle
from quiz.models.attempts import Answer, Attempt, Judgement, SavedAnswer
from quiz.models.bank import Article, Choice, Question, Quiz, QuizQuestion, Sentence
from quiz.models.classes import Assignment, AttemptGrant, Classroom, ClassStudent, GrowthLink
from quiz.models.clock import utcnow
from quiz.models.lti import (
    LtiContext,
    LtiInstructor,
    LtiLink,
    LtiMember,
    LtiNonce,
    LtiPendingScore,
    LtiPlatform,
    LtiState,
)

__all__ = [
    "Answer",
    "Article",
    "Assignment",
    "Attempt",
    "AttemptGrant",
    "Choice",
    "ClassStudent",
    "Classroom",
    "GrowthLink",
    "Judgement",
    "LtiContext",
    "LtiInstructor",
    "LtiLink",
    "LtiMember",
    "LtiNonce",
    "LtiPendingScore",
    "LtiPlatform",
    "LtiState",
    "Question",
    "Quiz",
    "QuizQuestion",
    "SavedAnswer",
    "Sentence",
    "Teacher",
    "TeacherSession",
    "Throttle",
    "utcnow",
]
