"""A whole class submitting at once, against gunicorn: nothing lost, nothing doubled, no error.

Students arrive in bursts: every student of a burst starts the quiz at the same instant, then all
submit at the same instant. Afterwards the database must hold exactly one whole, scored attempt
per student; no response may be 500 or above and "database is locked" may appear nowhere. Then 20
copies of one student's submission arrive at once (a double-click, many times over): exactly one
result. Prints latencies (p50, p95, max) and exits non-zero when any check fails.

    python benchmarks/load.py                                         # 200 students, bursts of 60, SQLite
    .ci/postgres.sh python benchmarks/load.py --database postgresql   # the same on a private PostgreSQL
    python benchmarks/load.py --students 60 --burst 60 --json         # the short form the tests run
"""

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import _students as s


def double_submit(base: str, answers: dict[str, str], engine, copies: int) -> dict:
    """One student's form sent ``copies`` times at the same instant: one attempt, scored once."""
    name = "Double-clicker"
    student = s.Student(name)
    s.open_quiz(student, base)
    s.start_quiz(student, base)
    clicks = []
    for n in range(copies):
        click = s.Student(f"{name} click {n}", token=student.token, csrf=student.csrf)
        click.browser.cookies.update(student.browser.cookies)
        clicks.append(click)
    s.together(clicks, lambda c: s.submit(c, base, answers))
    statuses = sorted(str(c.statuses.get("submit", c.error)) for c in clicks)
    rows = s.attempts_by_name(engine, [name])[name]
    whole = len(rows) == 1 and rows[0][1] and rows[0][2] == rows[0][3] and rows[0][4] == rows[0][5]
    result_page = student.browser.get(f"{base}/attempts/{student.token}/result", timeout=s.TIMEOUT).status_code
    return {
        "copies": copies,
        "statuses": statuses,
        "attempts": len(rows),
        "ok": bool(whole) and set(statuses) == {"302"} and result_page == 200,
    }


def run(args: argparse.Namespace) -> dict:
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="quiz-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    url = s.database_url(args.database, workdir, args.database_url)
    s.prepare(url)
    engine = s.engine_for(url)
    answers = s.right_answers(engine)
    students = [s.Student(f"Student {n:03d}") for n in range(args.students)]
    with s.Gunicorn(url, workdir / "gunicorn.log", workers=args.workers) as server:
        began = time.perf_counter()
        for first in range(0, len(students), args.burst):
            s.burst(students[first : first + args.burst], server.base, answers)
        seconds = time.perf_counter() - began
        double = double_submit(server.base, answers, engine, args.double)
    log = server.log()

    found = s.attempts_by_name(engine, [student.name for student in students])
    whole = {name: [r for r in rows if r[1] and r[2] == r[3] and r[4] == r[5]] for name, rows in found.items()}
    statuses = [code for student in students for code in student.statuses.values()]
    submit_times = [st.seconds["submit"] for st in students if "submit" in st.seconds]
    start_times = [st.seconds["start"] for st in students if "start" in st.seconds]
    result = {
        "database": args.database,
        "students": len(students),
        "burst": args.burst,
        "workers": args.workers,
        "acknowledged": sum(st.acknowledged for st in students),
        "lost": sum(st.acknowledged and not whole[st.name] for st in students),
        "duplicated": sum(len(rows) > 1 or any(r[4] > r[5] for r in rows) for rows in found.values()),
        "not_whole": sum(len(rows) != len(whole[name]) for name, rows in found.items()),
        "errors_5xx": sum(code >= 500 for code in statuses),
        "errors_5xx_by_step": dict(
            Counter(step for st in students for step, code in st.statuses.items() if code >= 500)
        ),
        "client_errors": sorted({st.error for st in students if st.error}),
        "database_locked": log.count(s.LOCKED) + sum(s.LOCKED in b for st in students for b in st.bodies),
        "start_p50_ms": round(1000 * s.percentile(start_times, 0.50)),
        "start_p95_ms": round(1000 * s.percentile(start_times, 0.95)),
        "submit_p50_ms": round(1000 * s.percentile(submit_times, 0.50)),
        "submit_p95_ms": round(1000 * s.percentile(submit_times, 0.95)),
        "submit_max_ms": round(1000 * max(submit_times, default=float("nan"))),
        "seconds": round(seconds, 1),
        "double_submit": double,
    }
    result["ok"] = (
        result["acknowledged"] == len(students)
        and not any(result[k] for k in ("lost", "duplicated", "not_whole", "errors_5xx", "database_locked"))
        and not result["client_errors"]
        and double["ok"]
    )
    engine.dispose()
    return result


def show(result: dict) -> str:
    double = result["double_submit"]
    return "\n".join(
        [
            f"{result['students']} students in bursts of {result['burst']} against gunicorn with {result['workers']} "
            f"workers on {result['database']} ({result['seconds']} s):",
            f"  acknowledged {result['acknowledged']}, lost {result['lost']}, duplicated {result['duplicated']}, "
            f"half-written {result['not_whole']}, responses >= 500: {result['errors_5xx']}, "
            f"'database is locked': {result['database_locked']}",
            f"  start  p50 {result['start_p50_ms']} ms, p95 {result['start_p95_ms']} ms",
            f"  submit p50 {result['submit_p50_ms']} ms, p95 {result['submit_p95_ms']} ms, "
            f"max {result['submit_max_ms']} ms",
            f"  double submit: {double['copies']} copies at once -> {double['attempts']} attempt(s), "
            f"responses {sorted(set(double['statuses']))}: {'one result' if double['ok'] else 'FAILED'}",
            *(f"  client error: {e}" for e in result["client_errors"]),
            *([f"  responses >= 500 by step: {result['errors_5xx_by_step']}"] if result["errors_5xx"] else []),
            "OK" if result["ok"] else "FAILED",
        ]
    )


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--burst", type=int, default=60, help="students arriving at the same instant")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--double", type=int, default=20, help="copies of one submission sent at once")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", help="PostgreSQL to use (its schema is emptied); default TEST_DATABASE_URL")
    parser.add_argument("--workdir", help="where the SQLite file and the server log go (default: a new temp folder)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    return parser.parse_args(argv)


if __name__ == "__main__":
    options = arguments()
    outcome = run(options)
    print(json.dumps(outcome) if options.json else show(outcome))
    sys.exit(0 if outcome["ok"] else 1)
