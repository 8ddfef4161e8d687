"""Security headers on every response, and pages that keep working under the Content-Security-Policy."""

import pytest

from quiz.web.security import CONTENT_SECURITY_POLICY
from tests.helpers import (
    ACCESS,
    OWNER,
    PUBLIC,
    STUDENT,
    TEACHER,
    TEACHER_EMAIL,
    TEACHER_PASSWORD,
    csrf_token,
    fetch,
    routes,
)


def assert_secure_headers(response, what: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives.get("default-src") == ["'self'"], what
    assert directives.get("object-src") == ["'none'"], what
    assert directives.get("base-uri") == ["'none'"], what
    assert directives.get("frame-ancestors") == ["'none'"], what
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, what
    assert response.headers.get("X-Content-Type-Options") == "nosniff", what
    assert response.headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", what


def test_every_page_and_download_carries_the_security_headers(school):
    who = {PUBLIC: school.anonymous, STUDENT: school.student, TEACHER: school.other, OWNER: school.owner}
    seen = 0
    for rule, method in routes(school.app):
        if method == "GET":
            url = school.url(rule)
            assert_secure_headers(fetch(who[ACCESS[rule.endpoint]], "GET", url), url)
            seen += 1
    assert seen >= 25


@pytest.mark.parametrize("filename", ["style.css", "quiz.js", "teacher.js"])
def test_static_files_carry_the_headers_too(client, filename):
    response = fetch(client, "GET", f"/static/{filename}")
    assert response.status_code == 200
    assert_secure_headers(response, filename)


def test_error_pages_carry_the_headers(app, client):
    @app.get("/test-only/boom")
    def boom():
        raise RuntimeError("forced")

    assert_secure_headers(fetch(client, "GET", "/no-such-page"), "404")
    assert_secure_headers(fetch(client, "DELETE", "/"), "405")
    assert_secure_headers(fetch(client, "POST", "/join", data={"csrf_token": "wrong"}), "400")
    big = {"csrf_token": csrf_token(client, "/join"), "code": "x" * (3 * 1024 * 1024)}
    assert_secure_headers(fetch(client, "POST", "/join", data=big), "413")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = fetch(client, "GET", "/test-only/boom")
    assert response.status_code == 500
    assert_secure_headers(response, "500")


def html_pages(school) -> list[tuple[str, str]]:
    """(who, url) for every GET page that answers with HTML, as its rightful visitor."""
    who = {PUBLIC: "anonymous", STUDENT: "student", TEACHER: "owner", OWNER: "owner"}
    pages = []
    for rule, method in routes(school.app):
        if method != "GET" or rule.endpoint == "static":
            continue
        visitor, url = who[ACCESS[rule.endpoint]], school.url(rule)
        response = fetch(getattr(school, visitor), "GET", url)
        if response.mimetype == "text/html":
            pages.append((visitor, url))
    return pages


WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""


def watch(tab, problems: list[str]) -> None:
    """Note script errors and failed loads; a missing /favicon.ico (the browser asks on its own) is not one."""

    def console(message) -> None:
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(f"{tab.url}: {message.text}")

    def response(r) -> None:
        if r.status >= 400 and "favicon" not in r.url and r.request.resource_type != "document":
            problems.append(f"{r.url}: {r.status}")

    tab.on("console", console)
    tab.on("response", response)


@pytest.mark.browser
def test_no_page_of_the_app_breaks_its_content_security_policy(school, live_server, browser):
    """Every page, as the student and as the teacher, loads its own script and style with nothing blocked."""
    pages = html_pages(school)
    assert len(pages) >= 20
    problems = []
    for visitor in ("anonymous", "student", "owner"):
        context = browser.new_context()
        context.set_default_timeout(15_000)
        tab = context.new_page()
        tab.add_init_script(WATCH_CSP)
        watch(tab, problems)
        if visitor == "owner":
            tab.goto(f"{live_server}/teacher/login")
            tab.get_by_label("Email").fill(TEACHER_EMAIL)
            tab.get_by_label("Password").fill(TEACHER_PASSWORD)
            tab.get_by_role("button", name="Sign in").click()
            tab.wait_for_url(f"{live_server}/teacher/")
        if visitor == "student":  # a student in the browser: start, answer one question, see the page react
            tab.goto(f"{live_server}/quizzes/mini-quiz")
            tab.get_by_label("Your name").fill("Bea")
            tab.get_by_role("button", name="Start the quiz").click()
            tab.get_by_label("The agency", exact=True).check()
            tab.wait_for_function("document.querySelector('[data-answered]').textContent !== '0'")
            problems += [f"{tab.url}: {v}" for v in tab.evaluate("window.__cspViolations")]
        for who, url in pages:
            if who != visitor:
                continue
            tab.goto(live_server + url)
            styled = tab.evaluate("getComputedStyle(document.querySelector('.site-header')).display")
            assert styled != "inline", f"{url}: the stylesheet did not load"
            problems += [f"{url}: {v}" for v in tab.evaluate("window.__cspViolations")]
        context.close()
    assert not problems, "\n".join(problems)


def test_the_policy_allows_nothing_but_the_app_itself():
    assert "'self'" in CONTENT_SECURITY_POLICY
    for source in ("http:", "https:", "*", "'unsafe-inline'", "'unsafe-eval'"):
        assert source not in CONTENT_SECURITY_POLICY.split(), source
