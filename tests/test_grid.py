"""The student × question grid: one row per attempt, a worded cell per question, and the same grid as CSV."""

import csv
import io
import re

import pytest

from tests.helpers import ALL_RIGHT, CLASS_ANSWERS, login, start_attempt, take_quiz

GRID = "/teacher/summaries/mini-quiz/grid"


@pytest.fixture
def teacher(client, make_teacher):
    make_teacher()
    login(client)


@pytest.fixture
def class_took_quiz(app):
    for name, answers in CLASS_ANSWERS.items():
        take_quiz(app.test_client(), app, name, answers)


def rows_of(html: str) -> dict[str, dict[str, str]]:
    """Student name -> {question key: the cell's words}."""
    found = {}
    for row in re.findall(r'<tr data-attempt="\d+">(.*?)</tr>', html, re.S):
        name = re.search(r'student\?name=[^"]*">([^<]+)</a>', row).group(1)
        found[name] = {
            key: " ".join(re.sub(r"<[^>]+>", " ", text).split())
            for key, text in re.findall(r'data-cell="([^"]+)">(.*?)</td>', row, re.S)
        }
    return found


def test_each_cell_says_right_partly_or_wrong_in_words(client, teacher, class_took_quiz):
    html = client.get(GRID).get_data(as_text=True)
    rows = rows_of(html)
    assert list(rows) == ["Ana", "Ben", "Cy", "Dee"]  # by name
    assert rows["Ana"] == dict.fromkeys(ALL_RIGHT, "✓ right")
    assert rows["Ben"] == {
        "mini-choice": "✗ wrong",
        "mini-classify": "✗ wrong",
        "mini-mark": "✓ right",
        "mini-tag": "½ partly",
    }
    assert rows["Cy"]["mini-tag"] == "✗ wrong"
    # Headers: the short label links to the question's statistics; sortable columns are marked for the script.
    assert re.search(
        r'<th scope="col" class="grid-q" data-sort="number" data-question="mini-choice"><a href="'
        r'/teacher/summaries/mini-quiz(\?[^"#]*)?#question-mini-choice"',
        html,
    )
    assert 'role="region" aria-labelledby="grid-caption" tabindex="0"' in html
    assert "4 counted attempts against 4 questions" in html


def test_the_grid_counts_only_what_the_filter_counts(app, client, teacher):
    other = app.test_client()
    take_quiz(other, app, "Ana", CLASS_ANSWERS["Cy"])
    take_quiz(other, app, "Ana", ALL_RIGHT)
    start_attempt(app.test_client(), name="Halfway")  # not submitted: never in the grid
    html = client.get(GRID).get_data(as_text=True)
    assert len(re.findall(r"<tr data-attempt=", html)) == 2  # every attempt counts by default
    first = client.get(f"{GRID}?counts=first").get_data(as_text=True)
    assert len(re.findall(r"<tr data-attempt=", first)) == 1
    assert rows_of(first)["Ana"]["mini-choice"] == "✓ right" and rows_of(first)["Ana"]["mini-tag"] == "✗ wrong"
    best = rows_of(client.get(f"{GRID}?counts=best").get_data(as_text=True))
    assert best["Ana"] == dict.fromkeys(ALL_RIGHT, "✓ right")
    assert "Halfway" not in html


def test_the_grid_downloads_as_csv_with_the_same_cells(client, teacher, class_took_quiz):
    response = client.get(f"{GRID}.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == [
        "student",
        "class",
        "score",
        "max_score",
        "minutes",
        "submitted",
        "mini-choice",
        "mini-classify",
        "mini-mark",
        "mini-tag",
    ]
    ben = next(r for r in rows if r[0] == "Ben")
    assert ben[2:4] == ["1.5", "4"] and ben[6:] == ["wrong", "wrong", "right", "partly"]


def test_bad_grid_pages_and_filters_are_400_never_500(client, teacher, class_took_quiz):
    assert client.get(f"{GRID}?page=0").status_code == 400
    assert client.get(f"{GRID}?page=99999999999").status_code == 400
    assert client.get(f"{GRID}?counts=everyone").status_code == 400
    assert client.get(f"{GRID}?page=7").status_code == 200  # past the end: an empty page, said so


def test_the_grid_is_for_teachers_only(client, class_took_quiz):
    for url in (GRID, f"{GRID}.csv", "/teacher/summaries/mini-quiz/readers"):
        response = client.get(url)
        assert response.status_code == 302 and response.location.startswith("/teacher/login"), url
