"""Functions every template may call: the taking, teacher and summary pages all show articles and answers."""

from flask import Flask

from quiz.core.kinds import mark_key, word_parts
from quiz.web import fragments


def sentence_texts(article) -> dict[str, str]:
    """An article's sentences by their key (``p2s1``), for quoting one beside a question."""
    return {s.key: s.text for s in article.sentences}


def register(app: Flask) -> None:
    for function in (sentence_texts, word_parts, mark_key, fragments.article_html, fragments.questions_html,
                     fragments.feedback_html):
        app.add_template_global(function)
