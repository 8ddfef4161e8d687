"""A student picks a quiz, answers it, and reads why each answer is right or not."""

import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from quiz.extensions import db
from quiz.models import Answer, Attempt, Judgement, Question
from tests.helpers import answers_form, csrf_token, login, questions_of_attempt, start_attempt


def questions_of(app, url):
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == url.rsplit("/", 1)[-1]))
        return [db.session.get(Question, qid) for qid in attempt.question_ids]


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_front_page_lists_each_quiz_with_its_article_size_and_time(client):
    page = client.get("/").get_data(as_text=True)
    assert "Mini quiz" in page
    assert "headline unknown" in page and "beginning “The agency said there are 120 cases.”" in page
    assert re.search(r"<dt>Questions</dt><dd>4</dd>", page)
    assert re.search(r"about \d+ minutes", page)


def test_a_student_needs_a_display_name_to_start(client, app):
    token = csrf_token(client, "/quizzes/mini-quiz")
    response = client.post("/quizzes/mini-quiz", data={"csrf_token": token, "display_name": "   "})
    assert response.status_code == 400
    assert "Type a name" in response.get_data(as_text=True)
    assert count(app, Attempt) == 0


def test_the_quiz_page_shows_the_repaired_article_the_terms_and_each_excerpt_linked(client):
    url = start_attempt(client)
    page = client.get(url).get_data(as_text=True)
    assert "The mayor called the plan “a disaster” and said the city’s budget is fine." in page
    assert "โ" not in page
    assert 'id="s-p2s1"' in page and 'href="#s-p2s1"' in page
    assert "proved or disproved by objective evidence" in page
    assert "reflects the beliefs and values" in page
    assert 'type="radio"' in page and "<label for=" in page
    assert "0</span> of <span data-total>4</span> questions answered" in page
    assert '<progress max="4" value="0"' in page


def test_submitting_grades_on_the_server_and_redirects_to_the_result(client, app):
    url = start_attempt(client, name="Bea")
    form = answers_form(app, client, url, wrong={"mini-classify"})
    form["score"] = "4"  # anything the browser claims about the score is ignored

    response = client.post(url, data=form)

    assert response.status_code == 302 and response.location == url + "/result"
    page = client.get(response.location).get_data(as_text=True)
    assert "3 out of 4" in page
    assert page.count('<span class="verdict">✓ Right</span>') == 3 and page.count("✗ Not right") == 1
    assert '<mark class="evidence">“a disaster”</mark>' in page
    assert "Calling something “a disaster” is a judgement" in page
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert (attempt.display_name, attempt.score, attempt.max_score) == ("Bea", 3, 4)
        assert attempt.started_at <= attempt.submitted_at
        assert len(attempt.answers) == 4
        judgement = db.session.scalar(select(Judgement).where(Judgement.sentence_key == "p2s1"))
        assert (judgement.expected, judgement.chosen) == ("opinion", "sourced")


def test_refreshing_the_result_or_submitting_twice_records_one_attempt(client, app):
    url = start_attempt(client)
    form = answers_form(app, client, url)
    first = client.post(url, data=form)
    second = client.post(url, data=form)
    client.get(first.location)
    client.get(first.location)

    assert second.status_code == 302 and second.location == first.location
    assert count(app, Attempt) == 1
    assert count(app, Answer) == 4


def test_a_missing_answer_gives_a_400_page_that_keeps_the_other_answers(client, app):
    url = start_attempt(client)
    form = answers_form(app, client, url)
    [choice_field] = [k for k in form if re.fullmatch(r"q\d+", k) and k != "csrf_token"][:1]
    chosen_elsewhere = {k: v for k, v in form.items() if k != choice_field and re.fullmatch(r"q\d+", k)}
    del form[choice_field]

    response = client.post(url, data=form)

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "1 question(s) still need an answer" in page
    assert "This question needs an answer." in page
    for field, value in chosen_elsewhere.items():
        assert re.search(rf'name="{field}" id="[^"]+" value="{value}" required checked', page)
    assert count(app, Answer) == 0
    with app.app_context():
        assert db.session.scalar(select(Attempt)).submitted_at is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda form, other: form.update({next(k for k in form if re.fullmatch(r"q\d+", k)): "999999"}),
        lambda form, other: form.update({next(k for k in form if re.fullmatch(r"q\d+", k)): "abc"}),
        lambda form, other: form.update({next(k for k in form if re.fullmatch(r"q\d+", k)): other}),
        lambda form, other: form.update({next(k for k in form if k.count("-") == 1 and "-p" in k): "truth"}),
        lambda form, other: form.update({next(k for k in form if re.fullmatch(r"q\d+", k)) + "-words": "0 1 999"}),
    ],
    ids=[
        "unknown choice",
        "not a number",
        "choice of another question",
        "unknown category",
        "word out of range",
    ],
)
def test_a_tampered_answer_gets_a_clear_400_and_records_nothing(client, app, tamper):
    url = start_attempt(client)
    form = answers_form(app, client, url)
    with app.app_context():
        qs = [db.session.merge(q) for q in questions_of(app, url)]
        foreign = str(qs[1].choices[0].id)  # a real choice, but of the second question
    tamper(form, foreign)
    # The word indices only make sense on the mark question.
    mark = next(q for q in qs if q.kind == "mark")
    form = {(f"q{mark.id}-words" if k.endswith("-words") else k): v for k, v in form.items()}

    response = client.post(url, data=form)

    assert response.status_code == 400
    assert "Nothing was recorded" in response.get_data(as_text=True)
    assert count(app, Answer) == 0


