"""Forms only count when they come from this site: every POST route refuses a missing, wrong or
foreign token, no GET changes anything, and a student's long lesson never loses their answers."""

import io
import re
import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, Article, Assignment, Classroom
from tests.helpers import (
    CSRF_EXEMPT_BY_DESIGN,
    FIXTURES,
    OTHER_EMAIL,
    TEACHER_PASSWORD,
    csrf_token,
    db_dump,
    fetch,
    filled_in_quiz,
    routes,
)

REFUSED = "security token"
NEW_PASSWORD = "a fresh passphrase for the new term"
QUESTION = {
    "kind": "choice",
    "skill": "source",
    "difficulty": "easy",
    "prompt": "Who gives the number of cases?",
    "excerpt": "The agency said there are 120 cases.",
    "evidence": "The agency said",
    "explanation": "“The agency said” names who gives the number.",
    "choices-0-text": "The agency",
    "choices-0-feedback": "",
    "choices-1-text": "The mayor",
    "choices-1-feedback": "The mayor speaks later.",
    "correct": "0",
    "answer": "sourced",
    "passage": "all",
    "save": "Save the question",
}


def two_listed_students(app) -> dict:
    """A merge form for the two names the class-list recipe put on the list."""
    from quiz.models import ClassStudent

    with app.app_context():
        ids = dict(db.session.execute(select(ClassStudent.name, ClassStudent.id)).all())
    return {"source": str(ids.get("Maya R", 0)), "target": str(ids.get("Ben Ode", 0))}


def newest_assignment(app) -> int:
    """The assignment the assign recipe made, to link after the school's own one."""
    with app.app_context():
        return db.session.scalar(select(func.max(Assignment.id)))


def first_draft(app, article_id: int) -> str:
    """The id of the article's first draft as it is now (drafting again numbers them afresh)."""
    with app.app_context():
        return db.session.get(Article, article_id).drafts[0]["id"]


def edit_draft_url(app, article_id: int) -> str:
    return f"/teacher/articles/{article_id}/drafts/{first_draft(app, article_id)}/edit"


