"""Thirty students press submit at the same instant: every attempt and every answer is kept."""

import re
import threading

import requests
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, Attempt, Question
from tests.helpers import BUNDLED, answer_form, load_bank

STUDENTS = 30
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def test_thirty_simultaneous_submissions_are_all_recorded_once(app, live_server):
    with app.app_context():
        load_bank(BUNDLED)
    # Every student and this thread meet at the barrier; then all submit at once.
    ready = threading.Barrier(STUDENTS + 1)
    statuses, errors = [], []

    def student(n: int) -> None:
        try:
            with requests.Session() as browser:
                start = f"{live_server}/quizzes/who-says-so"
                token = TOKEN.search(browser.get(start, timeout=30).text).group(1)
                page = browser.post(start, data={"csrf_token": token, "display_name": f"Student {n}"}, timeout=30)
                form = {"csrf_token": TOKEN.search(page.text).group(1)}
                form.update(right_answers(app, page.url))
                ready.wait(timeout=120)
                response = browser.post(page.url, data=form, timeout=60, allow_redirects=False)
                statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 — reported below with the student's number
            errors.append(f"student {n}: {error!r}")
            ready.abort()

    threads = [threading.Thread(target=student, args=(n,)) for n in range(STUDENTS)]
    for t in threads:
        t.start()
    try:
        ready.wait(timeout=120)
    except threading.BrokenBarrierError:
        pass
    for t in threads:
        t.join(timeout=120)

    assert not errors, errors
    assert statuses == [302] * STUDENTS
    with app.app_context():
        submitted = db.session.scalars(select(Attempt).where(Attempt.submitted_at.is_not(None))).all()
        assert len(submitted) == STUDENTS
        assert {a.display_name for a in submitted} == {f"Student {n}" for n in range(STUDENTS)}
        assert all(a.score == a.max_score for a in submitted)
        per_attempt = submitted[0].max_score
        assert db.session.scalar(select(func.count()).select_from(Answer)) == STUDENTS * per_attempt


def right_answers(app, attempt_url: str) -> dict[str, str]:
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == attempt_url.rsplit("/", 1)[-1]))
        form = {}
        for qid in attempt.question_ids:
            q = db.session.get(Question, qid)
            form.update(answer_form(q))
        return form
