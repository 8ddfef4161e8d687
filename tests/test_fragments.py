"""Kept page parts are the same for every student: nothing of one student can be cached into another's page."""

from sqlalchemy import select

from quiz.core.taxonomy import CATEGORIES, CATEGORY_HINTS, SKILLS
from quiz.extensions import db
from quiz.models import Article, Question
from quiz.web import fragments

PAGE = "{{ questions_html(questions) }}"


def render_for(app, student: dict) -> str:
    """The questions part as a quiz page for ``student`` renders it, with their own values in the page."""
    with app.test_request_context("/"):
        article = db.session.scalar(select(Article))
        questions = db.session.scalars(select(Question).where(Question.article_id == article.id)).all()
        template = app.jinja_env.from_string(PAGE)
        return template.render(
            article=article,
            questions=questions,
            skills=SKILLS,
            categories=CATEGORIES,
            category_hints=CATEGORY_HINTS,
            **student,
        )


def test_a_kept_question_part_is_identical_for_two_students_and_names_neither(app):
    fragments.kept.items.clear()
    ana = {"display_name": "Ana Secretname", "token": "token-of-ana", "submitted": {1: "x"}, "missing": {1}}
    ben = {"display_name": "Ben Othername", "token": "token-of-ben", "submitted": {2: "y"}, "missing": {2}}
    first, second = render_for(app, ana), render_for(app, ben)
    assert first == second
    for secret in ("Secretname", "Othername", "token-of-ana", "token-of-ben", "question-missing"):
        assert secret not in first


def test_only_the_allowed_page_values_reach_a_kept_part(app):
    with app.test_request_context("/"):
        template = app.jinja_env.from_string("{{ probe() }}")
        seen = {}
        template.globals["probe"] = _probe(seen)
        template.render(article="the article", skills={}, display_name="Ana", token="t", csrf_token="c")
    assert set(seen) <= set(fragments.SHARED)
    assert "article" in seen and "display_name" not in seen and "token" not in seen


def _probe(seen: dict):
    from jinja2 import pass_context

    @pass_context
    def probe(context):
        seen.update(fragments.shared_values(context))
        return ""

    return probe


def test_a_part_whose_template_asks_for_a_student_value_still_cannot_see_it(app):
    """Even a careless edit of a kept template cannot cache a name: the value is simply not there."""
    from jinja2 import ChoiceLoader, DictLoader

    fragments.kept.items.clear()
    careless = "{{ q.prompt }} for {{ display_name | default('nobody') }} ({{ token | default('no token') }})"
    app.jinja_env.loader = ChoiceLoader([DictLoader({"taking/_question.html": careless}), app.jinja_env.loader])
    app.jinja_env.cache.clear()
    html = render_for(app, {"display_name": "Ana Secretname", "token": "token-of-ana"})
    assert "for nobody (no token)" in html and "Secretname" not in html and "token-of-ana" not in html
