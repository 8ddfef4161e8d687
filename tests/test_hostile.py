"""Hostile and foreign input gets a plain 4xx and writes nothing: deep or wide YAML, NUL bytes, impossible
dates and numbers, damaged zips, forged Host headers; and private pages are never kept in a cache."""

import io
import struct
import time
import zipfile

import pytest

from quiz.core import bank, gift
from quiz.store import transfer
from tests.helpers import FIXTURES, bank_contents, csrf_token, login, upload

MINI = (FIXTURES / "mini.yaml").read_text()


def with_quiz_setting(line: str) -> str:
    return MINI.replace("  - slug: mini-quiz\n", f"  - slug: mini-quiz\n    {line}\n", 1)


YAML_CASES = {
    "a list nested 1,000 deep": "a: " + "[" * 1000 + "]" * 1000,
    "a list nested 20,000 deep": "a: " + "[" * 20000 + "]" * 20000,
    "a map nested 5,000 deep": "a: " + "{b: " * 5000 + "1" + "}" * 5000,
    "block maps nested 100 deep": "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "x",
    "a NUL byte": MINI.replace("slug: mini-article", "slug: mini\x00article"),
    "a right-to-left override": MINI.replace("title: Mini quiz", "title: Mini \u202equiz"),
    "an opening time in year 0": with_quiz_setting("opens: 0000-01-01T00:00:00"),
    "an opening time in year 10000": with_quiz_setting("opens: 10000-01-01T00:00:00"),
    "a 5,000-digit number of attempts": with_quiz_setting("attempts: " + "9" * 5000),
    "a 20-digit number of attempts": with_quiz_setting("attempts: " + "9" * 20),
}


@pytest.mark.parametrize("case", YAML_CASES)
def test_hostile_question_files_get_a_problem_with_its_line_not_a_crash(case):
    with pytest.raises(bank.BankError) as error:
        bank.load_bytes(YAML_CASES[case].encode(), "hostile.yaml")
    assert error.value.problems and all(str(p) for p in error.value.problems)


def test_a_file_of_many_keys_is_refused_in_linear_time():
    """90,000 keys once took over a minute (each error's line was found by rebuilding its mapping)."""
    text = "article:\n" + "".join(f"  k{i}: {i}\n" for i in range(60_000))
    assert len(text.encode()) < bank.MAX_FILE_BYTES
    started = time.perf_counter()
    with pytest.raises(bank.BankError) as error:
        bank.load_bytes(text.encode(), "wide.yaml")
    assert time.perf_counter() - started < 20  # generous for a busy machine; the benchmark measures it
    assert len(error.value.problems) <= 200


@pytest.mark.parametrize("text", ["::a::Q\x00?{=a ~b#c}", "::a::Q?{=a\x07 ~b#c}", "::a::Q \u202e?{=a ~b#c}"])
def test_control_characters_in_gift_are_named_with_their_line(text):
    reading = gift.read("// first\n\n" + text)
    assert reading.problems and reading.problems[0].line == 3 and "control character" in reading.problems[0].message


