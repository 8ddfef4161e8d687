"""The app server killed with SIGKILL in the middle of a burst of submissions, round after round.

Each round starts gunicorn on the same database, sends a burst of students (all start at once, then
all submit at once) and, once some submissions are acknowledged while others are still in flight,
kills the master and every worker with SIGKILL. Then, with no server running:

- the database passes its integrity check (SQLite: integrity_check and foreign_key_check;
  PostgreSQL: amcheck on every index);
- every acknowledged submission (a 302 to the result) is there, whole and scored;
- no attempt is half-written: it is either not submitted and has no answers, or submitted with a
  score and every one of its answers.

The next round restarts the server on the same database; after the last, one more student takes
the quiz to show the server came back. Exits non-zero when any check fails.

    python benchmarks/crash.py                                           # 10 rounds of 60 students, SQLite
    .ci/postgres.sh python benchmarks/crash.py --database postgresql     # the same on a private PostgreSQL
    python benchmarks/crash.py --rounds 2 --json                         # the short form the tests run
"""

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

import _students as s
from sqlalchemy import func, select

from quiz.models import Answer, Attempt
from quiz.store.backup import integrity_problems


def half_written(engine) -> list[str]:
    """Attempts of this end-of-quiz-feedback quiz that are neither untouched nor whole."""
    answered = select(Answer.attempt_id, func.count().label("n")).group_by(Answer.attempt_id).subquery()
    rows = select(
        Attempt.id, Attempt.submitted_at, Attempt.score, Attempt.question_ids, func.coalesce(answered.c.n, 0)
    ).outerjoin(answered, answered.c.attempt_id == Attempt.id)
    found = []
    with engine.connect() as connection:
        for attempt_id, submitted_at, score, question_ids, stored in connection.execute(rows):
            untouched = submitted_at is None and score is None and stored == 0
            whole = submitted_at is not None and score is not None and stored == len(question_ids)
            if not (untouched or whole):
                found.append(f"attempt {attempt_id}: submitted {submitted_at}, score {score}, {stored} answers")
    return found


def crash_round(number: int, url: str, engine, answers: dict, args, log: Path, chance: random.Random) -> dict:
    students = [s.Student(f"R{number:02d} student {n:03d}") for n in range(args.students)]
    kill_after = chance.randint(1, max(1, args.students // 2))  # acknowledged submissions before the kill
    server = s.Gunicorn(url, log, workers=args.workers).start()
    load = threading.Thread(target=s.burst, args=(students, server.base, answers))
    load.start()
    deadline = time.monotonic() + 120
    while load.is_alive() and time.monotonic() < deadline:
        if sum(st.acknowledged for st in students) >= kill_after:
            break
        time.sleep(0.002)
    in_flight = sum(st.token is not None and "submit" not in st.statuses for st in students)
    server.kill()
    load.join(timeout=s.TIMEOUT)

    with engine.connect() as connection:
        problems = integrity_problems(connection)
    found = s.attempts_by_name(engine, [st.name for st in students])
    acknowledged = [st for st in students if st.acknowledged]
    missing = [
        st.name for st in acknowledged if not any(r[1] and r[2] == r[3] and r[4] == r[5] for r in found[st.name])
    ]
    submitted = sum(r[1] for rows in found.values() for r in rows)
    return {
        "round": number,
        "acknowledged": len(acknowledged),
        "in_flight_at_kill": in_flight,
        "submitted_in_database": submitted,
        "integrity_problems": problems[:10],
        "acknowledged_missing": missing,
        "half_written": half_written(engine)[:10],
        "errors_5xx": sum(code >= 500 for st in students for code in st.statuses.values()),
    }


def run(args: argparse.Namespace) -> dict:
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="quiz-crash-"))
    workdir.mkdir(parents=True, exist_ok=True)
    url = s.database_url(args.database, workdir, args.database_url)
    s.prepare(url)
    engine = s.engine_for(url)
    answers = s.right_answers(engine)
    chance = random.Random(args.seed)
    log = workdir / "gunicorn.log"
    rounds = [crash_round(n + 1, url, engine, answers, args, log, chance) for n in range(args.rounds)]

    # After the last crash: the server starts again and a student can take the quiz.
    survivor = s.Student("After the crashes")
    with s.Gunicorn(url, log, workers=args.workers) as server:
        s.burst([survivor], server.base, answers)
    engine.dispose()
    result = {
        "database": args.database,
        "rounds": rounds,
        "students_per_round": args.students,
        "killed_mid_flight": sum(r["in_flight_at_kill"] > 0 for r in rounds),
        "acknowledged": sum(r["acknowledged"] for r in rounds),
        "acknowledged_missing": sum(len(r["acknowledged_missing"]) for r in rounds),
        "integrity_failures": sum(bool(r["integrity_problems"]) for r in rounds),
        "half_written": sum(len(r["half_written"]) for r in rounds),
        "errors_5xx": sum(r["errors_5xx"] for r in rounds),
        "database_locked": log.read_text(errors="replace").count(s.LOCKED),
        "restarted_and_served": survivor.acknowledged,
    }
    result["ok"] = result["restarted_and_served"] and not any(
        result[k]
        for k in ("acknowledged_missing", "integrity_failures", "half_written", "errors_5xx", "database_locked")
    )
    return result


def show(result: dict) -> str:
    lines = [
        f"{len(result['rounds'])} rounds of {result['students_per_round']} students on {result['database']}, "
        "gunicorn killed with SIGKILL mid-burst each round:"
    ]
    for r in result["rounds"]:
        lines.append(
            f"  round {r['round']:2d}: {r['acknowledged']:3d} acknowledged, {r['in_flight_at_kill']:3d} in flight "
            f"at the kill, {r['submitted_in_database']:3d} submitted in the database; integrity "
            f"{'ok' if not r['integrity_problems'] else r['integrity_problems']}; acknowledged missing "
            f"{len(r['acknowledged_missing'])}; half-written {len(r['half_written'])}"
        )
    lines.append(
        f"  total: {result['acknowledged']} acknowledged, {result['acknowledged_missing']} missing, "
        f"{result['integrity_failures']} failed integrity checks, {result['half_written']} half-written, "
        f"responses >= 500: {result['errors_5xx']}, 'database is locked': {result['database_locked']}; "
        f"killed mid-flight in {result['killed_mid_flight']} of {len(result['rounds'])} rounds; "
        f"restarted and served: {result['restarted_and_served']}"
    )
    lines.append("OK" if result["ok"] else "FAILED")
    return "\n".join(lines)


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--students", type=int, default=60, help="students per round, all in one burst")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--seed", type=int, default=6, help="chooses how many acknowledgements come before each kill")
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
