"""How long the teacher's summaries take at 10,000, 100,000 and 1,000,000 stored answers.

Seeds a SQLite file with a ten-question quiz (choice, classify, mark and tag questions) and
attempts of ten answers each, written with bulk INSERTs, then times the quiz overview, the
per-question table, the confusion matrix, the per-student judgements, and through the test client
the whole summary page, the grid (its first page of 100 attempts), the discernment page, one
student's page, and last the growth report with every attempt split into "before" and "after"
of one class. A second table times the grid of one class: 35 students × 41 questions.

    python benchmarks/summaries.py            # 10k, 100k and 1M answers
    python benchmarks/summaries.py --quick    # 1k and 10k answers, for CI
"""

import argparse
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from quiz import create_app  # noqa: E402
from quiz.extensions import db  # noqa: E402
from quiz.models import (  # noqa: E402
    Article,
    Assignment,
    Choice,
    Classroom,
    GrowthLink,
    Question,
    Quiz,
    QuizQuestion,
    Sentence,
    Teacher,
)
from quiz.store import reports  # noqa: E402

QUESTIONS = 10
PASSWORD = "benchmark passphrase"  # noqa: S105  (a throwaway teacher in a throwaway database)
CATEGORIES = ["sourced", "opinion", "unsourced", "prediction"]
SENTENCES = [f"p{p}s{s}" for p in range(1, 5) for s in range(1, 4)]


def build_quiz(slug: str = "bench", questions: int = QUESTIONS) -> int:
    """A quiz of ``questions``: all but four choice, then two classify, one mark and one three-sentence tag question."""
    article = Article(slug=slug, title="Benchmark article", text="…")
    article.sentences = [
        Sentence(key=key, paragraph=int(key[1]), position=int(key[3]), text=f"Sentence {key}.") for key in SENTENCES
    ]
    quiz = Quiz(slug=slug, title="Benchmark quiz", article=article)
    kinds = ["choice"] * (questions - 4) + ["classify"] * 2 + ["mark", "tag"]
    for position, kind in enumerate(kinds):
        sentence = SENTENCES[position % 9]
        question = Question(
            key=f"{slug}-{position + 1}",
            kind=kind,
            skill="classify" if kind in ("classify", "tag") else "source",
            article=article,
            prompt=f"Question {position + 1}",
            explanation="Because.",
            fingerprint=str(position),
            excerpt=f"Sentence {sentence}.",
            evidence="Sentence",
            sentence_keys=[sentence],
        )
        if kind == "classify":
            question.choices = [
                Choice(position=i, text=c, category=c, correct=c == "opinion") for i, c in enumerate(CATEGORIES)
            ]
        elif kind in ("choice", "mark"):
            question.choices = [Choice(position=i, text=f"Choice {i}", correct=i == 0) for i in range(4)]
        else:
            keys = SENTENCES[9:12]
            question.sentence_keys = keys
            question.data = {"passage": "p4", "key": {k: {"category": "sourced", "note": ""} for k in keys}}
        quiz.entries.append(QuizQuestion(question=question, position=position))
    db.session.add(quiz)
    db.session.commit()
    return quiz.id


