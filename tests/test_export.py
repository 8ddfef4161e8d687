"""The bank goes out as native YAML files and comes back identical, from the command line and the browser."""

import io
import zipfile

import pytest
from sqlalchemy import select

from quiz import create_app
from quiz.extensions import db
from quiz.models import Question
from quiz.store import exporter
from tests.helpers import BUNDLED, FIXTURES, bank_contents, load_bank, login, upload


def fresh_app(tmp_path, name):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / name}",
            "WTF_CSRF_ENABLED": True,
        }
    )
    with app.app_context():
        db.create_all()
    return app


def test_a_bank_exported_and_imported_into_an_empty_database_is_identical(app, runner, tmp_path):
    with app.app_context():
        load_bank(BUNDLED)
    out = tmp_path / "exported"
    result = runner.invoke(args=["export-questions", str(out)])
    assert result.exit_code == 0, result.output
    other = fresh_app(tmp_path, "other.sqlite")
    imported = other.test_cli_runner().invoke(args=["import-questions", str(out)])
    assert imported.exit_code == 0, imported.output
    assert bank_contents(other) == bank_contents(app)
    again = tmp_path / "again"
    assert other.test_cli_runner().invoke(args=["export-questions", str(again)]).exit_code == 0
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in out.iterdir())
    for path in out.iterdir():
        assert (again / path.name).read_text() == path.read_text()


def test_importing_an_export_back_into_its_own_database_changes_nothing(app, runner, tmp_path):
    out = tmp_path / "bank"
    runner.invoke(args=["export-questions", str(out)])
    result = runner.invoke(args=["import-questions", str(out)])
    assert "0 added, 0 updated, 0 new version(s)" in result.output


def test_one_quiz_exports_to_a_yaml_file_with_just_its_questions(app, runner, tmp_path):
    path = tmp_path / "mini-quiz.yaml"
    result = runner.invoke(args=["export-questions", str(path), "--quiz", "mini-quiz"])
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert "slug: mini-quiz" in text and "mini-steps" not in text
    other = fresh_app(tmp_path, "other.sqlite")
    assert other.test_cli_runner().invoke(args=["import-questions", str(path)]).exit_code == 0
    assert bank_contents(other) == bank_contents(app)


def test_a_bank_of_several_articles_needs_a_folder_not_one_yaml_file(app, runner, tmp_path):
    with app.app_context():
        load_bank(BUNDLED)
    result = runner.invoke(args=["export-questions", str(tmp_path / "all.yaml")])
    assert result.exit_code != 0 and "give a folder" in result.output


def test_the_export_is_plain_yaml_the_strict_loader_accepts(app):
    with app.app_context():
        files = exporter.export_bank(db.session)
    text = files["mini-article.yaml"]
    assert "&" not in text.replace("&amp;", "") and "*id" not in text and "!!" not in text
    assert "text: |" in text  # the article reads as a block, one paragraph per line


# --- In the browser ---------------------------------------------------------------------------


@pytest.fixture
def teacher(client, make_teacher):
    make_teacher()
    login(client)
    return client


def test_the_bank_zip_downloaded_in_the_browser_imports_into_another_school_identically(app, teacher, tmp_path):
    download = teacher.get("/teacher/transfer/bank.zip")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert zipfile.ZipFile(io.BytesIO(download.data)).namelist() == ["mini-article.yaml"]
    other = fresh_app(tmp_path, "other.sqlite")
    with other.app_context():
        from quiz.store.accounts import create_teacher

        create_teacher("teacher@example.org", "correct horse battery staple")
        db.session.commit()
    browser = other.test_client()
    login(browser)
    response = upload(browser, "question-bank.zip", download.data)
    assert response.status_code == 302
    assert bank_contents(other) == bank_contents(app)


def test_a_quiz_downloads_as_a_yaml_file(teacher):
    response = teacher.get("/teacher/quizzes/1/export.yaml")
    assert response.status_code == 200 and "slug: mini-quiz" in response.get_data(as_text=True)


def test_an_upload_with_yaml_aliases_is_refused_whole(app, teacher):
    text = (
        (FIXTURES / "mini.yaml")
        .read_text()
        .replace("prompt: Who says there are 120 cases?", "prompt: &p Who counted?", 1)
    )
    text = text.replace("prompt: Which best describes this statement?", "prompt: *p", 1)
    before = bank_contents(app)
    response = upload(teacher, "mini.yaml", text.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nothing was imported" in page and "anchors and aliases" in page
    assert bank_contents(app) == before


def test_an_upload_with_several_mistakes_lists_each_with_its_line_and_imports_nothing(app, teacher):
    text = (FIXTURES / "mini.yaml").read_text()
    text = text.replace("    skill: source\n", "", 1)
    text = text.replace("kind: mark", "kind: essay")
    before = bank_contents(app)
    response = upload(teacher, "mini.yaml", text.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.count("mini.yaml, line ") >= 2 and "skill: This is required." not in page
    assert "questions[0].skill: Field required" in page and "questions[2]" in page
    assert bank_contents(app) == before


def test_an_upload_over_the_size_cap_is_refused(app, teacher):
    response = upload(teacher, "big.yaml", b"# " + b"x" * 1_000_001)
    assert response.status_code == 400 and "the limit is 1,000,000" in response.get_data(as_text=True)


def test_an_upload_of_another_kind_of_file_is_refused(teacher):
    response = upload(teacher, "questions.docx", b"PK")
    assert response.status_code == 400 and "choose a .yaml, .yml, .gift or .zip file" in response.get_data(as_text=True)


def test_an_imported_change_to_an_answered_question_keeps_past_scores(app, teacher, tmp_path):
    from tests.helpers import answer_all_right, attempt_score, start_attempt

    student = app.test_client()
    url = start_attempt(student)
    answer_all_right(app, student, url)
    before = attempt_score(app, url)
    text = (FIXTURES / "mini.yaml").read_text().replace("Who says there are 120 cases?", "Who counted the cases?")
    assert upload(teacher, "mini.yaml", text.encode()).status_code == 302
    assert attempt_score(app, url) == before
    with app.app_context():
        versions = db.session.scalars(select(Question.version).where(Question.key == "mini-choice")).all()
    assert sorted(versions) == [1, 2]


def test_quiz_settings_survive_the_round_trip(app, runner, tmp_path):
    import datetime as dt

    from quiz.models import Quiz

    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-steps"))
        quiz.published, quiz.max_attempts = False, 2
        quiz.opens_at, quiz.closes_at = dt.datetime(2026, 12, 1, 8, 0), dt.datetime(2026, 12, 1, 9, 30)
        db.session.commit()
    out = tmp_path / "exported"
    assert runner.invoke(args=["export-questions", str(out)]).exit_code == 0
    other = fresh_app(tmp_path, "other.sqlite")
    assert other.test_cli_runner().invoke(args=["import-questions", str(out)]).exit_code == 0

    def settings(an_app):
        with an_app.app_context():
            return [
                (
                    q.slug,
                    q.title,
                    q.question_order,
                    q.feedback,
                    q.published,
                    q.max_attempts,
                    q.opens_at,
                    q.closes_at,
                    [e.question.key for e in q.entries],
                )
                for q in db.session.scalars(select(Quiz).order_by(Quiz.slug))
            ]

    assert settings(other) == settings(app)
