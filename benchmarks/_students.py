"""Shared by the load and crash scripts: a database, gunicorn serving it, and students to send at it.

Everything runs on 127.0.0.1. A student is a ``requests`` session that opens the quiz, starts it with
a display name, loads the attempt page and submits the right answers, like a browser without the
pictures. Students come in bursts: every student of a burst starts at the same instant, then every
one submits at the same instant.
"""

import functools
import math
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from quiz import postgres_driver  # noqa: E402
from quiz.core.kinds import KINDS  # noqa: E402
from quiz.database import empty_postgres_schema  # noqa: E402
from quiz.models import Answer, Attempt, Question, Quiz  # noqa: E402

QUIZ = "who-says-so"
SECRET_KEY = "benchmark-secret-key-used-only-on-127.0.0.1-0123456789"  # noqa: S105
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
TIMEOUT = 120  # seconds a request may take before the student gives up


# --- The database ------------------------------------------------------------------------------


def database_url(kind: str, workdir: Path, url: str | None) -> str:
    """An empty database to test on: a new SQLite file in ``workdir``, or PostgreSQL's schema emptied."""
    if kind == "sqlite":
        path = workdir / "quiz.sqlite"
        for leftover in workdir.glob("quiz.sqlite*"):
            leftover.unlink()
        return f"sqlite:///{path}"
    url = url or os.environ.get("TEST_DATABASE_URL")
    if not url:
        raise SystemExit(
            "--database postgresql needs --database-url (its schema is emptied!) or TEST_DATABASE_URL; "
            "`.ci/postgres.sh python benchmarks/...` starts a private server and sets it."
        )
    url = postgres_driver(url)
    empty_postgres_schema(url)
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        # Lets the integrity check verify every index too (it needs a superuser, as on the test server).
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
    engine.dispose()
    return url


def environment(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY}


