"""Every teacher page needs a signed-in teacher, including pages added after this test was written."""

import re

from tests.helpers import csrf_token

PUBLIC = {"auth.login", "auth.logout"}


def sample_url(rule) -> str:
    """The rule's URL with a plausible value in each variable (ids 1, words ``x``, formats ``yaml``)."""

    def value(match: re.Match[str]) -> str:
        converter, name = match.group(1) or "", match.group(2)
        return "1" if "int" in converter else ("yaml" if name == "fmt" else "x")

    return re.sub(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>", value, rule.rule)


def teacher_rules(app):
    return [r for r in app.url_map.iter_rules() if r.rule.startswith("/teacher/") and r.endpoint not in PUBLIC]


def test_the_url_map_has_teacher_pages_to_check(app):
    endpoints = {r.endpoint for r in teacher_rules(app)}
    assert {"teacher.home", "teacher.new_article", "teacher.edit_question", "classes.show"} <= endpoints


def test_every_teacher_route_sends_a_visitor_to_sign_in(app, client):
    # A real token, so a POST is refused for want of a sign-in, not for want of a token.
    token = csrf_token(client, "/teacher/login")
    unprotected = []
    for rule in teacher_rules(app):
        url = sample_url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": token} if method != "GET" else None)
            signed_out = response.status_code in (302, 401) and "/teacher/login" in (
                response.location or "/teacher/login"
            )
            if not signed_out:
                unprotected.append(f"{method} {url} ({rule.endpoint}) -> {response.status_code}")
    assert not unprotected, "teacher routes open without sign-in:\n" + "\n".join(unprotected)


def test_the_sign_in_page_itself_is_open(client):
    assert client.get("/teacher/login").status_code == 200
