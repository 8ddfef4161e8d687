"""In a real browser a teacher runs a unit from start to end, and a student takes the quiz with a class code."""

import re

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Attempt, Classroom, Question
from tests.helpers import TEACHER_EMAIL, TEACHER_PASSWORD, check_a11y, fits_width

pytestmark = pytest.mark.browser

DAMAGED = (
    "The agency said there are 120 cases.\n"
    "According to the agency, most of the cases involve adults.\n"
    "The mayor called the plan \u0e42a disaster\u0e42 and said the city\u0e42s budget is fine."
)


def sign_in(page, base):
    page.goto(base + "/teacher/login")
    page.get_by_label("Email").fill(TEACHER_EMAIL)
    page.get_by_label("Password").fill(TEACHER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/teacher/")


def write_question(page, kind, pick, prompt, evidence, explanation, choices=(), extra=None):
    """Fill the question form for ``kind`` after clicking sentence ``pick``, preview it, then save it."""
    page.get_by_label("Kind of question").select_option(kind)
    if pick:
        page.locator(f"a.pick-sentence[href$='sentence={pick}']").click()
    page.get_by_label("Question", exact=True).fill(prompt)
    if evidence:
        page.get_by_label("Evidence words").fill(evidence)
    page.get_by_label("Explanation").fill(explanation)
    for i, (text, feedback) in enumerate(choices):
        page.locator(f"#choices-{i}-text").fill(text)
        page.locator(f"#choices-{i}-feedback").fill(feedback)
    if choices:
        page.locator("label[for='correct-0']").click()
    if extra:
        extra(page)
    page.get_by_role("button", name="Check and preview").click()
    assert page.get_by_text("The question passes every check.").is_visible(), page.locator(
        ".flash-error"
    ).all_inner_texts()
    assert page.locator(".student-preview fieldset.question").count() == 1
    check_a11y(page)
    page.get_by_role("button", name="Save the question").click()
    page.wait_for_url(re.compile(r"/teacher/questions/[a-z0-9-]+$"))
    check_a11y(page)
    return page.url.rsplit("/", 1)[-1]


def test_a_teacher_runs_a_unit_and_a_student_joins_with_the_code(app, browser, page, live_server, make_teacher):
    make_teacher()
    sign_in(page, live_server)
    check_a11y(page)

    # An article pasted with its encoding damage, repaired and shown before it is saved.
    page.get_by_role("link", name="Articles", exact=True).first.click()
    page.get_by_role("link", name="Add an article").click()
    page.get_by_label("Headline").fill("Budget row in the city")
    page.get_by_label("Article text").fill(DAMAGED)
    page.get_by_role("button", name="Check the text").click()
    assert page.locator("table.changes ins", has_text="city’s").is_visible()
    assert page.get_by_text("Suggestion: Direct quote").is_visible()
    check_a11y(page)
    page.get_by_role("button", name="Save the article").click()
    page.wait_for_url(re.compile(r"/teacher/articles/\d+$"))
    check_a11y(page)
    article_url = page.url

    # One question of every kind, each previewed as a student sees it before it is saved.
    page.get_by_role("link", name="Write a question on this article").click()
    keys = [
        write_question(
            page,
            "choice",
            "p1s1",
            "Who says there are 120 cases?",
            "The agency said",
            "The words “The agency said” name the source.",
            [
                ("The agency", ""),
                ("The mayor", "The mayor speaks about the budget."),
                ("The writer", "The writer reports it."),
            ],
        )
    ]
    page.goto(article_url)
    page.get_by_role("link", name="Write a question on this article").click()

    def classify_feedback(p):
        p.get_by_label("Right category").select_option("opinion")
        for cat in ("sourced", "unsourced", "prediction"):
            p.locator(f"#feedback_{cat}").fill(f"It is not {cat}: “a disaster” is a judgement.")

    keys.append(
        write_question(
            page,
            "classify",
            "p3s1",
            "What kind of statement is this?",
            "“a disaster”",
            "Calling the plan “a disaster” is a judgement.",
            extra=classify_feedback,
        )
    )
    page.goto(article_url)
    page.get_by_role("link", name="Write a question on this article").click()
    keys.append(
        write_question(
            page,
            "mark",
            "p2s1",
            "Select the words that say who claims this.",
            "According to the agency",
            "“According to the agency” carries the attribution.",
            [("According to the agency", ""), ("most of the cases", "That is the claim, not its source.")],
        )
    )
    page.goto(article_url)
    page.get_by_role("link", name="Write a question on this article").click()

    def tags(p):
        p.get_by_label("Passage to tag").select_option("p1")
        p.get_by_label("Category for p1s1").select_option("sourced")
        p.get_by_label("Why, for p1s1").fill("“The agency said” names the source.")

    keys.append(
        write_question(
            page,
            "tag",
            None,
            "Tag the sentence of paragraph 1.",
            None,
            "The sentence names who makes the claim.",
            extra=tags,
        )
    )
    with app.app_context():
        assert [db.session.scalar(select(Question.kind).where(Question.key == k)) for k in keys] == [
            "choice",
            "classify",
            "mark",
            "tag",
        ]

    # A quiz composed from them, published, previewed.
    page.get_by_role("link", name="Quizzes", exact=True).click()
    page.get_by_role("link", name="Compose a quiz").click()
    page.get_by_label("Title").fill("Budget row: who says so?")
    page.get_by_label("Article").select_option(label="Budget row in the city")
    page.get_by_role("button", name="Save the quiz").click()
    for checkbox in page.locator("table input[type=checkbox]").all():
        checkbox.check()
    page.get_by_role("button", name="Save the quiz").click()
    assert page.get_by_text("with 4 question(s)").is_visible()
    page.get_by_role("button", name="Publish").click()
    check_a11y(page)
    page.get_by_role("link", name="Preview as a student").click()
    assert page.locator("fieldset.question").count() == 4
    check_a11y(page)

    # A class and its code.
    page.get_by_role("link", name="Classes", exact=True).click()
    page.get_by_label("Name of the class").fill("Period 3")
    page.get_by_role("button", name="Create the class").click()
    code = page.locator("[data-join-code]").inner_text()
    check_a11y(page)
    # The class sees exactly the quizzes assigned to it.
    page.get_by_role("link", name="Assign a quiz").click()
    page.get_by_label("Quiz").select_option(label="Budget row: who says so?")
    page.get_by_role("button", name="Assign the quiz").click()
    assert page.get_by_role("heading", name="Share with the class").is_visible()

    # A student on another device joins with the code and takes the quiz.
    student = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True).new_page()
    student.goto(live_server + "/")
    student.get_by_role("link", name="Join a class").click()
    student.get_by_label("Class code").fill(code.lower())
    student.get_by_label("Your name as your teacher knows you").fill("Dana")
    student.get_by_role("button", name="Join the class").click()
    student.get_by_role("button", name=re.compile("^Start")).click()
    for fieldset in student.locator("fieldset.question").all():
        words = fieldset.locator("button.word")
        if words.count():
            words.first.click()
            continue
        shown = "rs => [...new Set(rs.filter(r => r.offsetParent !== null).map(r => r.name))]"  # groups on screen
        for group in fieldset.locator("input[type=radio]").evaluate_all(shown):
            fieldset.locator(f"input[name='{group}']").first.check()
    student.get_by_role("button", name="Submit answers").click()
    student.wait_for_url(re.compile(r"/result$"))
    assert student.get_by_text("Dana").first.is_visible()
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.display_name == "Dana"))
        classroom = db.session.scalar(select(Classroom).where(Classroom.name == "Period 3"))
        assert attempt.submitted_at is not None and attempt.classroom_id == classroom.id
    student.context.close()


