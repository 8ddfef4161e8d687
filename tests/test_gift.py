"""Questions move to and from Moodle in GIFT: multiple choice and true/false with per-answer feedback."""

import html
import json
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from quiz.core import gift
from quiz.extensions import db
from quiz.models import Question, QuizQuestion
from tests.helpers import bank_contents

MOODLE = """// A question bank from Moodle
$CATEGORY: $course$/Media literacy

::Who counted::[markdown]Who says there are 120 cases?\\n\\n> The agency said there are 120 cases.{
=The agency#Right\\: the sentence opens with “The agency said”.
~The writer#The writer reports what the agency said.
~The mayor#The mayor speaks later.
####“The agency said” names who counts the cases.
}

// evidence: The agency said
::Said or wrote::Does “The agency said” name a source?\\n\\n> The agency said there are 120 cases.{TRUE
#It does name one\\: the agency.#Yes\\: the agency is the source.####“The agency said” names the source.}
"""


# --- Reading and writing GIFT -----------------------------------------------------------------


def test_multiple_choice_is_read_with_each_answers_feedback_and_the_general_feedback():
    first, second = gift.parse(MOODLE)
    assert (first.line, first.title) == (4, "Who counted")
    assert [(a.text, a.correct) for a in first.answers] == [
        ("The agency", True),
        ("The writer", False),
        ("The mayor", False),
    ]
    assert first.answers[0].feedback == "Right: the sentence opens with “The agency said”."
    assert first.general_feedback == "“The agency said” names who counts the cases."
    assert gift.split_text(first.text) == ("Who says there are 120 cases?", "The agency said there are 120 cases.")
    assert second.meta == {"evidence": "The agency said"}


def test_true_false_keeps_the_feedback_for_a_wrong_and_a_right_answer():
    second = gift.parse(MOODLE)[1]
    assert second.true_false
    assert [(a.text, a.correct, a.feedback) for a in second.answers] == [
        ("True", True, "Yes: the agency is the source."),
        ("False", False, "It does name one: the agency."),
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Who said it? {=the agency =DHS}", "short-answer"),
        ("Match them {=a -> 1 =b -> 2 =c -> 3}", "matching"),
        ("How many cases? {#120:5}", "numeric"),
        ("Explain the sentence. {}", "essay"),
        ("The {=agency ~mayor} said there are 120 cases.", "missing-word"),
        ("Pick two {~%50%a ~%50%b ~%-100%c}", "weighted"),
    ],
)
def test_kinds_gift_has_but_this_app_does_not_are_refused_by_name_and_line(text, kind):
    with pytest.raises(gift.GiftError) as error:
        gift.parse("// first line is a comment\n\n" + text)
    assert error.value.problems[0].line == 3 and kind in error.value.problems[0].message


def test_an_arrow_inside_a_multiple_choice_answer_is_just_text():
    [question] = gift.parse(f"::x::{gift.escape('Cause -> effect?')}{{=yes -> no ~no -> yes#not quite}}")
    assert question.text == "Cause -> effect?"
    assert [(a.text, a.correct) for a in question.answers] == [("yes -> no", True), ("no -> yes", False)]


def test_special_characters_survive_a_write_and_a_read():
    awkward = "Costs: {rise} = 50% ~ #1 \\ more\nnext line"
    assert gift.parse(f"::x::{gift.escape(awkward)}{{=a ~b}}")[0].text == awkward


# --- Through the database ---------------------------------------------------------------------


def export_gift(runner, tmp_path, *extra):
    path = tmp_path / "bank.gift"
    result = runner.invoke(args=["export-questions", str(path), *extra])
    assert result.exit_code == 0, result.output
    return path, result.output


def test_kinds_gift_cannot_express_are_named_not_dropped_silently(runner, tmp_path, client, make_teacher):
    path, output = export_gift(runner, tmp_path)
    assert "not exported (GIFT cannot express a mark question): mini-mark" in output
    assert "not exported (GIFT cannot express a tag question): mini-tag" in output
    assert path.read_text().startswith(
        "// Not exported, because GIFT cannot express their kind: mini-mark (mark), mini-tag (tag)"
    )
    from tests.helpers import login

    make_teacher()
    login(client)
    page = client.get("/teacher/transfer").get_data(as_text=True)
    assert "<strong>mini-mark</strong> (mark)" in page and "<strong>mini-tag</strong> (tag)" in page


