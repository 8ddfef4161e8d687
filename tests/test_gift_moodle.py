"""Moodle's own GIFT files come in as a teacher expects: multiple choice and true/false after a check page
that lists every other question by line and kind; the command line does the same with --skip-unsupported."""

import re

import pytest
from sqlalchemy import func, select

from quiz.core import gift
from quiz.extensions import db
from quiz.models import Question
from tests.helpers import FIXTURES, bank_contents, csrf_token, login, upload

MOODLE_FILES = {"moodle-examples.gift": (12, 31), "moodle-fixture.gift": (4, 5)}


@pytest.mark.parametrize(("name", "counts"), MOODLE_FILES.items())
def test_every_question_of_moodles_files_is_read_or_named_by_line_and_kind(name, counts):
    reading = gift.read((FIXTURES / "gift" / name).read_text())
    assert reading.problems == []
    assert (len(reading.questions), len(reading.unsupported)) == counts
    assert {u.kind for u in reading.unsupported} <= {
        "essay",
        "matching",
        "numeric",
        "short-answer",
        "missing-word",
        "weighted",
        "description",
    }


def test_moodles_answers_keep_their_feedback_escapes_and_format_markers():
    questions = gift.read((FIXTURES / "gift" / "moodle-fixture.gift").read_text()).questions
    q2 = next(q for q in questions if q.title == "Q2")
    assert [(a.text, a.correct, a.feedback) for a in q2.answers] == [
        ("yellow", True, "right; good!"),
        ("red", False, "wrong, it's yellow"),
        ("blue", False, "wrong, it's yellow"),
    ]
    q1 = next(q for q in questions if q.title == "Q1")
    assert q1.true_false and q1.general_feedback.startswith("This is, of course")
    control = next(
        q
        for q in gift.read((FIXTURES / "gift" / "moodle-examples.gift").read_text()).questions
        if q.title == "GIFT Control Characters"
    )
    assert [a.text for a in control.answers] == ["~", "=", "#", "{", "}", "\\"]


@pytest.fixture
def teacher(client, make_teacher):
    make_teacher()
    login(client)
    return client


@pytest.mark.parametrize(("name", "counts"), MOODLE_FILES.items())
def test_a_moodle_file_is_checked_first_and_imports_its_choice_questions_once_confirmed(app, teacher, name, counts):
    before = bank_contents(app)
    raw = (FIXTURES / "gift" / name).read_bytes()
    preview = upload(teacher, name, raw, article="mini-article", skill="source")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Nothing has been imported yet" in page
    assert f"{counts[0]} question(s) can come in; {counts[1]} cannot" in page
    assert bank_contents(app) == before  # the check page writes nothing
    fields = dict(re.findall(r'name="(csrf_token|name|text|article|skill)" type="hidden" value="([^"]*)"', page))
    import html

    fields = {k: html.unescape(v) for k, v in fields.items()}
    confirmed = teacher.post("/teacher/transfer/confirm", data=fields)
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[-1500:]
    with app.app_context():
        general = db.session.scalar(select(func.count()).where(Question.kind == "general", Question.current))
        assert general == counts[0]
    listed = teacher.get("/teacher/transfer").get_data(as_text=True)
    assert "Questions without an excerpt yet" in listed


def test_a_general_question_is_taken_like_multiple_choice(app, teacher, client):
    raw = (FIXTURES / "gift" / "moodle-fixture.gift").read_bytes()
    page = upload(teacher, "m.gift", raw, article="mini-article", skill="source").get_data(as_text=True)
    fields = dict(re.findall(r'name="(csrf_token|name|text|article|skill)" type="hidden" value="([^"]*)"', page))
    import html

    assert (
        teacher.post("/teacher/transfer/confirm", data={k: html.unescape(v) for k, v in fields.items()}).status_code
        == 302
    )
    with app.app_context():
        q2 = db.session.scalar(select(Question).where(Question.key == "gift-q2"))
        assert [(c.text, c.correct) for c in q2.choices] == [("yellow", True), ("red", False), ("blue", False)]
        assert q2.excerpt == "" and q2.article.slug == "mini-article"


def test_the_command_line_imports_what_it_can_with_skip_unsupported(app, runner):
    path = FIXTURES / "gift" / "moodle-fixture.gift"
    refused = runner.invoke(args=["import-questions", str(path), "--article", "mini-article", "--skill", "source"])
    assert refused.exit_code != 0 and "nothing was imported" in refused.output
    assert "line 2, file: an essay question" in refused.output and "line 5, file: a matching question" in refused.output
    result = runner.invoke(
        args=["import-questions", str(path), "--article", "mini-article", "--skill", "source", "--skip-unsupported"]
    )
    assert result.exit_code == 0, result.output
    assert "not imported: question Q8, line 2" in result.output
    assert "4 added" in result.output


def test_a_confirmation_that_was_tampered_with_imports_nothing(app, teacher):
    before = bank_contents(app)
    token = csrf_token(teacher, "/teacher/transfer")
    response = teacher.post(
        "/teacher/transfer/confirm", data={"csrf_token": token, "text": "::x:: {", "name": "x.gift"}
    )
    assert response.status_code == 400
    assert bank_contents(app) == before
    assert teacher.post("/teacher/transfer/confirm", data={"csrf_token": token}).status_code == 400