def teacher_pages(app):
    """Every teacher page a GET can show, with real ids from the test bank."""
    with app.app_context():
        class_id = db.session.scalar(select(Classroom.id))
    return [
        "/teacher/",
        "/teacher/articles",
        "/teacher/articles/1",
        "/teacher/articles/new",
        "/teacher/questions",
        "/teacher/questions/new?article=1&sentence=p1s1",
        "/teacher/questions/mini-choice",
        "/teacher/questions/mini-classify",
        "/teacher/questions/mini-mark",
        "/teacher/questions/mini-tag",
        "/teacher/questions/mini-tag/edit",
        "/teacher/quizzes",
        "/teacher/quizzes/new",
        "/teacher/quizzes/1",
        "/teacher/quizzes/1/preview",
        "/teacher/classes",
        f"/teacher/classes/{class_id}",
        "/teacher/transfer",
        "/teacher/account/password",
        "/join",
    ]


@pytest.fixture
def signed_in_with_a_class(app, make_teacher):
    teacher_id = make_teacher()
    with app.app_context():
        db.session.add(Classroom(teacher_id=teacher_id, name="Period 3", code="ACEFHJKM"))
        db.session.commit()
    return app


def test_every_teacher_page_passes_the_accessibility_check(signed_in_with_a_class, page, live_server):
    sign_in(page, live_server)
    for path in teacher_pages(signed_in_with_a_class):
        page.goto(live_server + path)
        assert page.locator("h1").count() == 1, path
        check_a11y(page)


def test_every_teacher_page_fits_a_360_pixel_phone(signed_in_with_a_class, phone_page, live_server):
    sign_in(phone_page, live_server)
    for path in teacher_pages(signed_in_with_a_class):
        phone_page.goto(live_server + path)
        fits_width(phone_page)


def test_a_teacher_signs_in_and_picks_an_excerpt_with_the_keyboard_alone(make_teacher, page, live_server):
    make_teacher()
    page.goto(live_server + "/teacher/login")
    page.get_by_label("Email").focus()
    page.keyboard.type(TEACHER_EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(TEACHER_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/teacher/")
    page.goto(live_server + "/teacher/questions/new?article=1")
    link = page.locator("a.pick-sentence[href$='sentence=p1s2']")
    link.focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("textbox", name="Excerpt").input_value().startswith("According to the agency")
    assert page.evaluate("document.activeElement.name") == "excerpt"
