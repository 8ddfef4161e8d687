"""A teacher writes questions of every kind in the browser, checked by the file format's own rules."""

import re

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Article, Question, QuizQuestion, Teacher
from tests.helpers import answer_all_right, attempt_score, csrf_token, login, start_attempt

CATEGORIES = ("sourced", "opinion", "unsourced", "prediction")


@pytest.fixture
def teacher(client, make_teacher):
    make_teacher()
    login(client)
    return client


@pytest.fixture
def article_id(app):
    with app.app_context():
        return db.session.scalar(select(Article.id).where(Article.slug == "mini-article"))


def question_form(client, url, **fields):
    """The question form as a teacher fills it: a choice question unless ``fields`` say otherwise."""
    data = {
        "csrf_token": csrf_token(client, url),
        "kind": "choice",
        "skill": "source",
        "difficulty": "easy",
        "prompt": "Who says most of the cases involve adults?",
        "excerpt": "According to the agency, most of the cases involve adults who live in the county.",
        "evidence": "According to the agency",
        "explanation": "The words “According to the agency” name the source.",
        "answer": "sourced",
        "passage": "all",
        "choices-0-text": "The agency",
        "choices-0-feedback": "",
        "choices-1-text": "The mayor",
        "choices-1-feedback": "The mayor speaks later, about the budget.",
        "choices-2-text": "The writer",
        "choices-2-feedback": "The writer reports what the agency says.",
        "correct": "0",
        "save": "Save the question",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def new_question(client, article_id, **fields):
    url = f"/teacher/questions/new?article={article_id}"
    return client.post(url, data=question_form(client, url, **fields))


def stored(app, key):
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == key, Question.current))
        if question is None:
            return None
        return {
            "kind": question.kind,
            "excerpt": question.excerpt,
            "version": question.version,
            "choices": [(c.text, c.correct, c.feedback, c.category) for c in question.choices],
            "data": question.data,
            "sentences": question.sentence_keys,
            "archived": question.archived,
            "created_by": db.session.get(Teacher, question.created_by_id).name if question.created_by_id else None,
            "updated_by": db.session.get(Teacher, question.updated_by_id).name if question.updated_by_id else None,
        }


def saved_key(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    return response.location.rstrip("/").rsplit("/", 1)[-1]


def test_a_multiple_choice_question_is_saved_with_its_author_and_found_sentences(app, teacher, article_id):
    key = saved_key(new_question(teacher, article_id))
    question = stored(app, key)
    assert key == "mini-article-q1"
    assert question["kind"] == "choice" and question["sentences"] == ["p1s2"]
    assert question["choices"][0] == ("The agency", True, "", None)
    assert question["created_by"] == question["updated_by"] == "Ms Example"


def test_a_classify_question_gets_a_choice_per_category_with_its_feedback(app, teacher, article_id):
    feedback = {f"feedback_{c}": f"Why it is not {c}." for c in CATEGORIES if c != "sourced"}
    key = saved_key(new_question(teacher, article_id, kind="classify", skill="classify", answer="sourced", **feedback))
    choices = stored(app, key)["choices"]
    assert [c[3] for c in choices] == list(CATEGORIES)
    assert [c[1] for c in choices] == [True, False, False, False]
    assert choices[1][2] == "Why it is not opinion."


def test_a_mark_the_evidence_question_takes_phrases_from_the_excerpt(app, teacher, article_id):
    key = saved_key(
        new_question(
            teacher,
            article_id,
            kind="mark",
            skill="cue",
            **{
                "choices-0-text": "According to the agency",
                "choices-1-text": "most of the cases",
                "choices-2-text": "adults who live in the county",
            },
        )
    )
    assert stored(app, key)["kind"] == "mark"


def test_a_tag_question_keys_every_sentence_of_its_passage(app, teacher, article_id):
    url = f"/teacher/questions/new?article={article_id}"
    fields = question_form(teacher, url, kind="tag", skill="classify", passage="p1")
    for i, key in enumerate(["p1s1", "p1s2", "p2s1", "p3s1"]):
        fields[f"tags-{i}-sentence"] = key
        if key.startswith("p1"):
            fields[f"tags-{i}-category"] = "sourced"
            fields[f"tags-{i}-note"] = f"{key} names the agency."
    key = saved_key(teacher.post(url, data=fields))
    assert stored(app, key)["data"]["key"] == {
        "p1s1": {"category": "sourced", "note": "p1s1 names the agency."},
        "p1s2": {"category": "sourced", "note": "p1s2 names the agency."},
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"excerpt": "The agency counted 500 cases."}, "not found word for word in the repaired article"),
        ({"correct": None}, "exactly one choice must be correct, found 0"),
        ({"evidence": "the mayor said"}, "not found word for word inside the excerpt"),
        ({"choices-1-feedback": ""}, "has no feedback"),
        ({"choices-1-text": "", "choices-2-text": ""}, "at least 2"),
        ({"prompt": ""}, "Write the question."),
    ],
)
def test_a_question_that_breaks_a_rule_is_not_saved_and_the_reason_is_shown(app, teacher, article_id, fields, message):
    response = new_question(teacher, article_id, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The question was not saved" in page and message in page
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(Question).where(Question.key.like("mini-article-q%")))
            == 0
        )


def test_a_tag_passage_with_an_untagged_sentence_is_refused(app, teacher, article_id):
    url = f"/teacher/questions/new?article={article_id}"
    fields = question_form(teacher, url, kind="tag", skill="classify", passage="p1")
    fields.update({"tags-0-sentence": "p1s1", "tags-0-category": "sourced", "tags-0-note": "Names the agency."})
    response = teacher.post(url, data=fields)
    assert response.status_code == 400 and "missing p1s2" in response.get_data(as_text=True)