def damaged_zips() -> dict[str, bytes]:
    good = (FIXTURES / "mini.yaml").read_bytes()

    def make() -> bytearray:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("mini.yaml", good)
        return bytearray(buffer.getvalue())

    def patch(raw: bytearray, local: int, central: int, fmt: str, value: int) -> bytes:
        struct.pack_into(fmt, raw, local, value)
        struct.pack_into(fmt, raw, raw.find(b"PK\x01\x02") + central, value)
        return bytes(raw)

    return {
        "a bad checksum": patch(make(), 14, 16, "<I", 0xDEADBEEF),
        "a size header that lies low": patch(make(), 22, 24, "<I", 10),
        "a size header that lies high": patch(make(), 22, 24, "<I", 5_000_000),
        "the encrypted flag": patch(make(), 6, 8, "<H", 1),
        "an unknown compression method": patch(make(), 8, 10, "<H", 99),
        "LZMA named but deflate inside": patch(make(), 8, 10, "<H", 14),
        "its second half cut off": bytes(make()[: len(make()) // 2]),
        "garbage in the data": bytes(make()[:40] + b"\xff" * 20 + make()[60:]),
    }


@pytest.mark.parametrize("case", list(damaged_zips()))
def test_a_damaged_zip_is_called_damaged_and_imports_nothing(case):
    with pytest.raises(bank.BankError) as error:
        transfer.read_zip("bank.zip", damaged_zips()[case])
    message = " ".join(p.message for p in error.value.problems)
    assert any(word in message for word in ("damaged", "encrypted", "larger than")), message


@pytest.fixture
def teacher(client, make_teacher):
    make_teacher()
    login(client)
    return client


def test_hostile_files_through_the_import_page_are_a_400_that_writes_nothing(app, teacher):
    before = bank_contents(app)
    sent = {f"{case}.yaml": text.encode() for case, text in YAML_CASES.items()}
    sent |= {f"{case}.zip": raw for case, raw in damaged_zips().items()}
    sent["nul.gift"] = b"::a::Q\x00?{=a ~b#c}"
    for name, raw in sent.items():
        response = upload(teacher, name, raw)
        assert response.status_code == 400, name
        assert "Nothing was imported" in response.get_data(as_text=True), name
    assert bank_contents(app) == before


def test_deep_yaml_on_the_command_line_is_a_message_not_a_traceback(runner, tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text(YAML_CASES["a list nested 20,000 deep"])
    result = runner.invoke(args=["import-questions", str(path)])
    assert result.exit_code != 0 and "Traceback" not in result.output and "RecursionError" not in result.output
    assert "nothing was imported" in result.output


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_attempts", "9" * 4300),
        ("max_attempts", "9" * 5000),
        ("max_attempts", "99999999999999999999"),
        ("opens_at", "0001-01-01T00:00"),
        ("opens_at", "9999-12-31T23:59"),
        ("article", "9" * 4300),
    ],
)
def test_impossible_numbers_and_dates_in_the_quiz_form_are_refused_plainly(app, teacher, field, value):
    from sqlalchemy import func, select

    from quiz.extensions import db
    from quiz.models import Article, Quiz

    with app.app_context():
        article_id = db.session.scalar(select(Article.id))
        quizzes = db.session.scalar(select(func.count(Quiz.id)))
    data = {
        "csrf_token": csrf_token(teacher, "/teacher/quizzes/new"),
        "title": "Hostile",
        "article": str(article_id),
        "feedback": "end",
        "question_order": "fixed",
        field: value,
    }
    response = teacher.post("/teacher/quizzes/new", data=data)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Quiz.id))) == quizzes


def test_a_4300_digit_marking_is_a_changed_form_not_a_crash(app, client):
    from sqlalchemy import select

    from quiz.extensions import db
    from quiz.models import Question
    from tests.helpers import filled_in_quiz

    url, form = filled_in_quiz(app, client)
    with app.app_context():
        mark = db.session.scalar(select(Question.id).where(Question.key == "mini-mark"))
    for value in ("9" * 4300, "1 " + "9" * 5000):
        assert client.post(url, data={**form, f"q{mark}-words": value}).status_code == 400


def test_a_forged_host_header_does_not_reach_the_join_link(make_app, make_teacher):
    from quiz.extensions import db

    app = make_app(QUIZ_BASE_URL="http://localhost")  # the test client's own host, so its cookies still go
    with app.app_context():
        db.create_all()
        from quiz.store.accounts import create_teacher

        create_teacher("teacher@example.org", "correct horse battery staple", "Ms Example")
        db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_HOST"] = "evil.example"  # every request of this browser forges its Host
    login(client)
    token = csrf_token(client, "/teacher/classes")
    made = client.post("/teacher/classes", data={"csrf_token": token, "name": "7B"})
    assert made.status_code == 302, made.get_data(as_text=True)[-800:]
    page = client.get(made.location).get_data(as_text=True)
    assert "evil.example" not in page
    assert "http://localhost/join" in page


def test_teacher_pages_results_and_downloads_are_never_stored_in_a_cache(app, teacher, client):
    for url in (
        "/teacher/",
        "/teacher/quizzes",
        "/teacher/transfer/bank.zip",
        "/teacher/transfer/bank.gift",
        "/teacher/summaries/mini-quiz/attempts.csv",
    ):
        response = teacher.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("Cache-Control", ""), url
    static = app.test_client().get("/static/style.css", buffered=True)
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")
