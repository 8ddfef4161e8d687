"""Functions every template may call: the taking, teacher and summary pages all show articles and answers."""

import math
from decimal import ROUND_HALF_UP, Decimal

from flask import Flask

from quiz.core.kinds import KINDS, mark_key, word_parts
from quiz.web import fragments


def sentence_texts(article) -> dict[str, str]:
    """An article's sentences by their key (``p2s1``), for quoting one beside a question."""
    return {s.key: s.text for s in article.sentences}


def score(value) -> str:
    """A score as people read it: at most one decimal, none when it is whole (25.6667 → "25.7", 26.0 → "26")."""
    if value is None:
        return "—"
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded:.0f}" if rounded == rounded.to_integral_value() else f"{rounded:.1f}"


def percent(value) -> str:
    """A percentage, whole (33.333 → "33%"); halves round up, as people expect, not to even."""
    if value is None:
        return "—"
    return f"{math.floor(float(value) + 0.5):d}%"


def share(part, whole) -> str:
    """``part`` of ``whole`` as a whole percentage ("62%"); nothing of nothing is 0%."""
    return percent(100 * float(part) / whole if whole else 0)


def register(app: Flask) -> None:
    app.add_template_global(KINDS, "kinds")
    for function in (
        sentence_texts,
        word_parts,
        mark_key,
        fragments.article_html,
        fragments.questions_html,
        fragments.feedback_html,
    ):
        app.add_template_global(function)
    for name, function in (("score", score), ("percent", percent), ("share", share)):
        app.add_template_filter(function, name)