def seed(path: Path, quiz_id: int, attempts: int, rng: random.Random) -> None:
    """Bulk-insert ``attempts`` submitted attempts of ten answers each, with their judgements."""
    con = sqlite3.connect(path)
    questions = con.execute(
        "SELECT q.id, q.kind FROM question q JOIN quiz_question qq ON qq.question_id = q.id "
        "WHERE qq.quiz_id = ? ORDER BY qq.position",
        (quiz_id,),
    ).fetchall()
    choices = {
        qid: con.execute(
            "SELECT id, correct, category FROM choice WHERE question_id = ? ORDER BY position", (qid,)
        ).fetchall()
        for qid, _ in questions
    }
    ids = [qid for qid, _ in questions]
    start = datetime(2026, 1, 5, 8, 0)
    attempt_rows, answer_rows, judgement_rows = [], [], []
    answer_id = judgement_id = 0
    for attempt_id in range(1, attempts + 1):
        skill = rng.random()  # each student's chance of reading a sentence right
        when = start + timedelta(minutes=attempt_id)
        score = 0.0
        for qid, kind in questions:
            answer_id += 1
            choice_id = None
            if kind == "tag":
                right = 0
                for key in SENTENCES[9:12]:
                    chosen = "sourced" if rng.random() < skill else rng.choice(CATEGORIES[1:])
                    right += chosen == "sourced"
                    judgement_id += 1
                    judgement_rows.append((judgement_id, answer_id, key, "sourced", chosen))
                credit = right / 3
            else:
                options = choices[qid]
                pick = options[0 if kind != "classify" else 1] if rng.random() < skill else rng.choice(options)
                choice_id, credit = pick[0], float(pick[1])
                if kind == "classify":
                    judgement_id += 1
                    judgement_rows.append((judgement_id, answer_id, SENTENCES[6], "opinion", pick[2]))
            score += credit
            answer_rows.append((answer_id, attempt_id, qid, choice_id, credit, credit == 1.0, when))
        attempt_rows.append(
            (
                attempt_id,
                f"t{attempt_id}",
                quiz_id,
                f"Student {attempt_id % (attempts // 2 + 1)}",
                repr(ids),
                when - timedelta(minutes=9),
                when,
                round(score, 4),
                len(questions),
            )
        )
    with con:
        con.executemany(
            "INSERT INTO attempt (id, token, quiz_id, display_name, question_ids, started_at, submitted_at, score,"
            " max_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            attempt_rows,
        )
        con.executemany(
            "INSERT INTO answer (id, attempt_id, question_id, choice_id, credit, correct, answered_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            answer_rows,
        )
        con.executemany(
            "INSERT INTO judgement (id, answer_id, sentence_key, expected, chosen) VALUES (?, ?, ?, ?, ?)",
            judgement_rows,
        )
    con.execute("ANALYZE")
    con.close()


def timed(function, repeat: int = 3) -> float:
    """The median of ``repeat`` runs, in milliseconds."""
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        runs.append((time.perf_counter() - began) * 1000)
    return statistics.median(runs)


