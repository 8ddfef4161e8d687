"""A student's answers are kept on the server as they give them, so a reload or another device loses nothing."""

import threading

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Question, Quiz, SavedAnswer
from tests.helpers import (
    MINI_ANSWERS,
    answer_form,
    attempt_of,
    csrf_token,
    db_dump,
    questions_of_attempt,
    start_attempt,
)

JSON = {"Accept": "application/json"}


def by_key(app, url) -> dict[str, Question]:
    return {q.key: q for q in questions_of_attempt(app, url)}


def save(client, url, fields, token=None, json=True):
    token = token or csrf_token(client, url)
    return client.post(f"{url}/save", data={"csrf_token": token, **fields}, headers=JSON if json else {})


def saved_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SavedAnswer))


def test_an_answer_saved_as_it_is_chosen_is_there_after_a_reload(client, app):
    url = start_attempt(client)
    choice = by_key(app, url)["mini-choice"]
    fields = answer_form(choice, MINI_ANSWERS["mini-choice"])

    response = save(client, url, fields)

    assert response.status_code == 200
    assert response.get_json() == {"saved": True, "questions": 1, "answered": 1, "total": 4}
    page = client.get(url).get_data(as_text=True)
    ((name, value),) = fields.items()
    assert f'id="{name}-c{value}" value="{value}" required checked' in page
    assert "1</span> of <span data-total>4</span> questions answered" in page
    assert '<progress max="4" value="1"' in page
    assert ">Saved<" in page


def test_another_browser_with_the_attempts_address_resumes_the_same_attempt(client, app):
    url = start_attempt(client)
    tag = by_key(app, url)["mini-tag"]
    save(client, url, answer_form(tag, MINI_ANSWERS["mini-tag"]))

    elsewhere = app.test_client()
    page = elsewhere.get(url).get_data(as_text=True)

    assert f'id="q{tag.id}-p1s1-sourced" value="sourced" required checked' in page
    assert f'id="q{tag.id}-p1s2-sourced" value="sourced" required checked' in page
    assert "1</span> of <span data-total>4</span> questions answered" in page


def test_the_save_button_without_javascript_keeps_every_answer_and_says_so(client, app):
    url = start_attempt(client)
    questions = by_key(app, url)
    fields = {}
    for key in ("mini-choice", "mini-classify"):
        fields.update(answer_form(questions[key], MINI_ANSWERS[key]))

    response = save(client, url, fields, json=False)

    assert response.status_code == 302 and response.location.startswith(url)
    page = client.get(response.location).get_data(as_text=True)
    assert "Your answers are saved: 2 of 4 answered." in page
    assert saved_rows(app) == 2


def test_submitting_grades_the_saved_answers_with_those_on_the_page(client, app):
    url = start_attempt(client)
    questions = by_key(app, url)
    for key in ("mini-choice", "mini-classify", "mini-mark"):
        save(client, url, answer_form(questions[key], MINI_ANSWERS[key]))
    # The last answer arrives with the submission itself; the first three were only saved.
    form = {"csrf_token": csrf_token(client, url), **answer_form(questions["mini-tag"], MINI_ANSWERS["mini-tag"])}

    response = client.post(url, data=form)

    assert response.status_code == 302 and response.location == url + "/result"
    assert attempt_of(app, url).score == 4
    assert saved_rows(app) == 0  # its answers are graded now; the copies are gone


def test_an_answer_saved_twice_keeps_the_later_one(client, app):
    url = start_attempt(client)
    choice = by_key(app, url)["mini-choice"]
    wrong = next(c for c in choice.choices if not c.correct)
    save(client, url, answer_form(choice, MINI_ANSWERS["mini-choice"]))
    save(client, url, answer_form(choice, wrong))
    rest = {"csrf_token": csrf_token(client, url)}
    for key, q in by_key(app, url).items():
        if key != "mini-choice":
            rest.update(answer_form(q, MINI_ANSWERS[key]))

    client.post(url, data=rest)

    assert attempt_of(app, url).score == 3


