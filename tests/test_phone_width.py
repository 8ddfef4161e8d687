"""Every page of the app, at a small phone's width and a laptop's: nothing scrolls sideways, axe finds nothing serious.

The pages are the app's own URL map (every GET route, with a real value for each argument), plus the
pages that need a particular state: an unfinished attempt with saved answers, both steps of a
one-question-at-a-time quiz, and the result and summary of the bundled 41-question quiz.
"""

import pytest

from tests.helpers import (
    BUNDLED,
    TEACHER_EMAIL,
    TEACHER_PASSWORD,
    answer_form,
    answers_form,
    check_a11y,
    csrf_token,
    load_bank,
    questions_of_attempt,
    start_attempt,
)

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 360, "height": 740}, "laptop": {"width": 1280, "height": 900}}
NOT_PAGES = {"static", "auth.logout"}
FITS = "document.scrollingElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def pages(app, school) -> list[str]:
    """The address of every page, in the states that show most of it."""
    client = app.test_client()
    with app.app_context():
        load_bank(BUNDLED)
    # Taken in the class, so the teacher's default summaries count it.
    whole = start_attempt(school.student, "who-says-so", "Zed Classmate")
    form = answers_form(app, school.student, whole, wrong={q.key for q in questions_of_attempt(app, whole)[::3]})
    assert school.student.post(whole, data=form).status_code == 302
    unfinished = start_attempt(client, "mini-quiz", "Ana Later")
    first = questions_of_attempt(app, unfinished)[0]
    saved = client.post(f"{unfinished}/save", data={"csrf_token": csrf_token(client, unfinished), **answer_form(first)})
    assert saved.status_code == 302
    step = start_attempt(client, "who-says-so-practice", "Sam Steps")
    checked = start_attempt(client, "who-says-so-practice", "Kim Checked")
    question = questions_of_attempt(app, checked)[0]
    answered = {"csrf_token": csrf_token(client, checked), "question": str(question.id), **answer_form(question)}
    assert client.post(checked, data=answered).status_code == 302

    urls = [whole + "/result", unfinished, step, f"{checked}?seen={question.id}"]
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        if missing := [name for name in rule.arguments if name not in school.samples]:
            print(f"{rule.endpoint} not visited: no sample for {', '.join(missing)}")  # shown with -s or on failure
            continue
        for slug in ("mini-quiz", "who-says-so") if "slug" in rule.arguments else ("mini-quiz",):
            # The bundled quiz too (its 41-odd questions make the widest tables); a student of the class.
            urls.append(school.url(rule, slug=slug).replace("name=Ana+Public", "name=Zed+Classmate"))
    return list(dict.fromkeys(urls))


def sign_in(tab, base: str) -> None:
    tab.goto(f"{base}/teacher/login")
    tab.fill("input[name=email]", TEACHER_EMAIL)
    tab.fill("input[name=password]", TEACHER_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_load_state()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_screen_and_passes_axe(width, pages, browser, live_server):
    context = browser.new_context(viewport=WIDTHS[width], is_mobile=width == "phone", has_touch=width == "phone")
    context.set_default_timeout(20_000)
    problems, visited = [], 0
    try:
        tab = context.new_page()
        sign_in(tab, live_server)
        for url in pages:
            head = context.request.get(live_server + url)
            if "text/html" not in head.headers.get("content-type", ""):
                continue  # a download: a CSV, an exported bank
            response = tab.goto(live_server + url)
            visited += 1
            if response.status >= 500:  # a 404 for a sample that does not fit a page still has to fit the screen
                problems.append(f"{url}: status {response.status}")
            if not tab.evaluate(FITS):
                wide = tab.evaluate("document.scrollingElement.scrollWidth")
                problems.append(f"{url}: {wide}px wide on a {WIDTHS[width]['width']}px screen")
            try:
                check_a11y(tab)
            except AssertionError as error:
                problems.append(str(error))
    finally:
        context.close()
    assert visited >= 25, f"only {visited} pages visited"
    assert not problems, "\n".join(problems)