def flask(url: str, *arguments: str) -> str:
    """Run ``flask --app quiz ARGUMENTS`` against the database, as an administrator would."""
    done = subprocess.run(  # noqa: S603 — this Python, fixed arguments
        [sys.executable, "-m", "flask", "--app", "quiz", *arguments],
        env=environment(url),
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(url: str) -> None:
    """The production start: migrate the schema, then load the bundled questions."""
    flask(url, "init-db")
    flask(url, "import-questions")


def engine_for(url: str) -> Engine:
    return create_engine(url, poolclass=NullPool)


def right_answers(engine: Engine) -> dict[str, str]:
    """The form fields that answer every question of the quiz correctly."""
    with Session(engine) as session:
        quiz = session.scalar(select(Quiz).where(Quiz.slug == QUIZ))
        form: dict[str, str] = {}
        for question in session.scalars(select(Question).where(Question.id.in_([q.id for q in quiz.questions]))):
            kind = KINDS[question.kind]
            form.update(kind.form_fields(question, kind.model_answer(question)))
        return form


# --- The app server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@functools.cache
def no_control_socket() -> list[str]:
    """Newer gunicorns open a control socket at one path per user: several servers at once would share it."""
    usage = subprocess.run(  # noqa: S603 — this Python, fixed arguments
        [sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True, check=False
    ).stdout
    return ["--no-control-socket"] if "--no-control-socket" in usage else []


class Gunicorn:
    """``gunicorn --workers N 'quiz:create_app()'`` on 127.0.0.1, in its own process group."""

    def __init__(self, url: str, log: Path, workers: int = 4):
        self.url, self.log_path, self.workers = url, log, workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Gunicorn":
        log = self.log_path.open("a")
        self.process = subprocess.Popen(  # noqa: S603 — this Python, fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "2048",
                "--timeout",
                "120",
                *no_control_socket(),
                "quiz:create_app()",
            ],
            env=environment(self.url),
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            try:
                if requests.get(f"{self.base}/", timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.log()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: a power cut, as far as the app knows."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __enter__(self) -> "Gunicorn":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


# --- Students ----------------------------------------------------------------------------------


@dataclass
class Student:
    name: str
    browser: requests.Session = field(default_factory=requests.Session, repr=False)
    token: str | None = None
    csrf: str | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    bodies: list[str] = field(default_factory=list, repr=False)

    @property
    def acknowledged(self) -> bool:
        """The server said the answers were taken (a redirect to the result)."""
        return self.statuses.get("submit") == 302

    def step(self, name: str, call: Callable[[], requests.Response]) -> requests.Response | None:
        if self.error:
            return None
        began = time.perf_counter()
        try:
            response = call()
        except requests.RequestException as error:
            self.error = f"{name}: {type(error).__name__}"
            return None
        self.seconds[name] = time.perf_counter() - began
        self.statuses[name] = response.status_code
        if response.status_code >= 400:
            self.bodies.append(response.text[:2000])
        return response


def open_quiz(student: Student, base: str) -> None:
    page = student.step("open", lambda: student.browser.get(f"{base}/quizzes/{QUIZ}", timeout=TIMEOUT))
    if page is not None and (match := TOKEN.search(page.text)):
        student.csrf = match.group(1)
    elif not student.error:
        student.error = "open: no form"


def start_quiz(student: Student, base: str) -> None:
    form = {"csrf_token": student.csrf or "", "display_name": student.name}
    started = student.step(
        "start",
        lambda: student.browser.post(f"{base}/quizzes/{QUIZ}", data=form, allow_redirects=False, timeout=TIMEOUT),
    )
    if started is None:
        return
    if started.status_code != 302:
        student.error = f"start: {started.status_code}"
        return
    student.token = started.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    page = student.step("page", lambda: student.browser.get(f"{base}/attempts/{student.token}", timeout=TIMEOUT))
    if page is not None and (match := TOKEN.search(page.text)):
        student.csrf = match.group(1)


def submit(student: Student, base: str, answers: dict[str, str]) -> None:
    if student.token is None:
        return
    form = {"csrf_token": student.csrf or "", **answers}
    student.step(
        "submit",
        lambda: student.browser.post(
            f"{base}/attempts/{student.token}", data=form, allow_redirects=False, timeout=TIMEOUT
        ),
    )


def together(students: list[Student], action: Callable[[Student], None]) -> None:
    """Run ``action`` for every student on its own thread, all released at the same instant."""
    gate = threading.Barrier(len(students))

    def go(student: Student) -> None:
        try:
            gate.wait(timeout=TIMEOUT)
        except threading.BrokenBarrierError:
            pass
        action(student)

    with ThreadPoolExecutor(max_workers=len(students)) as pool:
        list(pool.map(go, students))


def burst(students: list[Student], base: str, answers: dict[str, str]) -> None:
    """One burst: everyone opens the quiz, starts at the same instant, then submits at the same instant."""
    together(students, lambda s: open_quiz(s, base))
    together(students, lambda s: start_quiz(s, base))
    together(students, lambda s: submit(s, base, answers))


# --- What the database says --------------------------------------------------------------------


def attempts_by_name(engine: Engine, names: list[str]) -> dict[str, list[tuple]]:
    """Each name's attempts as (token, submitted, score, max score, answers stored, questions)."""
    answered = select(Answer.attempt_id, func.count().label("n")).group_by(Answer.attempt_id).subquery()
    rows = (
        select(
            Attempt.display_name,
            Attempt.token,
            Attempt.submitted_at.is_not(None),
            Attempt.score,
            Attempt.max_score,
            func.coalesce(answered.c.n, 0),
            Attempt.question_ids,
        )
        .outerjoin(answered, answered.c.attempt_id == Attempt.id)
        .where(Attempt.display_name.in_(names))
    )
    found: dict[str, list[tuple]] = {name: [] for name in names}
    with engine.connect() as connection:
        for name, token, submitted, score, max_score, stored, question_ids in connection.execute(rows):
            found[name].append((token, submitted, score, max_score, stored, len(question_ids)))
    return found


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p95: the value 95% of the requests were at or under)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


LOCKED = "database is locked"
