"""A teacher drafts questions from an article, reviews them as students would see them, accepts or discards each."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from quiz.core.reading import evaluate
from quiz.extensions import db
from quiz.models import Article, Question
from tests.helpers import csrf_token, login

READING = Path(__file__).parent / "fixtures" / "reading"


@pytest.fixture
def teacher(client, make_teacher):
    make_teacher()
    login(client)
    return client


def add_article(client, name="product-recall") -> int:
    text = evaluate.load_labelled(READING / f"{name}.txt").text
    data = {"csrf_token": csrf_token(client, "/teacher/articles/new"), "text": text, "title": name, "check": "yes"}
    page = client.post("/teacher/articles/new", data=data).get_data(as_text=True)
    data.pop("check")
    data |= {"save": "yes", "checked": re.search(r'name="checked" type="hidden" value="([^"]+)"', page).group(1)}
    response = client.post("/teacher/articles/new", data=data)
    assert response.status_code == 302
    return int(response.location.rsplit("/", 1)[1])


def drafts_of(app, article_id):
    with app.app_context():
        return db.session.get(Article, article_id).drafts


def test_drafting_shows_drafts_that_no_student_sees_until_one_is_accepted(app, teacher):
    article_id = add_article(teacher)
    url = f"/teacher/articles/{article_id}"
    token = csrf_token(teacher, url)
    response = teacher.post(f"{url}/drafts", data={"csrf_token": token, "submit": "yes"})
    assert response.status_code == 302
    drafts = drafts_of(app, article_id)
    assert {d["kind"] for d in drafts} >= {"tag", "classify", "choice", "mark"}
    with app.app_context():
        assert db.session.scalars(select(Question).where(Question.article_id == article_id)).all() == []
    page = teacher.get(f"{url}/drafts").get_data(as_text=True)
    assert page.count('class="draft-badge">Draft</span>') == len(drafts)
    assert "Preview: this is what a student sees" in page

    review = {"csrf_token": csrf_token(teacher, f"{url}/drafts"), "draft": drafts[0]["id"], "accept": "yes"}
    assert teacher.post(f"{url}/drafts/review", data=review).status_code == 302
    assert teacher.post(f"{url}/drafts/review", data=review).status_code == 404  # a second click adds nothing
    with app.app_context():
        saved = db.session.scalars(select(Question).where(Question.article_id == article_id)).all()
    assert len(saved) == 1 and saved[0].kind == drafts[0]["kind"]
    assert len(drafts_of(app, article_id)) == len(drafts) - 1

    discard = {"csrf_token": review["csrf_token"], "draft": drafts[1]["id"], "discard": "yes"}
    assert teacher.post(f"{url}/drafts/review", data=discard).status_code == 302
    assert [d["id"] for d in drafts_of(app, article_id)] == [d["id"] for d in drafts[2:]]


def test_explanations_point_at_the_evidence_and_never_judge_the_claim(app, teacher):
    article_id = add_article(teacher, "council-budget")
    token = csrf_token(teacher, f"/teacher/articles/{article_id}")
    teacher.post(f"/teacher/articles/{article_id}/drafts", data={"csrf_token": token, "submit": "yes"})
    for spec in drafts_of(app, article_id):
        if "evidence" in spec:
            assert spec["evidence"] in spec["explanation"] and spec["evidence"] in spec["excerpt"]
        assert not re.search(r"\b(true|false|good policy|bad policy|wrong to|right to)\b", spec["explanation"], re.I)


def test_a_tampered_review_is_refused_and_changes_nothing(app, teacher):
    article_id = add_article(teacher)
    url = f"/teacher/articles/{article_id}"
    teacher.post(f"{url}/drafts", data={"csrf_token": csrf_token(teacher, url), "submit": "yes"})
    before = drafts_of(app, article_id)
    token = csrf_token(teacher, f"{url}/drafts")
    assert (
        teacher.post(f"{url}/drafts/review", data={"csrf_token": token, "draft": "nope", "accept": "y"}).status_code
        == 404
    )
    assert teacher.post(f"{url}/drafts/review", data={"draft": before[0]["id"], "accept": "y"}).status_code == 400
    assert drafts_of(app, article_id) == before


def test_editing_a_draft_opens_the_question_form_filled_in(app, teacher):
    article_id = add_article(teacher)
    url = f"/teacher/articles/{article_id}"
    teacher.post(f"{url}/drafts", data={"csrf_token": csrf_token(teacher, url), "submit": "yes"})
    spec = next(d for d in drafts_of(app, article_id) if d["kind"] == "choice")
    page = teacher.get(f"{url}/drafts/{spec['id']}/edit").get_data(as_text=True)
    assert spec["prompt"] in page and spec["choices"][0]["text"] in page


def test_a_source_questions_wrong_choices_are_other_people_each_named_once(app, teacher):
    article_id = add_article(teacher, "school-results")
    token = csrf_token(teacher, f"/teacher/articles/{article_id}")
    teacher.post(f"/teacher/articles/{article_id}/drafts", data={"csrf_token": token, "submit": "yes"})
    questions = [d for d in drafts_of(app, article_id) if d["kind"] == "choice"]
    assert questions
    for spec in questions:
        names = [c["text"] for c in spec["choices"] if not c.get("correct") and not c["text"].startswith("The writer")]
        words = [set(n.lower().split()) - {"the", "of"} for n in names]
        right = set(next(c["text"] for c in spec["choices"] if c.get("correct")).lower().split()) - {"the", "of"}
        assert all(not (w & right) for w in words)
        assert all(not (a & b) for i, a in enumerate(words) for b in words[i + 1 :])
