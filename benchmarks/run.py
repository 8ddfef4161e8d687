"""Measure the quiz app beside a minimal reference Flask app, on 127.0.0.1, in one run.

Both apps run under the same WSGI server (gunicorn, same worker count) and are loaded by the same
tool (wrk, 30 connections, a fixed time) in alternating rounds (reference, app, app, reference), so
that a machine that gets busier or quieter part-way through shifts both sides alike. It prints one line
per measurement and the ratio of the app to the reference, then the quiz page in headless Chromium
(bytes transferred, time to the load event, hosts contacted) and the summary timings at 10,000,
100,000 and 1,000,000 answers from ``benchmarks/summaries.py``.

    python benchmarks/run.py                 # the full run, about 5 minutes on 2 cores
    python benchmarks/run.py --seconds 2 --smoke   # a quick check that everything runs

Needs ``wrk`` (Debian: ``apt-get install wrk``), gunicorn (the ``test`` extra) and, for the browser
part, Chromium at /usr/bin/chromium with Playwright for Python.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUIZ = "who-says-so"
CONNECTIONS = 30
TEACHER_EMAIL = "bench-teacher@example.org"
TEACHER_PASSWORD = "a long benchmark passphrase"  # noqa: S105  (a throwaway teacher in a throwaway database)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TARGET_RATIO = 0.7
TARGET_PAGE_BYTES = 100 * 1024
LOAD_PREFIX = "Load "  # display names of the attempts prepared for the submission measurement

# One wrk script for every measurement: a fixed request, or (submission) the next prepared path.
# done() prints the figures as JSON, with enough quantiles to merge the latency of several rounds.
WRK_SCRIPT = r"""
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  method, nthreads = args[1], tonumber(args[4])
  body = nil
  if args[2] ~= "" then local f = io.open(args[2]); body = f:read("*a"); f:close() end
  headers = {}
  for i = 5, #args, 2 do headers[args[i]] = args[i + 1] end
  if body then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  paths, nextpath = nil, 1
  if args[3] ~= "" then
    paths = {}
    local i = 0
    for line in io.lines(args[3]) do
      if i % nthreads == id - 1 then paths[#paths + 1] = line end
      i = i + 1
    end
  end
  fixed = wrk.format(method, nil, headers, body)
end

function request()
  if paths == nil then return fixed end
  local path = paths[nextpath]
  if path == nil then
    exhausted = true
    path = "/benchmark-ran-out-of-prepared-attempts"
  else
    nextpath = nextpath + 1
  end
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local q = {}
  for i = 1, 199 do q[i] = string.format("%.0f", latency:percentile(i / 2)) end
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d, "quantiles": [%s]}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, table.concat(q, ", ")))
end
"""


@dataclass
class Load:
    """What wrk measured over one or more rounds against one server."""

    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    # (latency in microseconds, weight) from each round's quantiles, to merge rounds.
    samples: list[tuple[float, float]] = field(default_factory=list)

    def add(self, result: dict) -> None:
        self.requests += result["requests"]
        self.seconds += result["duration_us"] / 1e6
        self.errors += sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
        weight = result["requests"] / len(result["quantiles"])
        self.samples += [(q, weight) for q in result["quantiles"]]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Latency in milliseconds at ``p`` percent, over all rounds."""
        ordered = sorted(self.samples)
        total = sum(w for _, w in ordered)
        if not total:
            return float("nan")
        running = 0.0
        for value, weight in ordered:
            running += weight
            if running >= total * p / 100:
                return value / 1000
        return ordered[-1][0] / 1000