def test_a_gift_export_imported_back_gives_the_same_questions(app, runner, tmp_path):
    before = bank_contents(app)
    path, _ = export_gift(runner, tmp_path)
    with app.app_context():
        ids = db.session.scalars(select(Question.id).where(Question.key.in_(["mini-choice", "mini-classify"]))).all()
        db.session.execute(delete(QuizQuestion).where(QuizQuestion.question_id.in_(ids)))
        db.session.execute(delete(Question).where(Question.id.in_(ids)))
        db.session.commit()
    result = runner.invoke(args=["import-questions", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    assert sorted(bank_contents(app)) == sorted(before)
    again = runner.invoke(args=["import-questions", str(path)])
    assert "0 added, 0 updated" in again.output


def test_gift_from_another_tool_imports_onto_the_article_and_skill_given(app, runner, tmp_path):
    path = tmp_path / "moodle.gift"
    path.write_text(MOODLE.replace("::Who counted::", "// evidence: The agency said\n::Who counted::"))
    result = runner.invoke(args=["import-questions", str(path), "--article", "mini-article", "--skill", "source"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tf = db.session.scalar(select(Question).where(Question.key == "said-or-wrote"))
        assert [(c.text, c.correct) for c in tf.choices] == [("True", True), ("False", False)]
        assert (tf.kind, tf.skill, tf.sentence_keys) == ("choice", "source", ["p1s1"])
        assert db.session.scalar(select(Question).where(Question.key == "who-counted")).excerpt == (
            "The agency said there are 120 cases."
        )


def test_a_gift_file_with_problems_imports_nothing_and_says_where(app, runner, tmp_path):
    before = bank_contents(app)
    path = tmp_path / "moodle.gift"
    path.write_text(MOODLE)  # the first question has no evidence note; the article is not named
    result = runner.invoke(args=["import-questions", str(path), "--skill", "source"])
    assert result.exit_code != 0
    assert f"{path}, line 4, article: say which article" in result.output
    result = runner.invoke(args=["import-questions", str(path), "--article", "mini-article", "--skill", "source"])
    assert result.exit_code != 0 and f"{path}, line 4, evidence: This is required." in result.output
    assert "nothing was imported" in result.output
    assert bank_contents(app) == before


def test_a_quiz_exports_to_gift_in_the_browser(client, make_teacher):
    from tests.helpers import login

    make_teacher()
    login(client)
    text = client.get("/teacher/quizzes/1/export.gift").get_data(as_text=True)
    assert "::mini-choice::" in text and "::mini-classify::" in text and "=Opinion or value judgement" in text


def test_a_gift_file_uploaded_in_the_browser_lands_on_the_article_chosen(app, client, make_teacher):
    from tests.helpers import login, upload

    make_teacher()
    login(client)
    text = MOODLE.replace("::Who counted::", "// evidence: The agency said\n::Who counted::")
    response = upload(client, "moodle.gift", text.encode(), article="mini-article", skill="source")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == "who-counted"))
        assert question.article.slug == "mini-article" and question.created_by_id is not None


# --- Export fidelity: an independent parser and our own reader take the export back unchanged --------

GIFT_PARSER = Path(__file__).parent / "gift_parser"
AWKWARD = ["%50% of cases", "[html]<b>bold</b>", "cause -> effect", "a {brace} = ~tilde~ #hash: \\ back"]


def independent_parse(text: str):
    """The questions gift-pegjs (from npm, run by node) reads in ``text``; its error fails the test."""
    if not (GIFT_PARSER / "node_modules" / "gift-pegjs").is_dir():
        subprocess.run(["npm", "install", "--no-package-lock", "--no-audit", "--no-fund"], cwd=GIFT_PARSER, check=True)
    done = subprocess.run(
        ["node", str(GIFT_PARSER / "parse.js")], input=text, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, f"gift-pegjs refused the export: {done.stderr}"
    return json.loads(done.stdout)


def test_awkward_choices_survive_an_independent_gift_parser_and_our_own(app, client, make_teacher):
    from tests.helpers import login

    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == "mini-choice", Question.current))
        for choice, text in zip(question.choices, AWKWARD, strict=False):
            choice.text = text
        db.session.commit()
        wanted = [c.text for c in question.choices]
    make_teacher()
    login(client)
    text = client.get("/teacher/transfer/bank.gift").get_data(as_text=True)
    ours = next(q for q in gift.parse(text) if q.title == "mini-choice")
    assert [a.text for a in ours.answers] == wanted
    theirs = next(q for q in independent_parse(text) if q["title"] == "mini-choice")
    read = [
        html.unescape(c["text"]["text"]) if c["text"]["format"] == "html" else c["text"]["text"]
        for c in theirs["choices"]
    ]
    assert read == wanted
    assert all(c["weight"] is None for c in theirs["choices"])  # no choice was read as a weight
