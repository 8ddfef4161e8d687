"""The app starts only when safe, and a built wheel carries its pages and questions."""

import subprocess
import sys
import zipfile

import pytest

from quiz import create_app
from tests.helpers import REPO


@pytest.mark.parametrize("secret", [None, "", "dev", "short-key"])
def test_a_production_start_without_a_strong_secret_key_refuses_to_run(tmp_path, monkeypatch, secret):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    if secret is not None:
        monkeypatch.setenv("SECRET_KEY", secret)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app_without_instance_key(tmp_path)


def create_app_without_instance_key(tmp_path):
    from flask import Flask

    from quiz import configure_from_environment, require_strong_secret

    app = Flask("quiz", instance_path=str(tmp_path / "instance"))
    configure_from_environment(app)
    require_strong_secret(app)
    return app


def test_a_strong_secret_key_from_the_environment_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    app = create_app()
    assert app.config["SECRET_KEY"] == "k" * 48
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite")


def test_the_built_wheel_ships_templates_static_files_and_questions(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "quiz/templates/taking/attempt.html" in names
    assert "quiz/static/style.css" in names
    assert "quiz/questions/ice-detainers-california.yaml" in names


def test_the_installed_wheel_serves_the_quiz_list(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(REPO)],
        check=True,
        capture_output=True,
    )
    [wheel] = (tmp_path / "dist").glob("*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import quiz; "
        "assert quiz.ROOT == quiz._HERE, quiz.ROOT; "
        "app = quiz.create_app({'TESTING': True, 'SECRET_KEY': 'x' * 40, "
        "'SQLALCHEMY_DATABASE_URI': 'sqlite:///' + sys.argv[2]}); "
        "from quiz.extensions import db\n"
        "with app.app_context(): db.create_all()\n"
        "r = app.test_client().get('/'); assert r.status_code == 200, r.status_code; print('served')"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(target), str(tmp_path / "w.sqlite")],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert "served" in out.stdout