def gunicorn_options() -> list[str]:
    """Options every server gets; newer gunicorns open a control socket that two masters would share."""
    usage = subprocess.run([sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True).stdout  # noqa: S603
    return ["--no-control-socket"] if "--no-control-socket" in usage else []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """An app under gunicorn on 127.0.0.1, started and stopped by this runner."""

    def __init__(self, name: str, app_spec: str, env: dict[str, str], workers: int, logdir: Path):
        self.name, self.port = name, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = logdir / f"{name}.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--chdir",
            str(REPO),
            "--pythonpath",
            str(REPO / "benchmarks"),
            "--timeout",
            "120",
            *gunicorn_options(),
            "--error-logfile",
            str(self.log),
            app_spec,
        ]
        self.process = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL)  # noqa: S603

    def wait(self, path: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} server exited:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(self.url + path, timeout=30).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} server did not answer within {timeout} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wrk(
    url: str,
    seconds: float,
    workdir: Path,
    method: str = "GET",
    cookie: str = "",
    body: str = "",
    paths: list[str] | None = None,
) -> dict:
    """One wrk round: 30 connections for ``seconds``; returns the figures its script prints."""
    script = workdir / "load.lua"
    script.write_text(WRK_SCRIPT)
    body_file = paths_file = ""
    if body:
        body_file = str(workdir / "body.txt")
        Path(body_file).write_text(body)
    if paths is not None:
        paths_file = str(workdir / "paths.txt")
        Path(paths_file).write_text("\n".join(paths) + "\n")
    threads = 2
    command = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(CONNECTIONS),
        "-d",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
        url,
        "--",
        method,
        body_file,
        paths_file,
        str(threads),
    ]
    # As a browser does; the app compresses its pages for it, the reference does not.
    command += ["Accept-Encoding", "gzip, deflate"]
    if cookie:
        command += ["Cookie", cookie]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"^RESULT (\{.*\})$", out, re.M)
    if not match:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    return json.loads(match.group(1))


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


class Setup:
    """The app's database, prepared attempts and sign-ins, reached through the app's own code."""

    def __init__(self, workdir: Path, secret: str):
        from quiz import create_app

        self.path = workdir / "app.sqlite"
        self.app = create_app({"SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{self.path}"})

    def seed(self, reference_path: Path) -> None:
        """Create the schema, import the bundled questions, add a teacher; copy it for the reference."""
        from quiz.core import bank
        from quiz.extensions import db
        from quiz.store import accounts as auth
        from quiz.store import importer

        with self.app.app_context():
            db.create_all()
            importer.import_banks(db.session, bank.load_path(self.app.config["QUESTIONS_PATH"]))
            auth.create_teacher(TEACHER_EMAIL, TEACHER_PASSWORD, "Benchmark teacher")
            db.session.commit()
            db.engine.dispose()
        with sqlite3.connect(self.path) as source, sqlite3.connect(reference_path) as copy:
            source.backup(copy)

    def prepare_attempts(self, count: int, first: int, prefix: str = LOAD_PREFIX) -> list[str]:
        """``count`` started, unsubmitted attempts, as the start page would make them; their paths."""
        from sqlalchemy import select

        from quiz.database import begin_write
        from quiz.extensions import db
        from quiz.models import Quiz
        from quiz.store import attempts

        with self.app.app_context():
            begin_write()
            quiz = db.session.scalar(select(Quiz).where(Quiz.slug == QUIZ))
            made = [attempts.start(quiz, f"{prefix}{first + i}") for i in range(count)]
            db.session.add_all(made)
            db.session.commit()
            paths = [f"/attempts/{a.token}" for a in made]
            db.session.remove()
        return paths

    def answers_body(self, token: str, csrf: str) -> str:
        """A full set of answers for the attempt (the same ids serve every attempt of the quiz)."""
        from sqlalchemy import select

        from quiz.core.kinds import KINDS
        from quiz.core.taxonomy import CATEGORIES
        from quiz.extensions import db
        from quiz.models import Attempt
        from quiz.store import attempts

        form = {"csrf_token": csrf}
        categories = list(CATEGORIES)
        with self.app.app_context():
            attempt = db.session.scalar(select(Attempt).where(Attempt.token == token))
            for number, question in enumerate(attempts.questions_of(attempt)):
                kind = KINDS[question.kind]
                answer = kind.model_answer(question)
                if isinstance(answer, dict):  # one category per sentence, varied
                    answer = {key: categories[(number + i) % len(categories)] for i, key in enumerate(answer)}
                else:
                    answer = question.choices[number % len(question.choices)]
                form.update(kind.form_fields(question, answer))
            db.session.remove()
        return urlencode(form)

    def stored(self, database: Path) -> tuple[int, int, int]:
        """Submitted attempts made by the load, their answers, and questions per attempt."""
        with sqlite3.connect(database) as con:
            attempts_, answers = con.execute(
                "SELECT COUNT(DISTINCT a.id), COUNT(ans.id) FROM attempt a"
                " LEFT JOIN answer ans ON ans.attempt_id = a.id WHERE a.submitted_at IS NOT NULL"
                " AND (a.display_name LIKE ? OR a.display_name = 'Reference')",
                (f"{LOAD_PREFIX}%",),
            ).fetchone()
            questions = con.execute(
                "SELECT COUNT(*) FROM quiz_question qq JOIN quiz q ON q.id = qq.quiz_id WHERE q.slug = ?", (QUIZ,)
            ).fetchone()[0]
        return attempts_, answers, questions


