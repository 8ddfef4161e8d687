"""Parts of the student pages that come out the same for every student, rendered once per worker process.

The article, a question as it is asked, and the feedback on one particular answer to a question depend
only on stored content, so a class of thirty renders each of them once instead of thirty times. Each is
kept under a key made of everything it shows (a question version's id, fingerprint and last change, the
article's own fields), so an edited question or article is rendered afresh. What differs between
students (their name, token, CSRF field, the answers kept after a refused submission) is rendered
around these parts on every request, and a part is rendered from an explicit allow-list of page values
(``SHARED``), so per-student data cannot be cached into it by construction.
"""

import json
import re
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from quiz.web import compression


class Kept:
    """A small least-recently-used store of rendered HTML."""

    def __init__(self, limit: int = 4096):
        self.limit = limit
        self.items: OrderedDict[Hashable, Markup] = OrderedDict()

    def get(self, key: Hashable, render: Callable[[], str]) -> Markup:
        html = self.items.get(key)
        if html is None:
            # The output of our own autoescaping templates, already safe.
            html = self.items[key] = Markup(render())  # noqa: S704
            if len(self.items) > self.limit:
                self.items.popitem(last=False)
        else:
            self.items.move_to_end(key)
        compression.used(html)
        return html


kept = Kept()
_BLANKS = re.compile(r"[ \t\r\n]*\n[ \t\r\n]*")  # ASCII only: a no-break space is content


def article_stamp(article: Any) -> tuple:
    """Everything of the article that a page shows; its sentences follow from its text."""
    return (article.id, article.title, article.outlet, article.published, article.text)


def question_stamp(question: Any) -> tuple:
    """A question version changes its fingerprint when its content changes, and ``updated_at`` on any change."""
    return (question.id, question.fingerprint, question.updated_at)


# The only page values a kept part may read: each is the same for every student who sees the page.
# Anything else (a student's name, token, CSRF field, answers) is not passed, so cannot be kept.
SHARED = ("article", "skills", "categories", "category_hints", "kinds")


def shared_values(context: Context) -> dict[str, Any]:
    """The allowed page values, taken from the page's context by name."""
    return {name: context[name] for name in SHARED if name in context}


def _render(context: Context, name: str, **values: Any) -> str:
    """Render a kept part from the allowed page values and its own arguments, nothing else."""
    return tidy(context.environment.get_template(name).render({**shared_values(context), **values}))


def tidy(html: str) -> str:
    """Template indentation and blank lines folded to one line break: the same page, 8 % lighter.

    Safe here because nothing kept has preformatted text (no ``<pre>``, ``<textarea>`` or CSS ``pre``).
    """
    return _BLANKS.sub("\n", html)


@pass_context
def article_html(context: Context, article: Any) -> Markup:
    """The article with its numbered paragraphs and sentence anchors."""
    macro = context.environment.get_template("_macros.html").module.article_text
    return kept.get(("article", *article_stamp(article)), lambda: tidy(macro(article)))


@pass_context
def questions_html(context: Context, questions: list[Any]) -> Markup:
    """Every question as it is asked, numbered, before any answer is given."""
    article, total = article_stamp(context["article"]), len(questions)
    # Every part is our own autoescaped template output: joined as text, not escaped again one by one.
    return Markup(  # noqa: S704
        "".join(
            kept.get(
                ("question", *question_stamp(q), number, total, *article),
                lambda q=q, number=number: _render(
                    context, "taking/_question.html", q=q, number=number, total=total, submitted=None, missing=None
                ),
            )
            for number, q in enumerate(questions, 1)
        )
    )


@pass_context
def feedback_html(context: Context, questions: list[Any], answers: dict[int, Any]) -> Markup:
    """What each answer earned and why; one answer's feedback is the same for every student who gave it."""
    article, total = article_stamp(context["article"]), len(questions)
    parts = []
    for number, q in enumerate(questions, 1):
        answer = answers.get(q.id)
        if answer is None:  # an attempt submitted at its time limit can leave questions unanswered
            parts.append(_render(context, "taking/_unanswered.html", q=q, number=number, total=total))
            continue
        response = None if answer.response is None else json.dumps(answer.response, sort_keys=True)
        given = (answer.choice_id, response, answer.correct, answer.credit)
        parts.append(
            kept.get(
                ("feedback", *question_stamp(q), *given, number, total, *article),
                lambda q=q, answer=answer, number=number: _render(
                    context, "taking/_feedback.html", q=q, answer=answer, number=number, total=total
                ),
            )
        )
    return Markup("".join(parts))  # noqa: S704  (our own autoescaped template output, as above)