def recipes(school) -> dict:
    """For every POST route, in an order that keeps the school usable: who sends it, where, and a
    form that is right in every way but the token (a callable, so each send gets fresh data)."""
    app, s = school.app, school.samples
    with app.app_context():
        code = db.session.scalar(select(Classroom.code))
    new_attempt = {}

    def submission():
        if not new_attempt:
            new_attempt["url"], new_attempt["form"] = filled_in_quiz(app, school.student, name="Zed Classmate")
        return {k: v for k, v in new_attempt["form"].items() if k != "csrf_token"}

    def upload():
        return {"file": (io.BytesIO((FIXTURES / "mini.yaml").read_bytes()), "mini.yaml"), "article": "", "skill": ""}

    return {
        "taking.start": ("anonymous", "/quizzes/mini-quiz", lambda: {"display_name": "Dee"}),
        "taking.save": ("student", lambda: submission() and new_attempt["url"] + "/save", submission),
        "taking.submit": ("student", lambda: submission() and new_attempt["url"], submission),
        "taking.again": ("student", f"/attempts/{s['token']}/again", dict),
        "classes.join": ("anonymous", "/join", lambda: {"code": code, "display_name": "Eve"}),
        "classes.assign": ("owner", f"/teacher/classes/{s['class_id']}/assign", lambda: {"quiz": str(s["quiz_id"])}),
        "summaries.growth_links": (
            "owner",
            "/teacher/summaries/growth",
            lambda: {"before": str(s["assignment_id"]), "after": str(newest_assignment(app)), "retention": "0"},
        ),
        "classes.edit_assignment": (
            "owner",
            f"/teacher/classes/{s['class_id']}/assignments/{s['assignment_id']}/edit",
            lambda: {"attempts_allowed": "3"},
        ),
        "classes.grant": (
            "owner",
            f"/teacher/classes/{s['class_id']}/assignments/{s['assignment_id']}/grant",
            lambda: {"student": str(s["student_id"]), "mode": "one"},
        ),
        "classes.class_list": ("owner", f"/teacher/classes/{s['class_id']}/list", lambda: {"names": "Maya R\nBen Ode"}),
        "classes.rename": (
            "owner",
            f"/teacher/classes/{s['class_id']}/students/{s['student_id']}/rename",
            lambda: {"name": "Zed Classmate"},
        ),
        "classes.merge": ("owner", f"/teacher/classes/{s['class_id']}/merge", lambda: two_listed_students(app)),
        "classes.start": ("student", f"/class/assignments/{s['assignment_id']}/start", dict),
        "auth.account": ("owner", "/teacher/account", lambda: {"time_zone": "Europe/Berlin"}),
        "classes.leave": ("student", "/class/leave", dict),
        "auth.login": ("anonymous", "/teacher/login", lambda: {"email": OTHER_EMAIL, "password": TEACHER_PASSWORD}),
        "teacher.new_article": (
            "owner",
            "/teacher/articles/new",
            lambda: {"text": "The council said the bridge opens in May.", "check": "Check"},
        ),
        "teacher.new_question": ("owner", f"/teacher/questions/new?article={s['article_id']}", lambda: dict(QUESTION)),
        "teacher.edit_question": ("owner", "/teacher/questions/mini-choice/edit", lambda: dict(QUESTION)),
        "teacher.delete_question": ("owner", "/teacher/questions/mini-choice/delete", dict),
        "teacher.new_quiz": (
            "owner",
            "/teacher/quizzes/new",
            lambda: {
                "title": "Another quiz",
                "article": str(s["article_id"]),
                "feedback": "end",
                "question_order": "fixed",
            },
        ),
        "teacher.edit_quiz": (
            "owner",
            f"/teacher/quizzes/{s['quiz_id']}",
            lambda: {"title": "Mini quiz", "feedback": "end", "question_order": "fixed"},
        ),
        "teacher.publish_quiz": ("owner", f"/teacher/quizzes/{s['quiz_id']}/publish", dict),
        "teacher.transfer": ("owner", "/teacher/transfer", upload),
        "teacher.confirm_gift": (
            "owner",
            "/teacher/transfer/confirm",
            lambda: {"name": "m.gift", "text": "::gift-x::Who?{=a ~b}", "article": "mini-article", "skill": "source"},
        ),
        "teacher.duplicate": ("other", f"/teacher/quizzes/{s['quiz_id']}/duplicate", dict),
        "lti.course": ("owner", f"/teacher/classes/{s['class_id']}/platform", dict),
        "classes.index": ("owner", "/teacher/classes", lambda: {"name": "8C"}),
        "classes.rotate": ("owner", f"/teacher/classes/{s['class_id']}/rotate", dict),
        "classes.delete": ("owner", f"/teacher/classes/{s['class_id']}/delete", lambda: {"confirm": "y"}),
        "auth.change_password": (
            "owner",
            "/teacher/account/password",
            lambda: {"current": TEACHER_PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        ),
        "teacher.draft_questions": ("owner", f"/teacher/articles/{s['article_id']}/drafts", dict),
        "teacher.edit_draft": (
            "owner",
            lambda: edit_draft_url(app, s["article_id"]),
            lambda: {
                "kind": "choice",
                "skill": "source",
                "difficulty": "easy",
                "prompt": "Who says so?",
                "excerpt": "According to the agency, most of the cases involve adults who live in the county.",
                "evidence": "According to the agency",
                "explanation": "“According to the agency” names the source.",
                "answer": "sourced",
                "passage": "all",
                "choices-0-text": "The agency",
                "choices-1-text": "The mayor",
                "choices-1-feedback": "The mayor speaks later.",
                "correct": "0",
                "preview": "Check and preview",
            },
        ),
        "teacher.review_draft": (
            "owner",
            f"/teacher/articles/{s['article_id']}/drafts/review",
            lambda: {"draft": first_draft(app, s["article_id"]), "discard": "Discard"},
        ),
        "teacher.correct_article": (
            "owner",
            f"/teacher/articles/{s['article_id']}/correct",
            lambda: {"text": "The agency said there are 121 cases.\n\nThe mayor called the plan “a disaster”."},
        ),
        "teacher.remove_article": ("owner", f"/teacher/articles/{s['article_id']}/remove", dict),
        "teacher.remove_quiz": ("owner", f"/teacher/quizzes/{s['quiz_id']}/remove", dict),
        "lti.pick": ("owner", "/lti/deep-link", lambda: {"quiz": str(s["quiz_id"])}),
        "auth.logout": ("owner", "/teacher/logout", dict),
    }


def test_every_post_route_refuses_a_missing_wrong_or_foreign_token(school):
    app = school.app
    plan = recipes(school)
    posts = {rule.endpoint for rule, method in routes(app) if method == "POST"} - CSRF_EXEMPT_BY_DESIGN
    assert posts == set(plan), f"give these POST routes a recipe in tests/test_csrf.py: {sorted(posts - set(plan))}"
    stranger = app.test_client()
    foreign = csrf_token(stranger, "/join")  # valid, but for another browser's session
    failures = []
    for endpoint, (who, url, data) in plan.items():
        client = app.test_client() if who == "anonymous" else getattr(school, who)
        own = csrf_token(client, "/join")
        url = url() if callable(url) else url
        for label, token in (
            ("missing", None),
            ("wrong", "not-a-token"),
            ("foreign", foreign),
            ("forged", own[:-4] + ("AAAA" if not own.endswith("AAAA") else "BBBB")),
        ):
            form = data() if token is None else {**data(), "csrf_token": token}
            before = db_dump(app)
            response = fetch(client, "POST", url, data=form)
            if response.status_code != 400 or REFUSED not in response.get_data(as_text=True):
                failures.append(f"{endpoint} with a {label} token -> {response.status_code}")
            if db_dump(app) != before:
                failures.append(f"{endpoint} with a {label} token changed the database")
        accepted = fetch(client, "POST", url, data={**data(), "csrf_token": csrf_token(client, "/join")})
        if accepted.status_code >= 400 or REFUSED in accepted.get_data(as_text=True):
            failures.append(f"{endpoint} with its own token -> {accepted.status_code} (the recipe is wrong)")
    assert not failures, "\n".join(failures)


def test_no_get_request_changes_anything(school):
    """Every GET route, opened by the stranger, the student and both teachers, leaves the database as it was."""
    from tests.helpers import ACCESS, OWNER, STUDENT, TEACHER

    before = db_dump(school.app)
    visitors = {"anonymous": school.anonymous, "student": school.student, "other": school.other, "owner": school.owner}
    opened = 0
    for rule, method in routes(school.app):
        if method != "GET":
            continue
        for who, client in visitors.items():
            if ACCESS[rule.endpoint] in (TEACHER, OWNER) and who in ("anonymous", "student"):
                continue  # they are sent to sign in, which the access matrix checks
            if ACCESS[rule.endpoint] == STUDENT and who != "student":
                continue
            fetch(client, "GET", school.url(rule))
            opened += 1
    assert opened >= 60
    assert db_dump(school.app) == before


# --- A long lesson -------------------------------------------------------------------------------


@pytest.fixture
def page_opened(monkeypatch):
    """Open a page as if it had been opened ``minutes`` ago: its token carries that time."""

    def open_at(client, url: str, minutes: float) -> str:
        real = TimestampSigner.get_timestamp
        monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time() - minutes * 60))
        try:
            return csrf_token(client, url)
        finally:
            monkeypatch.setattr(TimestampSigner, "get_timestamp", real)

    return open_at