def student(base: str) -> tuple[requests.Session, str]:
    """A student who opens the quiz and starts it; the session and the quiz page's path."""
    s = requests.Session()
    page = s.get(f"{base}/quizzes/{QUIZ}", timeout=30)
    response = s.post(
        f"{base}/quizzes/{QUIZ}",
        data={"csrf_token": csrf_of(page.text), "display_name": "Bench student"},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise RuntimeError(f"starting the quiz answered {response.status_code}")
    return s, urlsplit(response.headers["Location"]).path


def teacher(base: str) -> requests.Session:
    s = requests.Session()
    page = s.get(f"{base}/teacher/login", timeout=30)
    response = s.post(
        f"{base}/teacher/login",
        data={"csrf_token": csrf_of(page.text), "email": TEACHER_EMAIL, "password": TEACHER_PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise RuntimeError(f"teacher sign-in answered {response.status_code}")
    return s


def row(name: str, server: str, load: Load) -> None:
    print(
        f"{name:<16} {server:<10} {load.rate:>9.1f} {load.percentile(50):>9.1f} {load.percentile(99):>9.1f}"
        f" {load.errors:>7d} {load.requests:>9d}",
        flush=True,
    )


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def browser_check(url: str, cookies: list[dict], loads: int) -> None:
    """The quiz page in headless Chromium: bytes transferred, time to the load event, hosts contacted."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        times, sizes, hosts, names = [], [], set(), []
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1280, "height": 900})  # a fresh, empty cache
            context.add_cookies(cookies)
            page = context.new_page()
            finished: list = []
            page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or urlsplit(r.url).scheme))
            page.on("requestfinished", lambda r, into=finished: into.append(r))
            page.goto(url, wait_until="load")
            times.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart"))
            page.wait_for_timeout(200)  # let late requests (a favicon) finish
            total = 0
            for request in finished:
                size = request.sizes()
                total += size["responseBodySize"] + size["responseHeadersSize"]
            sizes.append(total)
            names = sorted({urlsplit(r.url).path for r in finished})
            context.close()
        browser.close()
    others = sorted(h for h in hosts if h not in ("127.0.0.1", "data", "blob"))
    times.sort()
    print(f"quiz page in Chromium: {sizes[0]:,} bytes transferred in {len(names)} responses ({', '.join(names)})")
    print(f"quiz page in Chromium: load event after {times[len(times) // 2]:.0f} ms (median of {loads} cold loads)")
    print(f"quiz page in Chromium: requests to other hosts: {', '.join(others) if others else 'none'}")
    print(
        f"target quiz page weight < {TARGET_PAGE_BYTES // 1024} KB: {sizes[0] / 1024:.1f} KB, "
        f"{verdict(sizes[0] < TARGET_PAGE_BYTES and not others)}"
    )


def summaries_benchmark(smoke: bool) -> None:
    """Run the summaries issue's own benchmark and pass its table through."""
    command = [sys.executable, str(REPO / "benchmarks" / "summaries.py")]
    if smoke:
        command += ["--sizes", "1000"]
    print("summary timings (benchmarks/summaries.py, milliseconds, median of three):", flush=True)
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)  # noqa: S603
    for line in done.stdout.splitlines():
        print(f"  {line}")
    if done.returncode:
        print(f"  the summaries benchmark failed:\n{done.stderr[-2000:]}")
        raise SystemExit(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="load time per server per measurement (default 20)")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds the time is split into (default 4)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers for each app")
    parser.add_argument("--smoke", action="store_true", help="tiny run: 1,000 answers for the summary timings")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement")
    parser.add_argument("--no-summaries", action="store_true", help="skip the summary timings")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk; `make bench` installs it)")

    began = time.monotonic()
    per_round = args.seconds / args.rounds
    print(
        f"{platform.node() or 'this machine'}: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start;"
        f" Python {platform.python_version()}; gunicorn {args.workers} sync workers per app; wrk 2 threads,"
        f" {CONNECTIONS} connections, {args.seconds:g} s per server per measurement in {args.rounds} round(s)",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as tmp:
        workdir = Path(tmp)
        secret = secrets.token_hex(32)
        setup = Setup(workdir, secret)
        reference_db = workdir / "reference.sqlite"
        setup.seed(reference_db)

        app = Server(
            "app",
            "quiz:create_app()",
            {"DATABASE_URL": f"sqlite:///{setup.path}", "SECRET_KEY": secret},
            args.workers,
            workdir,
        )
        servers = [app]
        try:
            app.wait("/")
            pupil, quiz_path = student(app.url)
            quiz_page = pupil.get(app.url + quiz_path, timeout=30)
            reference = Server(
                "reference",
                "reference_app:create_app()",
                {
                    "REFERENCE_DATABASE_URL": f"sqlite:///{reference_db}",
                    "REFERENCE_QUIZ": QUIZ,
                    "REFERENCE_PAGE_BYTES": str(len(quiz_page.content)),
                },
                args.workers,
                workdir,
            )
            servers.append(reference)
            reference.wait("/hello")
            reference_page = requests.get(reference.url + "/page", timeout=30)
            print(f"quiz page {len(quiz_page.content):,} bytes of HTML; reference page {len(reference_page.content):,}")

            # A submitted attempt for the result page, answered by the same form the load sends.
            body = setup.answers_body(quiz_path.rsplit("/", 1)[1], csrf_of(quiz_page.text))
            done_path = setup.prepare_attempts(1, 0, "Result page ")[0]
            sent = pupil.post(
                app.url + done_path,
                data=body,
                allow_redirects=False,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=30,
            )
            if sent.status_code != 302:
                raise RuntimeError(f"a submission answered {sent.status_code}: {sent.text[:300]}")
            result_path = urlsplit(sent.headers["Location"]).path
            staff = teacher(app.url)
            student_cookie, teacher_cookie = cookie_header(pupil), cookie_header(staff)
            summary_path = f"/teacher/summaries/{QUIZ}"
            for server, paths, cookie in (
                (app, ["/", quiz_path, result_path], student_cookie),
                (app, [summary_path], teacher_cookie),
                (reference, ["/hello", "/page"], ""),
            ):
                for path in paths * (2 * args.workers):
                    answer = requests.get(server.url + path, headers={"Cookie": cookie}, timeout=60)
                    if answer.status_code != 200:
                        raise RuntimeError(f"{server.name} {path} answered {answer.status_code}")

            print(
                f"\n{'measurement':<16} {'server':<10} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}"
                f" {'requests':>9}"
            )
            hello = Load()
            hello.add(wrk(reference.url + "/hello", per_round, workdir))
            row("hello", "reference", hello)

            ratios: dict[str, float] = {}
            prepared = 1
            reference_rate = 0.0

            def app_submission_round() -> dict:
                nonlocal prepared
                # Enough fresh attempts for the fastest rate this run could plausibly reach.
                count = int(max(reference_rate, 50) * per_round * 3) + 500
                paths = setup.prepare_attempts(count, prepared)
                prepared += count
                result = wrk(app.url + quiz_path, per_round, workdir, "POST", student_cookie, body, paths)
                if result["requests"] >= count:
                    raise RuntimeError("the submission load ran out of prepared attempts")
                return result

            measurements = [
                (
                    "quiz page",
                    lambda: wrk(app.url + quiz_path, per_round, workdir, cookie=student_cookie),
                    lambda: wrk(reference.url + "/page", per_round, workdir),
                ),
                (
                    "submission",
                    app_submission_round,
                    lambda: wrk(reference.url + "/insert", per_round, workdir, "POST", body=body),
                ),
                (
                    "result page",
                    lambda: wrk(app.url + result_path, per_round, workdir, cookie=student_cookie),
                    lambda: wrk(reference.url + "/page", per_round, workdir),
                ),
                (
                    "quiz list",
                    lambda: wrk(app.url + "/", per_round, workdir),
                    lambda: wrk(reference.url + "/page", per_round, workdir),
                ),
                (
                    "summary page",
                    lambda: wrk(app.url + summary_path, per_round, workdir, cookie=teacher_cookie),
                    lambda: wrk(reference.url + "/page", per_round, workdir),
                ),
            ]
            errors: dict[str, int] = {}
            for name, run_app, run_reference in measurements:
                loads = {"app": Load(), "reference": Load()}
                for number in range(args.rounds):
                    order = ("reference", "app") if number % 2 == 0 else ("app", "reference")
                    for side in order:
                        result = (run_app if side == "app" else run_reference)()
                        loads[side].add(result)
                        if side == "reference" and name == "submission":
                            reference_rate = max(reference_rate, result["requests"] / (result["duration_us"] / 1e6))
                row(name, "reference", loads["reference"])
                row(name, "app", loads["app"])
                ratios[name] = loads["app"].rate / loads["reference"].rate if loads["reference"].rate else 0.0
                errors[name] = loads["app"].errors
                if name == "submission":
                    submitted = loads["app"].requests - loads["app"].errors

            print()
            for name, ratio in ratios.items():
                against = "reference insert" if name == "submission" else "reference page"
                target = (
                    f"target ≥ {TARGET_RATIO}: {verdict(ratio >= TARGET_RATIO)}"
                    if name != "summary page"
                    else ("no ratio target; summary timings below")
                )
                print(f"ratio {name}: app/{against} = {ratio:.2f} ({target})")

            attempts_stored, answers_stored, questions = setup.stored(setup.path)
            complete = answers_stored == attempts_stored * questions
            print(
                f"submissions: {submitted} answered with a redirect, {errors['submission']} errors; stored "
                f"{attempts_stored} submitted attempts with {answers_stored:,} answers ({questions} each: "
                f"{'complete' if complete else 'INCOMPLETE'}); "
                f"{verdict(errors['submission'] == 0 and attempts_stored >= submitted and complete)}"
            )
            reference_stored, reference_answers, _ = setup.stored(reference_db)
            print(f"reference inserts stored: {reference_stored} attempts with {reference_answers:,} answers")
            print(f"load average {os.getloadavg()[0]:.2f} after the load", flush=True)

            if not args.no_browser:
                cookies = [{"name": c.name, "value": c.value, "url": app.url} for c in pupil.cookies]
                browser_check(app.url + quiz_path, cookies, 3 if args.smoke else 5)
        finally:
            for server in servers:
                server.stop()
    if not args.no_summaries:
        summaries_benchmark(args.smoke)
    print(f"\nwhole run: {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
