"""A teacher reads how a quiz went: the numbers four students' known answers imply, and who may see them."""

import csv
import io
import re

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Attempt, Classroom
from tests.helpers import ALL_RIGHT, CLASS_ANSWERS, login, take_quiz

SUMMARY = "/teacher/summaries/mini-quiz"


def text_of(response) -> str:
    """The page's text with tags removed and spaces collapsed, as a reader sees it."""
    html = response.get_data(as_text=True)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def cell(html: str, attribute: str) -> str:
    """The text of the element carrying ``attribute`` (for example ``data-stat="mean"``)."""
    match = re.search(rf"{attribute}[^>]*>(.*?)</(?:dd|td|span)>", html, re.S)
    assert match, f"nothing marked {attribute}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def question_row(html: str, key: str) -> str:
    match = re.search(rf'<tr id="question-{key}".*?</tr>', html, re.S)
    assert match, f"no row for {key}"
    return match.group(0)


@pytest.fixture
def teacher(client, make_teacher):
    """A signed-in teacher."""
    teacher_id = make_teacher()
    login(client)
    return teacher_id


@pytest.fixture
def class_took_quiz(app):
    """Four students (on their own devices) took the mini quiz with the answers above."""
    for name, answers in CLASS_ANSWERS.items():
        take_quiz(app.test_client(), app, name, answers)


def test_a_teacher_sees_the_scores_four_known_answers_imply(client, teacher, class_took_quiz):
    response = client.get(SUMMARY)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert cell(html, 'data-stat="attempts"') == "4"
    assert cell(html, 'data-stat="students"') == "4"
    assert cell(html, 'data-stat="mean"') == "2.3 of 4 (56%)"
    assert cell(html, 'data-stat="median"') == "2"
    # The spread and the reliability sit under "How reliable are these numbers?", in plain words.
    reliability = html[html.index('id="reliability"') :]
    assert cell(reliability, 'data-stat="sd"') == "1.32 points"  # sqrt(5.25 / 3)
    assert cell(reliability, 'data-stat="reliability"') == "needs 20 attempts (there are 4)"
    assert cell(reliability, 'data-stat="chance"') == "1.3 of 4 points"  # 1/3 + 1/4 + 1/2 + 1/4
    # The distribution table holds the same numbers as the chart: ten bands of ten percent.
    table = re.search(r'<table class="data" id="distribution-table">.*?</table>', html, re.S).group(0)
    bands = re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', table)
    assert len(bands) == 10
    assert [band for band in bands if band[1] != "0"] == [
        ("20% to under 30%", "1"),
        ("30% to under 40%", "1"),
        ("60% to under 70%", "1"),
        ("90% to 100%", "1"),
    ]
    assert '<svg class="chart" id="score-chart" role="img"' in html


def test_with_four_answers_a_question_shows_its_choices_but_no_rates_yet(client, teacher, class_took_quiz):
    html = client.get(SUMMARY).get_data(as_text=True)
    choice = question_row(html, "mini-choice")
    assert cell(choice, 'data-stat="facility"') == "needs 10 answers"
    assert cell(choice, 'data-stat="discrimination"') == "needs 10 answers"
    assert cell(choice, 'data-stat="flags"') == "needs 10 answers"
    assert re.search(r"The agency: <span class=\"count\">2</span> \(50%\)", choice)
    assert re.search(r"The writer: <span class=\"count\">1</span> \(25%\)", choice)
    assert "All sentences right: 1 of 4" in question_row(html, "mini-tag")
    # Nothing is listed as most missed until a question has ten answers.
    assert 'id="missed-list"' not in html


def test_a_mark_question_shows_how_many_marked_each_word(client, teacher, class_took_quiz):
    html = client.get(SUMMARY).get_data(as_text=True)
    mark = question_row(html, "mini-mark")
    assert "Marked words instead" not in mark
    marked = {w: int(n) for w, n in re.findall(r'data-word="\d+">([^<]+)<span class="word-count"> \((\d+)', mark)}
    assert marked["According"] == 3 and marked["agency"] == 3  # Ana, Ben and Dee marked the source
    assert marked["adults"] == 1 and marked["county"] == 0  # Cy marked the claim
    assert "(3, key)" in mark and 'class="marked-word marked-4 key-word"' in mark


def test_skills_are_percent_correct_over_their_questions(client, teacher, class_took_quiz):
    html = client.get(SUMMARY).get_data(as_text=True)
    rows = dict(re.findall(r'<tr data-skill="(\w+)">.*?<td class="num">([^<]+)</td></tr>', html, re.S))
    assert rows == {"classify": "50%", "source": "50%", "cue": "75%"}
    assert 'id="skill-chart" role="img"' in html