def test_a_forged_sentence_in_the_tag_rows_is_a_400(app, teacher, article_id):
    url = f"/teacher/questions/new?article={article_id}"
    fields = question_form(teacher, url, kind="tag", passage="p1", **{"tags-0-sentence": "p99s1"})
    assert teacher.post(url, data=fields).status_code == 400


def test_clicking_a_sentence_makes_it_the_excerpt(teacher, article_id):
    page = teacher.get(f"/teacher/questions/new?article={article_id}&sentence=p2s1").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*name="excerpt"[^>]*>\s*The mayor called the plan “a disaster”', page)
    assert f'href="/teacher/questions/new?article={article_id}&amp;sentence=p1s2"' in page


def test_the_preview_shows_the_question_as_a_student_sees_it_without_saving(app, teacher, article_id):
    response = new_question(teacher, article_id, save=None, preview="Check and preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "passes every check" in page
    # The student's own templates: the quoted excerpt, labelled radio buttons, then the feedback page.
    assert '<blockquote class="excerpt">' in page and 'type="radio" name="q0"' in page
    assert "✓ Right answer" in page and "The words “According to the agency” name the source." in page
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(Question).where(Question.key.like("mini-article-q%")))
            == 0
        )


@pytest.mark.parametrize("key", ["mini-choice", "mini-classify", "mini-mark", "mini-tag"])
def test_a_saved_question_of_each_kind_previews_with_the_student_templates(teacher, key):
    page = teacher.get(f"/teacher/questions/{key}").get_data(as_text=True)
    assert "Preview: this is what a student sees." in page
    assert 'class="question' in page and 'class="feedback verdict-right"' in page
    assert "Written by</dt><dd>question file" in page


def test_editing_an_answered_question_makes_a_version_and_leaves_past_scores_alone(app, client, make_teacher):
    url = start_attempt(client)
    answer_all_right(app, client, url)
    before = attempt_score(app, url)
    make_teacher(email="second@example.org", name="Mr Second")
    login(client, "second@example.org")
    edit = "/teacher/questions/mini-choice/edit"
    fields = question_form(
        client,
        edit,
        excerpt="The agency said there are 120 cases.",
        evidence="The agency said",
        explanation="“The agency said” names the source.",
        prompt="Who counted the cases?",
        **{
            "choices-0-text": "The mayor",
            "choices-0-feedback": "The mayor speaks later.",
            "choices-1-text": "The agency",
            "choices-1-feedback": "",
            "correct": "1",
        },
    )
    assert client.post(edit, data=fields).status_code == 302
    question = stored(app, "mini-choice")
    assert question["version"] == 2 and question["choices"][1][:2] == ("The agency", True)
    assert question["created_by"] is None and question["updated_by"] == "Mr Second"
    assert attempt_score(app, url) == before
    result = client.get(url + "/result").get_data(as_text=True)
    assert "Who says there are 120 cases?" in result and "Who counted the cases?" not in result
    with app.app_context():
        in_quiz = db.session.scalars(select(QuizQuestion.question_id)).all()
        current = db.session.scalar(select(Question.id).where(Question.key == "mini-choice", Question.current))
    assert current in in_quiz  # the quiz now uses the new version


def test_editing_an_unanswered_question_changes_it_in_place(app, teacher):
    edit = "/teacher/questions/mini-choice/edit"
    fields = question_form(
        teacher,
        edit,
        excerpt="The agency said there are 120 cases.",
        evidence="The agency said",
        explanation="“The agency said” names the source.",
        prompt="Who counted the cases?",
    )
    assert teacher.post(edit, data=fields).status_code == 302
    assert stored(app, "mini-choice")["version"] == 1


def test_the_edit_form_starts_with_the_stored_question(teacher):
    page = teacher.get("/teacher/questions/mini-classify/edit").get_data(as_text=True)
    assert "The mayor called the plan “a disaster”" in page
    assert '<option selected value="opinion">' in page


def delete(client, key):
    token = csrf_token(client, f"/teacher/questions/{key}")
    return client.post(f"/teacher/questions/{key}/delete", data={"csrf_token": token})


def test_deleting_an_answered_question_archives_it_and_keeps_past_results(app, client, make_teacher):
    url = start_attempt(client)
    answer_all_right(app, client, url)
    make_teacher()
    login(client)
    assert delete(client, "mini-choice").status_code == 302
    assert stored(app, "mini-choice")["archived"] is True
    assert "Who says there are 120 cases?" in client.get(url + "/result").get_data(as_text=True)
    page = client.get("/teacher/questions").get_data(as_text=True)
    assert "Archived" in page
    assert client.get("/teacher/questions/mini-choice/edit").status_code == 404


def test_deleting_an_unanswered_question_removes_it(app, teacher):
    assert delete(teacher, "mini-mark").status_code == 302
    assert stored(app, "mini-mark") is None
    assert teacher.get("/teacher/questions/mini-mark").status_code == 404


def test_the_bank_list_shows_who_wrote_and_last_changed_each_question(app, teacher, article_id):
    saved_key(new_question(teacher, article_id))
    page = teacher.get("/teacher/questions").get_data(as_text=True)
    assert re.search(r"mini-article-q1</a></th>.*?<td>Ms Example</td>\s*<td>Ms Example</td>", page, re.S)
