"""The summaries' queries and their small helpers: scopes, edited questions, CSV safety, charts."""

from datetime import date

import pytest
from sqlalchemy import delete, select

from quiz.core import charts
from quiz.extensions import db
from quiz.models import Answer, Attempt, Choice, Judgement, Question, Quiz, QuizQuestion
from quiz.store import reports
from tests.helpers import ALL_RIGHT, CLASS_ANSWERS, take_quiz


@pytest.mark.parametrize("start", ["=1+1", "+1", "-1", "@A1", "\tTab", "\rReturn"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(start):
    assert reports.neutralise(start) == "'" + start


def test_ordinary_text_and_numbers_pass_through_the_csv_unchanged():
    assert reports.neutralise("Ana") == "Ana"
    assert reports.neutralise("a=b") == "a=b"
    assert reports.neutralise(-2) == -2


def test_a_scope_refuses_filters_that_describe_nothing():
    with pytest.raises(reports.ScopeError, match="before the start"):
        reports.Scope(quiz_id=1, start=date(2026, 5, 2), end=date(2026, 5, 1))
    with pytest.raises(reports.ScopeError, match="not one of yours"):
        reports.Scope(quiz_id=1, visible_classes=(1, 2), classroom=3)
    with pytest.raises(reports.ScopeError, match="unknown"):
        reports.Scope(quiz_id=1, counts="everyone")


def test_every_mix_up_has_a_plain_name_and_unknown_ones_are_spelled_out():
    assert reports.confusion_name("opinion", "sourced") == "treats quoted opinions as sourced facts"
    assert reports.confusion_name("prediction", "sourced") == "treats attributed warnings as proven facts"
    assert reports.confusion_name("sourced", "rumour") == "reads “Sourced factual claim” as “rumour”"
    categories = ["sourced", "opinion", "unsourced", "prediction"]
    named = {(a, b) for a in categories for b in categories if a != b}
    assert named == set(reports.CONFUSION_NAMES)


def test_the_answer_given_reads_as_text_for_every_kind():
    assert reports.chosen_text("choice", "The agency", None, "") == "The agency"
    assert reports.chosen_text("tag", None, {"p1s1": "sourced", "p1s2": "opinion"}, "") == "p1s1=sourced; p1s2=opinion"
    assert reports.chosen_text("mark", None, [0, 1, 2, 3], "According to the agency, most") == "According to the agency"


def test_heat_levels_step_up_with_the_misread_rate():
    assert [reports.heat_level(p) for p in (None, 0, 9.9, 10, 24.9, 25, 49.9, 50, 100)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_score_bins_hold_partial_credit_in_whole_points():
    assert charts.score_bins({0.5: 1, 1.0: 2, 4.0: 1}, 4) == [
        ("0–1", "0 to under 1", 1),
        ("1–2", "1 to under 2", 2),
        ("2–3", "2 to under 3", 0),
        ("3–4", "3 to under 4", 0),
        ("4", "4", 1),
    ]
    assert charts.score_bins({2.0: 3}, 3) == [("0", "0", 0), ("1", "1", 0), ("2", "2", 3), ("3", "3", 0)]


def test_charts_are_named_images_and_escape_their_labels():
    svg = charts.percent_bars("c", "Skills <b>", "Same as the table", [("<script>", 50.0), ("None yet", None)])
    assert svg.startswith('<svg class="chart" id="c" role="img"')
    assert 'aria-labelledby="c-title c-desc"' in svg and '<title id="c-title">Skills &lt;b&gt;</title>' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "50%" in svg and "no answers yet" in svg
    line = charts.score_line("s", "Scores", "Over time", [("1", 1.0), ("2", 4.0)], 4)
    assert line.count("<circle") == 2 and "<polyline" in line


def test_an_edited_question_counts_its_old_and_new_versions_together(app):
    take_quiz(app.test_client(), app, "Ana", ALL_RIGHT)
    with app.app_context():
        old = db.session.scalar(select(Question).where(Question.key == "mini-choice"))
        new = Question(
            key=old.key,
            version=2,
            article_id=old.article_id,
            kind=old.kind,
            skill=old.skill,
            prompt="Who says so?",
            excerpt=old.excerpt,
            evidence=old.evidence,
            explanation=old.explanation,
            sentence_keys=old.sentence_keys,
            fingerprint="v2",
        )
        new.choices = [Choice(position=i, text=c.text, correct=c.correct) for i, c in enumerate(old.choices)]
        old.current = False
        db.session.add(new)
        db.session.flush()
        quiz_id = db.session.scalar(select(Quiz.id))
        entry = db.session.scalar(select(QuizQuestion).where(QuizQuestion.question_id == old.id))
        entry.question_id = new.id
        db.session.commit()
    take_quiz(app.test_client(), app, "Ben", CLASS_ANSWERS["Ben"])
    with app.app_context():
        items = reports.question_stats(db.session, reports.Scope(quiz_id=quiz_id))
        choice = next(item for item in items if item.key == "mini-choice")
        assert (choice.answers, choice.credit, choice.prompt) == (2, 1.0, "Who says so?")
        assert {c.label: c.count for c in choice.choices.values()} == {"The agency": 1, "The writer": 1, "The mayor": 0}
        assert [item.key for item in items] == ["mini-choice", "mini-classify", "mini-mark", "mini-tag"]


def test_an_unsubmitted_attempt_counts_nowhere(app, client):
    from tests.helpers import start_attempt

    start_attempt(app.test_client(), name="Halfway")
    take_quiz(app.test_client(), app, "Ana", ALL_RIGHT)
    with app.app_context():
        quiz_id = db.session.scalar(select(Quiz.id))
        summary = reports.overview(db.session, reports.Scope(quiz_id=quiz_id))
        assert (summary.attempts, summary.students) == (1, 1)


def test_a_pinned_scope_counts_the_same_attempts_as_ranking_them_in_each_query(app):
    take_quiz(app.test_client(), app, "Ana", CLASS_ANSWERS["Cy"])
    take_quiz(app.test_client(), app, "Ana", ALL_RIGHT)
    take_quiz(app.test_client(), app, "Ana", CLASS_ANSWERS["Ben"])
    take_quiz(app.test_client(), app, "Ben", CLASS_ANSWERS["Ben"])
    with app.app_context():
        quiz_id = db.session.scalar(select(Quiz.id))
        for counts in ("first", "best", "last"):
            ranked = reports.Scope(quiz_id=quiz_id, counts=counts)
            pinned = reports.pinned(db.session, ranked)
            assert pinned.chosen is not None and len(pinned.chosen) == 2, counts
            assert reports.overview(db.session, pinned) == reports.overview(db.session, ranked), counts
            assert reports.question_stats(db.session, pinned) == reports.question_stats(db.session, ranked), counts
            assert reports.readers(db.session, pinned) == reports.readers(db.session, ranked), counts
        every = reports.Scope(quiz_id=quiz_id)
        assert reports.pinned(db.session, every) is every  # every attempt counts: nothing to look up


def test_the_discernment_page_sums_one_page_of_students_and_pools_the_whole_class(app):
    for name in ("cy", "Ana", "Ben"):
        take_quiz(app.test_client(), app, name, CLASS_ANSWERS["Ben"])
    take_quiz(app.test_client(), app, "Dee", ALL_RIGHT)
    with app.app_context():
        # As if Dee's time ran out before the sentence questions: she judged no sentence, so is not listed.
        dee = db.session.scalar(select(Attempt.id).where(Attempt.display_name == "Dee"))
        db.session.execute(
            delete(Judgement).where(Judgement.answer_id.in_(select(Answer.id).where(Answer.attempt_id == dee)))
        )
        db.session.commit()
        scope = reports.Scope(quiz_id=db.session.scalar(select(Quiz.id)))
        everyone = reports.readers(db.session, scope)
        assert [r.name for r in everyone] == ["Ana", "Ben", "cy"]
        second = reports.readers_page(db.session, scope, page=2, per_page=1)
        assert ([r.name for r in second.readers], second.total) == (["Ben"], 3)
        assert second.readers == [everyone[1]]
        pooled = {}
        for reader in everyone:
            for right, chosen, n in reader.cells:
                pooled[right, chosen] = pooled.get((right, chosen), 0) + n
        assert {(r, c): n for r, c, n in second.pooled} == pooled
        assert reports.readers_page(db.session, scope, page=4, per_page=1).readers == []