def test_the_confusion_matrix_counts_every_categorised_sentence(client, teacher, class_took_quiz):
    html = client.get(SUMMARY).get_data(as_text=True)
    cells = dict(re.findall(r'data-cell="(\w+-\w+)">(\d+ <span class="share">\([^)]*\))', html))
    cells = {k: re.sub(r"<[^>]+>", "", v) for k, v in cells.items()}
    assert cells["sourced-sourced"] == "4 (50%)"
    assert cells["sourced-opinion"] == "2 (25%)"
    assert cells["sourced-unsourced"] == "2 (25%)"
    assert cells["opinion-opinion"] == "2 (50%)"
    assert cells["opinion-sourced"] == "2 (50%)"
    assert cells["prediction-prediction"] == "0 (—)"
    # Ties go to the mix-up that takes the larger share of its row; each names what to do next.
    mixups = re.search(r'<ol class="mixups" id="mixup-list">(.*?)</ol>', html, re.S).group(1)
    first = " ".join(re.sub(r"<[^>]+>", " ", re.search(r"<li[^>]*>(.*?)</li>", mixups, re.S).group(1)).split())
    assert first.startswith("Treats quoted opinions as sourced facts.")
    assert "read as “Sourced factual claim” 2 times (50% of them)" in first
    assert "Next step: Go over value words" in first and "Questions that practise it: Q2" in first


def test_the_heat_map_shades_sentences_and_writes_the_rate(client, teacher, class_took_quiz):
    html = client.get(SUMMARY).get_data(as_text=True)
    notes = {
        k: " ".join(re.sub(r"<[^>]+>", "", v).split())
        for k, v in re.findall(r'<span class="heat-note" data-sentence="(\w+)">(.*?)</span>', html, re.S)
    }
    # p1s1: tag judgements 1 wrong of 4, and the choice question quoting it 2 wrong of 4.
    assert notes["p1s1"] == "[38% misread of 8: Q1, Q4]"
    assert notes["p1s2"] == "[50% misread of 8: Q3, Q4]"
    assert notes["p2s1"] == "[50% misread of 4: Q2]"
    assert 'class="heat heat-3" id="heat-p1s1"' in html
    assert 'class="heat heat-4" id="heat-p2s1"' in html
    assert 'class="heat heat-0" id="heat-p3s1"' in html  # no question asks about it
    assert '<a href="#question-mini-tag">Q4</a>' in html


def test_which_attempt_counts_first_best_last_or_all(app, client, teacher):
    other = app.test_client()
    take_quiz(other, app, "Ana", CLASS_ANSWERS["Cy"])  # 1 point
    take_quiz(other, app, "Ana", ALL_RIGHT)  # 4 points
    take_quiz(other, app, "Ana", CLASS_ANSWERS["Ben"])  # 1.5 points
    expected = {
        "all": ("3", "2.2 of 4"),
        "first": ("1", "1 of 4"),
        "best": ("1", "4 of 4"),
        "last": ("1", "1.5 of 4"),
    }
    for counts, (attempts, mean) in expected.items():
        html = client.get(f"{SUMMARY}?counts={counts}").get_data(as_text=True)
        mean_shown = cell(html, 'data-stat="mean"').split(" (")[0]
        assert (cell(html, 'data-stat="attempts"'), mean_shown) == (attempts, mean), counts
        assert cell(html, 'data-stat="students"') == "1"


def test_a_date_range_counts_only_attempts_submitted_inside_it(app, client, teacher, class_took_quiz):
    with app.app_context():
        ana = db.session.scalar(select(Attempt).where(Attempt.display_name == "Ana"))
        ana.submitted_at = ana.submitted_at.replace(year=2020, month=3, day=2)
        db.session.commit()
    html = client.get(f"{SUMMARY}?start=2020-03-01&end=2020-03-02").get_data(as_text=True)
    assert cell(html, 'data-stat="attempts"') == "1"
    assert cell(html, 'data-stat="mean"').startswith("4 of 4")
    html = client.get(f"{SUMMARY}?start=2020-03-03").get_data(as_text=True)
    assert cell(html, 'data-stat="attempts"') == "3"