def test_a_duplicated_answer_field_is_refused(client, app):
    url = start_attempt(client)
    form = answers_form(app, client, url)
    field = next(k for k in form if re.fullmatch(r"q\d+", k))
    pairs = MultiDict(list(form.items()) + [(field, form[field])])
    response = client.post(url, data=pairs)
    assert response.status_code == 400
    assert count(app, Answer) == 0


def test_a_submission_without_its_csrf_token_is_refused(client, app):
    url = start_attempt(client)
    form = answers_form(app, client, url)
    del form["csrf_token"]
    response = client.post(url, data=form)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert count(app, Answer) == 0


def test_result_addresses_cannot_be_guessed(client, app):
    url = start_attempt(client)
    token = url.rsplit("/", 1)[-1]
    assert len(token) >= 24
    assert client.get("/attempts/1/result").status_code == 404
    assert client.get(f"/attempts/{token[:-1]}x/result").status_code == 404


def test_try_again_starts_a_new_attempt_under_the_same_name(client, app):
    url = start_attempt(client, name="Cai")
    first = client.post(url, data=answers_form(app, client, url))
    token = csrf_token(client, first.location)

    response = client.post(url + "/again", data={"csrf_token": token})

    assert response.status_code == 302 and response.location != url
    with app.app_context():
        names = db.session.scalars(select(Attempt.display_name)).all()
        assert names == ["Cai", "Cai"]


def test_a_quiz_that_does_not_exist_is_a_404_page(client):
    response = client.get("/quizzes/no-such-quiz")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.get_data(as_text=True)


def test_marking_the_evidence_by_words_is_graded_by_overlap(client, app):
    url = start_attempt(client)
    form = answers_form(app, client, url)
    mark = next(q for q in questions_of(app, url) if q.kind == "mark")
    del form[f"q{mark.id}"]
    form[f"q{mark.id}-words"] = " ".join(str(i) for i in range(15))  # every word: too much to count

    client.post(url, data=form)

    with app.app_context():
        answer = db.session.scalar(select(Answer).where(Answer.question_id == mark.id))
        assert answer.response == list(range(15))
        assert not answer.correct


def test_one_at_a_time_an_answer_sent_twice_keeps_the_first(client, app):
    url = start_attempt(client, slug="mini-steps")
    [first, *_] = questions_of(app, url)
    with app.app_context():
        first = db.session.merge(first)
        if first.kind == "tag":
            answers = [{f"q{first.id}-{k}": c for k in first.data["key"]} for c in ("sourced", "opinion")]
        else:
            answers = [{f"q{first.id}": str(c.id)} for c in first.choices[:2]]
    token = csrf_token(client, url)
    for answer in answers:
        response = client.post(url, data={"csrf_token": token, "question": str(first.id), **answer})
        assert response.status_code == 302 and "seen=" in response.location

    with app.app_context():
        [stored] = db.session.scalars(select(Answer)).all()
        assert stored.choice_id == (int(answers[0][f"q{first.id}"]) if first.kind != "tag" else None)
        assert db.session.scalar(select(Attempt)).submitted_at is None
    assert "Question 2 of 4" in client.get(url).get_data(as_text=True)


def test_a_shuffled_quiz_gives_each_attempt_its_own_order_of_the_same_questions(client, app):
    orders = set()
    for n in range(10):
        url = start_attempt(client, slug="mini-steps", name=f"S{n}")
        orders.add(tuple(q.key for q in questions_of(app, url)))
    assert len(orders) > 1
    assert {frozenset(order) for order in orders} == {
        frozenset({"mini-choice", "mini-classify", "mini-mark", "mini-tag"})
    }


def test_a_fixed_quiz_keeps_the_file_order(client, app):
    url = start_attempt(client, slug="mini-quiz")
    assert [q.key for q in questions_of(app, url)] == [
        "mini-choice",
        "mini-classify",
        "mini-mark",
        "mini-tag",
    ]


def test_running_the_setup_again_keeps_existing_scores(client, app, runner):
    url = start_attempt(client)
    client.post(url, data=answers_form(app, client, url))
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert runner.invoke(args=["import-questions"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(Attempt)).score == 4


# --- Numbers for people ---------------------------------------------------------------------------


def test_scores_show_at_most_one_decimal_and_percentages_whole():
    from quiz.web.templating import percent, score, share

    assert [score(v) for v in (25.6667, 26.0, 0.3333, 2.25, 0)] == ["25.7", "26", "0.3", "2.3", "0"]
    assert [percent(v) for v in (33.333, 12.5, 99.6)] == ["33%", "13%", "100%"]
    assert share(25.6667, 41) == "63%" and share(0, 0) == "0%"


def test_a_partly_right_result_reads_as_people_write_numbers(client, app):
    url = start_attempt(client, name="Rae")
    form = answers_form(app, client, url)
    tag = next(q for q in questions_of_attempt(app, url) if q.kind == "tag")
    form[f"q{tag.id}-p1s2"] = "opinion"  # one of the passage's two sentences tagged wrong: half a point

    result = client.get(client.post(url, data=form).location).get_data(as_text=True)

    assert "3.5 out of 4</strong>" in result and "(88%)" in result
    assert "◐ Partly right (50%)" in result


def test_the_csv_has_a_byte_order_mark_and_at_most_two_decimals(client, app, make_teacher):
    url = start_attempt(client, name="Rae")
    client.post(url, data=answers_form(app, client, url))
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        attempt.score = 2 + 2 / 3  # as a tag question of three sentences would leave it
        db.session.commit()
    make_teacher()
    teacher = app.test_client()
    login(teacher)

    body = teacher.get("/teacher/summaries/mini-quiz/attempts.csv?scope=all").get_data()

    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert "2.67" in text and "2.6667" not in text
    assert not re.search(r"\d\.\d{3,}", text)
