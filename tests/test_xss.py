"""Stored cross-site scripting: script-shaped text in every field a teacher or a student can write,
put in directly through the forms and through YAML and GIFT import, is shown as text on every page
that shows it. Checked twice: in the HTML, and by running the pages in Chromium with the
Content-Security-Policy switched off, so that escaping alone has to hold."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
import yaml
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Article, Classroom, Question, Quiz
from tests.helpers import REPO, csrf_token, login

MARK = "__xss"
_TEMPLATES = [
    "<script>__xss({n})</script>",
    "<ScRiPt>__xss({n})</sCrIpT>",
    "<scr<script>ipt>__xss({n})</script>",
    "<svg><script>__xss({n})</script>",
    "<script src=data:,__xss({n})></script>",
    "<img src=x onerror=__xss({n})>",
    '<img src=x onerror="__xss({n})">',
    "<img src=x onerror='__xss({n})'>",
    "<img/src=x/onerror=__xss({n})>",
    "<img src=`x` onerror=__xss({n})>",
    "<img src=x onerror=&#95;_xss({n})>",
    "<img src=1 onerror=__xss`{n}`>",
    "<img src=x:x onerror=window.__xss({n})>",
    "<svg onload=__xss({n})>",
    "<svg/onload=__xss({n})>",
    "<svg><animate onbegin=__xss({n}) attributeName=x>",
    "<body onload=__xss({n})>",
    "<body/onpageshow=__xss({n})>",
    "<iframe src=javascript:__xss({n})>",
    "<iframe srcdoc=<script>parent.__xss({n})</script>>",
    "<a href=javascript:__xss({n})>x</a>",
    '<a href="&#106;avascript:__xss({n})">x</a>',
    "<details open ontoggle=__xss({n})>",
    "<input autofocus onfocus=__xss({n})>",
    "<select autofocus onfocus=__xss({n})>",
    "<textarea autofocus onfocus=__xss({n})>",
    "<video><source onerror=__xss({n})>",
    "<audio src=x onerror=__xss({n})>",
    "<object data=javascript:__xss({n})>",
    "<embed src=javascript:__xss({n})>",
    "<marquee onstart=__xss({n})>",
    "<form><button formaction=javascript:__xss({n})>",
    "<div onmouseover=__xss({n})>x</div>",
    "<x onclick=__xss({n})>click",
    "<math><mi href=javascript:__xss({n})>x",
    "<meta http-equiv=refresh content=0;url=javascript:__xss({n})>",
    "<base href=javascript:__xss({n})//>",
    "<link rel=stylesheet href=javascript:__xss({n})>",
    "</textarea><script>__xss({n})</script>",
    "</title><script>__xss({n})</script>",
    "</script><script>__xss({n})</script>",
    '"><script>__xss({n})</script>',
    "'><img src=x onerror=__xss({n})>",
    '" onmouseover="__xss({n})" x="',
    "' autofocus onfocus='__xss({n})' x='",
    "<noscript><img src=x onerror=__xss({n})>",
    "<![CDATA[<script>__xss({n})</script>]]>",
    "&lt;script&gt;__xss({n})&lt;/script&gt;",
    "javascript:__xss({n})",
    "'-__xss({n})-'",
    '";__xss({n});//',
    "{{{{__xss({n})}}}}",
    "${{__xss({n})}}",
    "{{% print(__xss({n})) %}}",
    "<img src=x onerror=alert({n})>",
    "<script>alert({n})</script>",
    "<svg onload=confirm({n})>",
    "<img src=x onerror=prompt({n})>",
]
PAYLOADS = [t.format(n=i) for i, t in enumerate(_TEMPLATES, start=10)]
SHORT = [p for p in PAYLOADS if len(p) <= 40]  # display names allow 40 characters
ARTICLE_START = "The agency said there are 120 cases."


def test_there_are_enough_payloads():
    assert len(PAYLOADS) >= 50 and len(SHORT) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)


# --- Putting the payloads in ----------------------------------------------------------------------


def xss_bank(prefix: str = "xss") -> str:
    """A question file with a payload in every field: article, quizzes, questions, choices, feedback."""
    article = ARTICLE_START + "\n" + "\n".join(f"Reader {i} wrote {p} in a letter." for i, p in enumerate(PAYLOADS))
    questions = [
        {
            "id": f"{prefix}-q{i:02d}",
            "kind": "choice",
            "skill": "source",
            "difficulty": "easy",
            "prompt": f"{p} Who gives the number?",
            "excerpt": ARTICLE_START,
            "sentences": ["p1s1"],
            "evidence": "The agency said",
            "explanation": f"The words The agency said name the source. {p}",
            "choices": [{"text": f"{p} A", "correct": True, "feedback": p}, {"text": f"B {p}", "feedback": p}],
        }
        for i, p in enumerate(PAYLOADS)
    ]
    quizzes = [{"slug": f"{prefix}-all", "title": f"All {PAYLOADS[0]}", "description": PAYLOADS[1]}]
    quizzes += [
        {"slug": f"{prefix}-quiz-{i}", "title": p, "description": p, "questions": [f"{prefix}-q{i:02d}"]}
        for i, p in enumerate(PAYLOADS)
    ]
    spec = {
        "format": 1,
        "article": {
            "slug": f"{prefix}-article",
            "title": PAYLOADS[2],
            "outlet": PAYLOADS[3],
            "author": PAYLOADS[4],
            "text": article,
        },
        "quizzes": quizzes,
        "questions": questions,
    }
    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=10_000)


def upload(client, name: str, body: str, **fields) -> None:
    token = csrf_token(client, "/teacher/transfer")
    response = client.post(
        "/teacher/transfer",
        data={"csrf_token": token, "file": (io.BytesIO(body.encode()), name), "article": "", "skill": "", **fields},
    )
    assert response.status_code == 302, re.sub(r"\s+", " ", response.get_data(as_text=True))[-3000:]


def one(app, model, **where):
    with app.app_context():
        return db.session.scalar(select(model).where(*(getattr(model, k) == v for k, v in where.items())))


@pytest.fixture
def hostile_school(app, make_teacher):
    """A school whose every writable field holds a payload, put in by every route there is for it."""
    make_teacher()
    teacher = app.test_client()
    login(teacher)
    upload(teacher, "xss.yaml", xss_bank())  # through YAML import
    quiz_id = one(app, Quiz, slug="xss-all").id
    gift = teacher.get(f"/teacher/quizzes/{quiz_id}/export.gift").get_data(as_text=True)
    assert gift.count(MARK) >= 4 * len(PAYLOADS)
    upload(teacher, "xss.gift", gift.replace("xss-q", "gft-q"))  # through GIFT import
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).where(Question.key.like("gft-q%"))) == len(PAYLOADS)
        for quiz in db.session.scalars(select(Quiz).where(Quiz.slug.like("xss-%"))):
            quiz.published = True
        db.session.commit()

    # Directly, through the forms: an article, questions, classes, and students' names.
    text = ARTICLE_START + "\n" + "\n".join(f"Direct {i}: {p}." for i, p in enumerate(PAYLOADS))
    token = csrf_token(teacher, "/teacher/articles/new")
    article = {"csrf_token": token, "title": PAYLOADS[5], "outlet": PAYLOADS[6], "text": text}
    checked = teacher.post("/teacher/articles/new", data={**article, "check": "Check the text"})
    digest = re.search(r'name="checked" type="hidden" value="([0-9a-f]+)"', checked.get_data(as_text=True)).group(1)
    saved = teacher.post("/teacher/articles/new", data={**article, "checked": digest, "save": "Save the article"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[-2000:]
    direct_article = one(app, Article, title=PAYLOADS[5]).id
    for p in PAYLOADS:
        form = {
            "csrf_token": csrf_token(teacher, f"/teacher/questions/new?article={direct_article}"),
            "kind": "choice",
            "skill": "source",
            "difficulty": "easy",
            "prompt": f"{p} asks who?",
            "excerpt": ARTICLE_START,
            "evidence": "The agency said",
            "explanation": f"The agency said it. {p}",
            "choices-0-text": f"{p} right",
            "choices-0-feedback": p,
            "choices-1-text": f"wrong {p}",
            "choices-1-feedback": p,
            "correct": "0",
            "answer": "sourced",
            "passage": "all",
            "save": "Save",
        }
        response = teacher.post(f"/teacher/questions/new?article={direct_article}", data=form)
        assert response.status_code == 302, p
    for p in PAYLOADS:
        token = csrf_token(teacher, "/teacher/classes")
        assert teacher.post("/teacher/classes", data={"csrf_token": token, "name": p}).status_code == 302, p
    classroom = one(app, Classroom, name=PAYLOADS[0])
    question = one(app, Question, key="xss-q00")
    with app.app_context():
        right = str(db.session.scalar(select(Question).where(Question.key == "xss-q00")).correct_choice.id)
    students = []
    for p in SHORT:
        student = app.test_client()
        joined = student.post(
            "/join", data={"csrf_token": csrf_token(student, "/join"), "code": classroom.code, "display_name": p}
        )
        assert joined.status_code == 302, p
        started = student.post(
            "/quizzes/xss-quiz-0", data={"csrf_token": csrf_token(student, "/quizzes/xss-quiz-0"), "display_name": p}
        )
        assert started.status_code == 302, p
        submitted = student.post(
            started.location, data={"csrf_token": csrf_token(student, started.location), f"q{question.id}": right}
        )
        assert submitted.status_code == 302, p
        students.append((student, started.location))
    all_attempt = app.test_client()
    all_url = all_attempt.post(
        "/quizzes/xss-all", data={"csrf_token": csrf_token(all_attempt, "/quizzes/xss-all"), "display_name": SHORT[0]}
    ).location
    return dict(
        teacher=teacher,
        students=students,
        classroom=classroom.id,
        quiz_id=quiz_id,
        direct_article=direct_article,
        article=one(app, Article, slug="xss-article").id,
        all_url=all_url,
        all_student=all_attempt,
        checked=checked.get_data(as_text=True),
    )


def pages(app, s) -> list[tuple[str, str]]:
    """(who, url) for every page that shows something written above."""
    teacher_pages = [
        "/teacher/",
        "/teacher/articles",
        f"/teacher/articles/{s['article']}",
        f"/teacher/articles/{s['direct_article']}",
        "/teacher/questions",
        "/teacher/quizzes",
        f"/teacher/quizzes/{s['quiz_id']}",
        f"/teacher/quizzes/{s['quiz_id']}/preview",
        "/teacher/classes",
        f"/teacher/classes/{s['classroom']}",
        "/teacher/transfer",
        "/teacher/summaries/",
        "/teacher/summaries/xss-quiz-0",
        "/teacher/summaries/xss-quiz-0/students",
        f"/teacher/summaries/xss-quiz-0?classroom={s['classroom']}",
        f"/teacher/questions/new?article={s['article']}",
    ]
    with app.app_context():
        keys = list(db.session.scalars(select(Question.key).where(Question.current)))
    written = [key for key in keys if not key.startswith("mini-")]
    teacher_pages += [f"/teacher/questions/{key}" for key in written]
    teacher_pages += [f"/teacher/questions/{key}/edit" for key in written[::6]]

    teacher_pages += [f"/teacher/summaries/xss-quiz-0/student?name={quote(p)}" for p in SHORT]
    student_pages = ["/", "/class", s["all_url"]] + [f"/quizzes/xss-quiz-{i}" for i in range(len(PAYLOADS))]
    student_pages += [f"{url}/result" for _, url in s["students"]]
    return [("teacher", u) for u in teacher_pages] + [("student", u) for u in student_pages]


# --- Checking the HTML ----------------------------------------------------------------------------

APP_TAGS = set(
    re.findall(
        r"<([a-z][a-z0-9]*)",
        "".join(p.read_text() for p in [*(REPO / "templates").rglob("*.html"), REPO / "quiz" / "core" / "charts.py"]),
    )
)
APP_TAGS |= {"textarea", "select", "option", "optgroup", "input", "label", "ul", "li"}  # drawn by WTForms
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "style", "background", "xlink:href"}


class Injections(HTMLParser):
    """Markup that did not come from the app's templates: a tag they never use, an event handler,
    inline script, or a script address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag not in APP_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            self.found.append("inline <script>")
        self.in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            scheme = (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            if name in URL_ATTRIBUTES and value and (scheme or (MARK in value and not value.startswith("/"))):
                self.found.append(f"<{tag} {name}={value[:40]}>")

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.found.append(f"script text {data[:40]}")

    def handle_endtag(self, tag):
        self.in_script = False


def unescaped(html: str) -> list[str]:
    parser = Injections()
    parser.feed(html)
    raw = [p for p in PAYLOADS if any(c in p for c in '<>"') and p in html]
    return parser.found + [f"raw payload {p}" for p in raw]


def test_every_payload_is_shown_as_text_on_every_page(app, hostile_school):
    s = hostile_school
    clients = {"teacher": s["teacher"], "student": s["students"][0][0]}
    checked, shown, problems = 0, 0, []
    for who, url in pages(app, s):
        client = clients[who] if who == "teacher" or not url.startswith("/attempts/") else app.test_client()
        response = client.get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        html = response.get_data(as_text=True)
        checked += 1
        shown += html.count(MARK)
        problems += [f"{url}: {p}" for p in unescaped(html)]
    problems += [f"article check page: {p}" for p in unescaped(s["checked"])]
    assert checked >= 200 and shown >= 5000, (checked, shown)
    assert not problems, "\n".join(problems[:50])


def test_the_checker_would_notice_unescaped_markup():
    assert unescaped(f"<p>{PAYLOADS[5]}</p>")
    assert unescaped('<a href="javascript:__xss(1)">x</a>')
    assert unescaped("<script>__xss(1)</script>")
    assert not unescaped('<p>&lt;img src=x onerror=__xss(1)&gt;</p><input value="&lt;script&gt;">')


# --- Running the pages ----------------------------------------------------------------------------


@pytest.mark.browser
def test_no_payload_runs_in_a_real_browser_even_without_the_csp(app, hostile_school, live_server, browser):
    from tests.helpers import TEACHER_EMAIL, TEACHER_PASSWORD

    ran: list[str] = []
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(15_000)
    context.expose_function(MARK, lambda n=None: ran.append(f"__xss({n})"))
    tab = context.new_page()
    tab.on("dialog", lambda dialog: (ran.append(f"dialog {dialog.message}"), dialog.dismiss()))
    tab.set_content("<img src=x onerror=__xss(1)><script>alert(2)</script>")  # the trap springs on real markup
    tab.wait_for_function("true")
    assert sorted(ran) == ["__xss(1)", "dialog 2"], ran
    ran.clear()
    tab.goto(f"{live_server}/teacher/login")
    tab.get_by_label("Email").fill(TEACHER_EMAIL)
    tab.get_by_label("Password").fill(TEACHER_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(f"{live_server}/teacher/")
    visited = 0
    previews = 0
    for who, url in pages(app, hostile_school):
        if who == "student" and url == "/class":
            continue  # needs the student's own session; its HTML is checked above
        if re.fullmatch(r"/teacher/questions/[^/]+", url):
            previews += 1
            if previews % 4:
                continue  # one question page in four: they share one template, and the HTML check saw them all
        tab.goto(live_server + url)
        tab.wait_for_load_state("load")
        tab.keyboard.press("Tab")  # focus-driven handlers get their chance
        visited += 1
    assert visited >= 100
    assert tab.evaluate(f"typeof window.{MARK}") == "function"  # the trap was set on every page
    context.close()
    assert not ran, ran