def test_a_class_filter_counts_that_class_only(app, client, teacher, make_teacher):
    with app.app_context():
        mine = Classroom(teacher_id=teacher, name="Period 3", code="ABCDEFGH")
        db.session.add(mine)
        db.session.commit()
        mine_id = mine.id
    other = app.test_client()
    take_quiz(other, app, "Ana", ALL_RIGHT, classroom_id=mine_id)
    take_quiz(other, app, "Ben", CLASS_ANSWERS["Ben"])
    html = client.get(SUMMARY).get_data(as_text=True)
    assert f'<option value="{mine_id}">Period 3</option>' in html
    assert cell(html, 'data-stat="attempts"') == "1"  # "All my students": those of my classes, not Ben
    html = client.get(f"{SUMMARY}?classroom={mine_id}").get_data(as_text=True)
    assert (cell(html, 'data-stat="attempts"'), cell(html, 'data-stat="mean"')[:6]) == ("1", "4 of 4")
    html = client.get(f"{SUMMARY}?classroom=none").get_data(as_text=True)
    assert (cell(html, 'data-stat="attempts"'), cell(html, 'data-stat="mean"').split(" (")[0]) == ("1", "1.5 of 4")


def test_another_teachers_class_and_its_results_are_not_found(app, client, make_teacher, teacher):
    rival = make_teacher(email="rival@example.org")
    with app.app_context():
        theirs = Classroom(teacher_id=rival, name="Their class", code="ZXCVBNMQ")
        db.session.add(theirs)
        db.session.commit()
        theirs_id = theirs.id
    take_quiz(app.test_client(), app, "Zed", ALL_RIGHT, classroom_id=theirs_id)
    for url in (
        f"{SUMMARY}?classroom={theirs_id}",
        f"{SUMMARY}/students?classroom={theirs_id}",
        f"{SUMMARY}/answers.csv?classroom={theirs_id}",
        f"{SUMMARY}/student?name=Zed&classroom={theirs_id}",
    ):
        assert client.get(url).status_code == 404, url
    # Nor does their class's student appear among "all my students".
    assert cell(client.get(SUMMARY).get_data(as_text=True), 'data-stat="attempts"') == "0"
    assert client.get(f"{SUMMARY}/student?name=Zed").status_code == 404
    assert "Zed" not in client.get(f"{SUMMARY}/students").get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "counts=everyone",
        "start=yesterday",
        "end=2026-13-40",
        "start=2026-05-02&end=2026-05-01",
        "classroom=abc",
        "classroom=99999999999999999999999",
        "counts=best&counts=all&start=%00",
    ],
)
def test_a_tampered_filter_gets_a_clear_400(client, teacher, class_took_quiz, query):
    response = client.get(f"{SUMMARY}?{query}")
    assert response.status_code in (400, 404), query
    if response.status_code == 400:
        assert "filter" in text_of(response)


def test_bad_student_and_page_parameters_are_400_or_404_never_500(client, teacher, class_took_quiz):
    assert client.get(f"{SUMMARY}/student").status_code == 400
    assert client.get(f"{SUMMARY}/student?name=" + "x" * 200).status_code == 400
    assert client.get(f"{SUMMARY}/student?name=Nobody").status_code == 404
    assert client.get(f"{SUMMARY}/student?name=Ana&attempt=abc").status_code == 404
    assert client.get(f"{SUMMARY}/students?page=0").status_code == 400
    assert client.get(f"{SUMMARY}/students?page=abc").status_code == 200  # read as the first page
    assert client.get(f"{SUMMARY}/students?page=99999999999999999999").status_code == 400
    assert client.get(f"{SUMMARY}?classroom=%C2%B2").status_code == 400  # a superscript two is no class id
    assert client.get("/teacher/summaries/no-such-quiz").status_code == 404


def test_the_students_page_lists_names_with_their_links(client, teacher, class_took_quiz):
    html = client.get(f"{SUMMARY}/students").get_data(as_text=True)
    names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', html)
    assert names == ["Ana", "Ben", "Cy", "Dee"]
    assert "4 students with counted attempts" in text_of(client.get(f"{SUMMARY}/students"))


def test_a_student_page_shows_attempts_over_time_and_each_answer_explained(app, client, teacher):
    other = app.test_client()
    take_quiz(other, app, "Cy", CLASS_ANSWERS["Cy"])
    take_quiz(other, app, "Cy", ALL_RIGHT)
    response = client.get(f"{SUMMARY}/student?name=Cy")
    page = text_of(response)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = re.findall(r'<td class="num">([^<]+)</td>\s*<td>(.*?)</td>', html, re.S)
    luck = [(score, " ".join(re.sub(r"<[^>]+>", " ", rest).split())) for score, rest in rows]
    # Chance is 1/3 + 1/4 + 1/2 + 1/4 = 4/3 of 4 points: 1 point is 65/81 likely by guessing, 4 points 1/81.
    assert luck == [("1 of 4", "⚑ could be guessing (p = 0.802)"), ("4 of 4", "✓ above chance (p = 0.012)")]
    assert 'id="student-chart" role="img"' in html
    # The latest attempt's answers, the same view the student saw: explanations and the right answers.
    assert "Answers in attempt 2, as Cy saw them" in page
    assert "Calling something “a disaster” is a judgement, even from a named official." in page
    assert "✓ Right answer" in page
    # An earlier attempt opens on request, and Cy's own mix-ups are counted.
    first = client.get(f"{SUMMARY}/student?name=Cy&attempt=" + re.search(r"attempt=(\d+)", html).group(1))
    assert "Scored 1 out of 4" in text_of(first)
    assert "Treats quoted opinions as sourced facts" in text_of(first)


