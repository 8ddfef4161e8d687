"""Who may open what: every route in the URL map, tried by GET and POST as a stranger, a student
and another teacher. Each route is classified below; a route nobody classified fails the test."""

from tests.helpers import (
    ACCESS,
    OWNER,
    PUBLIC,
    QUIZ_OWNER_WRITES,
    STUDENT,
    TEACHER,
    csrf_token,
    db_dump,
    fetch,
    guessed_token,
    routes,
)


def test_every_route_in_the_url_map_is_classified(app):
    unclassified = sorted({rule.endpoint for rule, _ in routes(app)} - set(ACCESS))
    assert not unclassified, f"classify these routes in tests/test_access.py ACCESS: {unclassified}"
    stale = sorted(set(ACCESS) - {rule.endpoint for rule, _ in routes(app)})
    assert not stale, f"these classified routes no longer exist: {stale}"


def test_nobody_gets_a_page_they_are_not_allowed_to_see(school):
    """As a stranger, a student and another teacher, by GET and POST: not one unauthorised 2xx."""
    app = school.app
    actors = {"anonymous": school.anonymous, "student": school.student, "other teacher": school.other}
    tokens = {name: csrf_token(client, "/join") for name, client in actors.items()}
    before = db_dump(app)
    tried, breaches = 0, []
    for rule, method in routes(app):
        kind = ACCESS[rule.endpoint]
        for name, client in actors.items():
            owners_only = rule.endpoint in QUIZ_OWNER_WRITES and method == "POST"
            allowed = (
                kind == PUBLIC
                or (kind == STUDENT and name == "student")
                or (kind == TEACHER and name == "other teacher" and not owners_only)
            )
            if allowed:
                continue
            # A stranger or a teacher does not hold the student's token: they can only guess one.
            url = school.url(rule, token=guessed_token()) if kind == STUDENT else school.url(rule)
            # POST with a valid token for their own session, so only the access rule can refuse them.
            response = fetch(client, method, url, data={"csrf_token": tokens[name]} if method == "POST" else None)
            tried += 1
            code = response.status_code
            if 200 <= code < 300:
                breaches.append(f"{name} {method} {url} -> {code}")
            elif 300 <= code < 400 and not response.location.startswith("/teacher/login"):
                breaches.append(f"{name} {method} {url} -> {code} to {response.location}")
            elif kind == STUDENT and code != 404:
                breaches.append(f"{name} {method} {url} -> {code}, expected a 404")
            if kind == OWNER and name == "other teacher" and code != 404:
                breaches.append(f"{name} {method} {url} -> {code}, expected a 404 that confirms nothing")
            if owners_only and name == "other teacher" and code != 403:
                breaches.append(f"{name} {method} {url} -> {code}, expected a 403 that says whose quiz it is")
    assert tried >= 60
    assert not breaches, "\n".join(breaches)
    assert db_dump(app) == before, "a refused request changed the database"


def test_every_page_opens_for_those_allowed_to_see_it(school):
    """The matrix above is not vacuous: each GET route answers its rightful visitor."""
    who = {PUBLIC: school.anonymous, STUDENT: school.student, TEACHER: school.other, OWNER: school.owner}
    failures = []
    for rule, method in routes(school.app):
        if method != "GET":
            continue
        response = fetch(who[ACCESS[rule.endpoint]], "GET", school.url(rule))
        if response.status_code >= 400:
            failures.append(f"{ACCESS[rule.endpoint]} GET {school.url(rule)} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_another_teacher_never_sees_the_students_of_a_class_that_is_not_theirs(school):
    class_id = school.samples["class_id"]
    for url in (
        "/teacher/summaries/mini-quiz/students",
        "/teacher/summaries/mini-quiz/attempts.csv",
        "/teacher/summaries/mini-quiz/answers.csv",
    ):
        mine, theirs = fetch(school.owner, "GET", url), fetch(school.other, "GET", url)
        assert mine.status_code == theirs.status_code == 200, url
        assert "Zed Classmate" in mine.get_data(as_text=True), url
        assert "Zed Classmate" not in theirs.get_data(as_text=True), url
    assert school.other.get("/teacher/summaries/mini-quiz/student?name=Zed+Classmate").status_code == 404
    assert school.other.get(f"/teacher/summaries/mini-quiz?classroom={class_id}").status_code == 404
    assert school.other.get(f"/teacher/classes/{class_id}").status_code == 404


def test_500_guessed_result_addresses_find_nothing(school):
    real = school.samples["token"]
    guesses = [guessed_token() for _ in range(400)]
    guesses += [str(n) for n in range(1, 41)]  # sequential ids
    guesses += [real[:i] for i in range(4, 24)]  # the real token cut short
    guesses += [real[:i] + ("A" if real[i] != "A" else "B") + real[i + 1 :] for i in range(20)]  # one letter off
    guesses += [real.upper(), real.lower(), real + "x", "x" + real, f"{real}%00", "..", "%2e%2e", "*", "%", "_"]
    guesses += ["' OR '1'='1", "1 OR 1=1", "null", "undefined", "0", "-1", "9" * 40, "a" * 65, "Δ" * 24, "%C0%AE"]
    assert len(guesses) >= 500 and real not in guesses
    found = []
    for guess in guesses:
        for url in (f"/attempts/{guess}/result", f"/attempts/{guess}"):
            response = school.anonymous.get(url)
            if response.status_code != 404:
                found.append(f"{url} -> {response.status_code}")
    assert not found, "\n".join(found)
    assert school.anonymous.get(f"/attempts/{real}/result").status_code == 200  # the real one does work


def test_numbers_out_of_range_in_addresses_are_a_plain_404(school):
    for number in ("0", "99999999", "2147483648", "9223372036854775808", "1" + "0" * 30):
        for path in ("/teacher/quizzes/{}", "/teacher/articles/{}", "/teacher/classes/{}"):
            assert school.owner.get(path.format(number)).status_code == 404, path.format(number)