def answers_of(app) -> int:
    with app.app_context():
        return db.session.scalar(select(db.func.count()).select_from(Answer))


def test_a_student_who_keeps_the_quiz_open_for_65_minutes_can_still_submit(app, client, page_opened):
    url, form = filled_in_quiz(app, client)
    form["csrf_token"] = page_opened(client, url, minutes=65)
    response = client.post(url, data=form)
    assert response.status_code == 302 and response.location.endswith("/result")
    assert answers_of(app) == 4


def test_a_token_that_did_expire_keeps_the_answers_on_a_friendly_page(app, client, page_opened):
    url, form = filled_in_quiz(app, client)
    stale = form["csrf_token"] = page_opened(client, url, minutes=9 * 60)
    response = client.post(url, data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your answers are kept below" in page
    assert answers_of(app) == 0
    for name, value in form.items():  # every answer given is still chosen on the page
        if name.startswith("q"):
            assert re.search(rf'name="{name}"[^>]*value="{value}"[^>]*checked', page), name
    fresh = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert fresh != stale
    again = client.post(url, data={**form, "csrf_token": fresh})
    assert again.status_code == 302 and answers_of(app) == 4


def test_one_question_at_a_time_keeps_the_answer_too(app, client, page_opened):
    url, form = filled_in_quiz(app, client, slug="mini-steps")
    page = client.get(url).get_data(as_text=True)
    question = re.search(r'name="question" value="(\d+)"', page).group(1)
    one = {k: v for k, v in form.items() if k == f"q{question}" or k.startswith(f"q{question}-")}
    stale = page_opened(client, url, minutes=9 * 60)
    response = client.post(url, data={**one, "question": question, "csrf_token": stale})
    kept = response.get_data(as_text=True)
    assert response.status_code == 400 and "Your answers are kept below" in kept
    assert f'name="question" value="{question}"' in kept
    for name, value in one.items():
        assert re.search(rf'name="{name}"[^>]*value="{value}"[^>]*checked', kept), name
    assert answers_of(app) == 0