def test_two_saves_of_different_answers_at_the_same_moment_keep_both(app):
    first, second = app.test_client(), app.test_client()
    url = start_attempt(first)
    questions = by_key(app, url)
    tokens = [csrf_token(first, url), csrf_token(second, url)]
    plans = [
        (first, tokens[0], answer_form(questions["mini-choice"], MINI_ANSWERS["mini-choice"])),
        (second, tokens[1], answer_form(questions["mini-tag"], MINI_ANSWERS["mini-tag"])),
    ]
    barrier = threading.Barrier(2)
    statuses = []

    def run(client, token, fields):
        barrier.wait()
        statuses.append(save(client, url, fields, token=token).status_code)

    threads = [threading.Thread(target=run, args=plan) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert statuses == [200, 200]
    page = first.get(url).get_data(as_text=True)
    assert "2</span> of <span data-total>4</span> questions answered" in page
    assert saved_rows(app) == 2


def test_a_save_after_submitting_is_refused_and_changes_nothing(client, app):
    url = start_attempt(client)
    questions = by_key(app, url)
    form = {"csrf_token": csrf_token(client, url)}
    for key, q in questions.items():
        form.update(answer_form(q, MINI_ANSWERS[key]))
    token = form["csrf_token"]
    assert client.post(url, data=form).status_code == 302
    before = db_dump(app)
    wrong = next(c for c in questions["mini-choice"].choices if not c.correct)

    response = save(client, url, answer_form(questions["mini-choice"], wrong), token=token)
    page = save(client, url, answer_form(questions["mini-choice"], wrong), token=token, json=False)

    assert response.status_code == 409
    assert "already submitted, so nothing was changed" in response.get_json()["message"]
    assert page.status_code == 409 and "already submitted" in page.get_data(as_text=True)
    assert db_dump(app) == before


def test_a_save_naming_a_question_of_another_attempt_gets_a_400_and_keeps_nothing(client, app):
    url = start_attempt(client)
    with app.app_context():
        mine = set(attempt_of(app, url).question_ids)
        foreign = db.session.scalar(select(Question.id).where(Question.id.not_in(mine))) or max(mine) + 1000

    response = save(client, url, {f"q{foreign}": "1"})

    assert response.status_code == 400
    assert "not part of this attempt" in response.get_json()["message"]
    assert saved_rows(app) == 0


def test_a_save_with_a_choice_from_another_question_gets_a_400_and_keeps_nothing(client, app):
    url = start_attempt(client)
    questions = by_key(app, url)
    other = questions["mini-classify"].choices[0]

    response = save(client, url, {f"q{questions['mini-choice'].id}": str(other.id)})
    bad_tag = save(client, url, {f"q{questions['mini-tag'].id}-p1s2": "true"})

    assert response.status_code == 400 and bad_tag.status_code == 400
    assert saved_rows(app) == 0


def test_a_save_with_an_expired_token_gives_the_page_back_with_the_answers(client, app):
    url = start_attempt(client)
    choice = by_key(app, url)["mini-choice"]
    fields = answer_form(choice, MINI_ANSWERS["mini-choice"])
    ((name, value),) = fields.items()

    response = save(client, url, fields, token="stale", json=False)
    script = save(client, url, fields, token="stale")

    assert response.status_code == 400
    assert f'id="{name}-c{value}" value="{value}" required checked' in response.get_data(as_text=True)
    assert script.status_code == 400 and "Reload the page" in script.get_json()["message"]
    assert saved_rows(app) == 0


def test_a_partly_tagged_passage_is_kept_but_not_counted_as_answered(client, app):
    url = start_attempt(client)
    tag = by_key(app, url)["mini-tag"]

    response = save(client, url, {f"q{tag.id}-p1s1": "opinion"})

    assert response.get_json()["answered"] == 0
    assert f'id="q{tag.id}-p1s1-opinion" value="opinion" required checked' in client.get(url).get_data(as_text=True)


def test_a_one_question_at_a_time_quiz_keeps_a_chosen_answer_before_it_is_checked(client, app):
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-quiz"))
        quiz.feedback = "each"
        db.session.commit()
    url = start_attempt(client)
    first = questions_of_attempt(app, url)[0]
    fields = answer_form(first)

    save(client, url, fields)
    page = client.get(url).get_data(as_text=True)

    ((name, value),) = fields.items()
    assert f'id="{name}-c{value}" value="{value}" required checked' in page
    assert 'data-autosave="' in page