def test_summaries_belong_to_teachers_only(app, client, class_took_quiz):
    for url in (
        "/teacher/summaries/",
        SUMMARY,
        f"{SUMMARY}/students",
        f"{SUMMARY}/student?name=Ana",
        f"{SUMMARY}/attempts.csv",
        f"{SUMMARY}/answers.csv",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.location.startswith("/teacher/login?next="), url
        body = response.get_data(as_text=True)
        assert "The agency" not in body and "data-stat" not in body and "attempt,student" not in body


def test_the_summary_index_lists_quizzes_with_their_attempts(client, teacher, class_took_quiz):
    page = text_of(client.get("/teacher/summaries/"))
    assert re.search(r"Mini quiz .* 4", page)


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # a byte-order mark, so spreadsheet programs read UTF-8
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_downloads_give_one_row_per_attempt_and_per_answer(client, teacher, class_took_quiz):
    attempts = read_csv(client.get(f"{SUMMARY}/attempts.csv"))
    assert attempts[0] == ["attempt", "student", "class", "started", "submitted", "score", "max_score", "percent"]
    assert [(row[1], row[5], row[7]) for row in attempts[1:]] == [
        ("Ana", "4", "100.0"),
        ("Ben", "1.5", "37.5"),
        ("Cy", "1", "25.0"),
        ("Dee", "2.5", "62.5"),
    ]
    answers = read_csv(client.get(f"{SUMMARY}/answers.csv"))
    assert answers[0] == [
        "attempt",
        "student",
        "class",
        "question_id",
        "version",
        "skill",
        "chosen",
        "credit",
        "correct",
        "answered_at",
    ]
    assert len(answers) == 1 + 16
    ben = {row[3]: row for row in answers[1:] if row[1] == "Ben"}
    assert ben["mini-classify"][5:9] == ["classify", "Sourced factual claim", "0", "no"]
    assert ben["mini-tag"][6:9] == ["p1s1=sourced; p1s2=unsourced", "0.5", "no"]
    assert ben["mini-mark"][6:9] == ["According to the agency", "1", "yes"]
    assert ben["mini-choice"][6] == "The writer"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", ben["mini-choice"][9])


def test_csv_cells_that_look_like_formulas_are_neutralised(app, client, teacher):
    for name in ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "Plain"):
        take_quiz(app.test_client(), app, name, ALL_RIGHT)
    names = [row[1] for row in read_csv(client.get(f"{SUMMARY}/attempts.csv"))[1:]]
    assert names == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "Plain"]
    answers = read_csv(client.get(f"{SUMMARY}/answers.csv"))
    assert {row[1] for row in answers[1:]} == set(names)


def test_with_twenty_attempts_reliability_appears_and_questions_get_flags(app, client, teacher):
    for i in range(10):
        take_quiz(app.test_client(), app, f"Strong {i}", ALL_RIGHT)  # 4 points
        take_quiz(app.test_client(), app, f"Weak {i}", CLASS_ANSWERS["Cy"])  # 1 point: only the choice question
    html = client.get(SUMMARY).get_data(as_text=True)
    # Item variances 0, .25, .25, .25 against a total variance of 2.25: 4/3 * (1 - .75/2.25) = 0.89.
    assert cell(html, 'data-stat="reliability"') == "0.89"
    assert "⚑ very easy" in question_row(html, "mini-choice")
    classify = question_row(html, "mini-classify")
    assert cell(classify, 'data-stat="discrimination"') == "1.00" and "⚑" not in classify


def test_a_wrong_answer_more_popular_than_the_right_one_is_flagged(app, client, teacher):
    for i in range(10):
        take_quiz(app.test_client(), app, f"Student {i}", CLASS_ANSWERS["Ben"] if i < 7 else ALL_RIGHT)
    choice = question_row(client.get(SUMMARY).get_data(as_text=True), "mini-choice")
    assert "⚑ a wrong answer is more popular than the right one" in choice
    assert "⚑ very easy" not in choice