def sign_in(app, client) -> None:
    """Create a teacher and sign in through the login form, as a browser would."""
    from quiz.store import accounts as auth

    with app.app_context():
        auth.create_teacher("bench@example.org", PASSWORD)
        db.session.commit()
    page = client.get("/teacher/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/teacher/login", data={"email": "bench@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code


def measure(answers: int, workdir: Path) -> dict[str, float]:
    path = workdir / f"bench-{answers}.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        quiz_id = build_quiz()
    began = time.perf_counter()
    seed(path, quiz_id, answers // QUESTIONS, random.Random(answers))
    seeded = time.perf_counter() - began
    client = app.test_client()
    sign_in(app, client)
    with app.app_context():
        scope = reports.Scope(quiz_id=quiz_id, classroom="none")  # the seeded attempts are outside any class
        counted = reports.overview(db.session, scope).attempts
        assert counted == answers // QUESTIONS, f"seeded {answers // QUESTIONS} attempts, found {counted}"
        items = reports.question_stats(db.session, scope)
        result = {
            "seed_s": seeded,
            "overview_ms": timed(lambda: reports.overview(db.session, scope)),
            "questions_ms": timed(lambda: reports.question_stats(db.session, scope)),
            "confusion_ms": timed(lambda: reports.confusion(reports.judgement_counts(db.session, scope, items))),
        }
        result["readers_ms"] = timed(lambda: reports.readers_page(db.session, scope, 1, 100))
        best = reports.Scope(quiz_id=quiz_id, classroom="none", counts="best")
        result["overview_best_ms"] = timed(lambda: reports.overview(db.session, best))

    def page(url: str):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    result["page_ms"] = timed(page("/teacher/summaries/bench"))
    result["page_best_ms"] = timed(page("/teacher/summaries/bench?counts=best"))
    result["grid_ms"] = timed(page("/teacher/summaries/bench/grid"))
    result["discernment_ms"] = timed(page("/teacher/summaries/bench/readers"))
    result["student_ms"] = timed(page("/teacher/summaries/bench/student?name=Student+1"))
    attempts = answers // QUESTIONS
    for column, students, paired in (
        ("growth_class_ms", 35, 35),
        ("growth_all_ms", None, attempts - attempts // 2 - 1),
    ):
        url = f"/teacher/summaries/growth/{link_before_and_after(app, path, attempts, students)}"
        shown = re.search(r'<p id="growth-verdict">([\d,]+) student', client.get(url).get_data(as_text=True))
        assert shown and int(shown.group(1).replace(",", "")) == paired, (column, shown and shown.group(1), paired)
        result[column] = timed(page(url))
    with app.app_context():
        db.engine.dispose()
    return result


def link_before_and_after(app, path: Path, attempts: int, students: int | None) -> int:
    """Seeded attempts moved into a class as "before" and "after" assignments, linked; returns the link's id.

    Seeded attempts ``k`` and ``k + m`` (``m = attempts // 2 + 1``) carry the same name: those
    below ``m`` go "before", the rest "after", which pairs that student. ``students`` pairs make a
    class inside the stored answers; None moves every attempt, so the report reads every stored
    answer, the most it can be asked to read.
    """
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).where(Teacher.email == "bench@example.org"))
        quiz_id = db.session.scalar(select(Quiz.id).where(Quiz.slug == "bench"))
        code = f"BENCH{students or 0:03d}"
        classroom = Classroom(teacher_id=teacher.id, name=f"Benchmark class {code}", code=code)
        before, after = (
            Assignment(classroom=classroom, quiz_id=quiz_id),
            Assignment(classroom=classroom, quiz_id=quiz_id),
        )
        link = GrowthLink(classroom=classroom, before=before, after=after)
        db.session.add(link)
        db.session.commit()
        ids = (classroom.id, before.id, after.id, link.id)
        db.engine.dispose()
    m = attempts // 2 + 1
    where, cut = ("id <= ? OR id - ? BETWEEN 1 AND ?", (students, m, students)) if students else ("1", ())
    con = sqlite3.connect(path)
    with con:
        con.execute(
            f"UPDATE attempt SET classroom_id = ?, assignment_id = CASE WHEN id <= ? THEN ? ELSE ? END WHERE {where}",  # noqa: S608
            (ids[0], m - 1, ids[1], ids[2], *cut),
        )
    con.execute("ANALYZE")
    con.close()
    return ids[3]


def measure_class_grid(workdir: Path, students: int = 35, questions: int = 41) -> dict[str, float]:
    """Server time of the grid page for one class: ``students`` attempts of ``questions`` answers."""
    path = workdir / "bench-grid.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        quiz_id = build_quiz("grid", questions)
    seed(path, quiz_id, students, random.Random(students))
    client = app.test_client()
    sign_in(app, client)
    response = client.get("/teacher/summaries/grid/grid")
    cells = response.get_data(as_text=True).count('data-cell="')
    assert cells == students * questions, f"expected {students * questions} cells, found {cells}"
    result = {"grid_ms": timed(lambda: client.get("/teacher/summaries/grid/grid"), repeat=5), "cells": cells}
    with app.app_context():
        db.engine.dispose()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 answers only (for CI)")
    parser.add_argument("--sizes", type=int, nargs="*", help="numbers of answers to try")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1_000, 10_000] if args.quick else [10_000, 100_000, 1_000_000])
    columns = [
        "overview_ms",
        "questions_ms",
        "confusion_ms",
        "readers_ms",
        "overview_best_ms",
        "page_ms",
        "page_best_ms",
        "grid_ms",
        "discernment_ms",
        "student_ms",
        "growth_class_ms",
        "growth_all_ms",
    ]
    print(f"| answers | seed (s) | {' | '.join(c.replace('_ms', ' (ms)') for c in columns)} |")
    print("|" + " ---: |" * (len(columns) + 2))
    with tempfile.TemporaryDirectory() as workdir:
        for answers in sizes:
            r = measure(answers, Path(workdir))
            cells = " | ".join(f"{r[c]:.0f}" for c in columns)
            print(f"| {answers:,} | {r['seed_s']:.1f} | {cells} |", flush=True)
        grid = measure_class_grid(Path(workdir))
        print(f"\nGrid of one class, 35 students × 41 questions ({grid['cells']} cells): {grid['grid_ms']:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
