"""Hostile question files and oversized forms are refused at once, with nothing written: by the
teacher's import page and by the command line alike."""

import io
import time

import pytest

from quiz.core import bank, textclean
from tests.helpers import csrf_token, db_dump, login

HEADER = "format: 1\narticle:\n  slug: big-article\n  text: The agency said there are 120 cases.\n"
MARKER = "python-tag-ran"

HOSTILE = {
    "over-the-size-cap.yaml": (HEADER + "# " + "x" * bank.MAX_FILE_BYTES + "\n").encode(),
    "ten-thousand-questions.yaml": (
        HEADER + "questions:\n" + "".join(f"  - {{id: q{n:05d}, kind: choice}}\n" for n in range(10_000))
    ).encode(),
    "alias-bomb.yaml": (
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
        + "article: *i\n"
    ).encode(),
    "python-tag.yaml": (
        HEADER + f"quizzes: !!python/object/apply:os.system ['touch {MARKER}']\n"
        "questions: !!python/object/new:subprocess.Popen [['true']]\n"
    ).encode(),
    "not-utf8.yaml": (HEADER + "  title: Caf\u00e9 society\n").encode("latin-1"),
}
REASONS = {
    "over-the-size-cap.yaml": "the limit is",
    "ten-thousand-questions.yaml": f"more than {bank.MAX_QUESTIONS} questions",
    "alias-bomb.yaml": "anchors and aliases",
    "python-tag.yaml": "tag:yaml.org,2002:python/object",
    "not-utf8.yaml": "not UTF-8",
}


def multipart(fields: dict) -> dict:
    """A multipart body built in memory: the test client would spool a big one to a file it never closes."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    values = {k: FileStorage(io.BytesIO(v[1]), filename=v[0]) if isinstance(v, tuple) else v for k, v in fields.items()}
    boundary, body = encode_multipart(values)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


@pytest.fixture
def refused_early(monkeypatch):
    """Fail loudly if a hostile file gets as far as the schema check or the text repair."""

    def reached(*args, **kwargs):
        raise AssertionError("a hostile file reached the schema stage")

    monkeypatch.setattr(bank.BankFile, "model_validate", reached)
    monkeypatch.setattr(textclean, "repair", reached)


def test_the_hostile_files_are_what_they_claim_to_be():
    assert len(HOSTILE["over-the-size-cap.yaml"]) > bank.MAX_FILE_BYTES
    assert len(HOSTILE["ten-thousand-questions.yaml"]) < bank.MAX_FILE_BYTES  # refused for its count alone
    assert HOSTILE["ten-thousand-questions.yaml"].count(b"- {id:") == 10_000
    assert b"*i" in HOSTILE["alias-bomb.yaml"]  # 9**9 lols if expanded


@pytest.mark.parametrize("name", HOSTILE)
def test_a_teacher_uploading_a_hostile_question_file_is_refused_at_once(
    app, client, make_teacher, name, refused_early, tmp_path, monkeypatch
):
    make_teacher()
    login(client)
    monkeypatch.chdir(tmp_path)
    token = csrf_token(client, "/teacher/transfer")
    before = db_dump(app)
    started = time.perf_counter()
    response = client.post(
        "/teacher/transfer",
        **multipart({"csrf_token": token, "file": (name, HOSTILE[name]), "article": "", "skill": ""}),
    )
    elapsed = time.perf_counter() - started
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert REASONS[name] in page.replace("&#39;", "'"), page
    assert elapsed < 1.0, f"{name} took {elapsed:.2f} s"
    assert db_dump(app) == before
    assert not (tmp_path / MARKER).exists()


@pytest.mark.parametrize("name", HOSTILE)
def test_the_command_line_refuses_the_same_files(app, runner, name, refused_early, tmp_path, monkeypatch):
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    monkeypatch.chdir(tmp_path)
    before = db_dump(app)
    started = time.perf_counter()
    result = runner.invoke(args=["import-questions", str(path)])
    elapsed = time.perf_counter() - started
    assert result.exit_code != 0
    assert "nothing was imported" in result.output
    assert REASONS[name] in result.output
    assert elapsed < 1.0, f"{name} took {elapsed:.2f} s"
    assert db_dump(app) == before
    assert not (tmp_path / MARKER).exists()


def test_an_upload_over_the_request_cap_gets_a_friendly_page(app, client, make_teacher):
    make_teacher()
    login(client)
    token = csrf_token(client, "/teacher/transfer")
    before = db_dump(app)
    huge = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/teacher/transfer", **multipart({"csrf_token": token, "file": ("huge.yaml", huge)}))
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "too large" in page and "Who Says So?" in page and "Traceback" not in page
    assert db_dump(app) == before


def test_a_student_form_stuffed_with_megabytes_is_refused_before_it_is_read(app, client):
    token = csrf_token(client, "/quizzes/mini-quiz")
    before = db_dump(app)
    response = client.post("/quizzes/mini-quiz", data={"csrf_token": token, "display_name": "A" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert db_dump(app) == before
