"""The kinds of question: each knows how it is written, stored, shown, read from a form, graded and explained.

A kind is one module here and one line in ``KINDS``: its ``Spec`` (the fields a question file or
form gives), how it is stored (``choice_rows``, ``data``), what it checks against the article
(``check``), how it is exported (``export``) and written in the browser (``fill_form``,
``spec_from_form``), how a submission is read (``parse``, ``form_fields``) and graded (``grade``),
its model answer, chance score and CSV text, and two templates in ``templates/kinds/``
(``<kind>.html`` to answer, ``<kind>_result.html`` to explain). Code elsewhere asks the kind;
it never tests a kind's name. Grading reads plain attributes, so it runs on rows and test doubles.
"""

from typing import Any

from quiz.core.kinds.base import Graded, Tampered, field_name, key_words, word_parts, words
from quiz.core.kinds.choice import ChoiceKind
from quiz.core.kinds.classify import ClassifyKind
from quiz.core.kinds.general import GeneralKind
from quiz.core.kinds.mark import MARK_RULE, MarkKind, marking_is_right
from quiz.core.kinds.tag import TagKind

KINDS: dict[str, Any] = {
    kind.name: kind for kind in (ChoiceKind(), ClassifyKind(), MarkKind(), TagKind(), GeneralKind())
}


def mark_key(question: Any) -> set[int]:
    """The excerpt's word indices that a right marking is measured against (the evidence span)."""
    return key_words(question.excerpt, question.evidence)


__all__ = [
    "KINDS",
    "MARK_RULE",
    "Graded",
    "Tampered",
    "field_name",
    "key_words",
    "mark_key",
    "marking_is_right",
    "word_parts",
    "words",
]
