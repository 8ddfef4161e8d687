"""The answer-save round trip: how long a student waits for "Saved" after choosing an answer.

A real HTTP server (Werkzeug, threaded) on 127.0.0.1 serves the app on a fresh SQLite file with the
bundled bank; one student starts the bundled quiz and saves an answer 100 times (one question each,
cycling through the quiz as a student would), each a POST with the page's CSRF token as the page's
script sends it. Prints the figures as JSON: the median is the one to quote.

    python benchmarks/save.py            # 100 saves
    python benchmarks/save.py --saves 20 # a quick check
"""

import argparse
import json
import logging
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from werkzeug.serving import make_server  # noqa: E402

from quiz import create_app  # noqa: E402
from quiz.core import bank  # noqa: E402
from quiz.core.kinds import KINDS  # noqa: E402
from quiz.extensions import db  # noqa: E402
from quiz.models import Attempt, Question  # noqa: E402
from quiz.store import importer  # noqa: E402

QUIZ = "who-says-so"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def serve(app) -> tuple[str, object]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would drown the figures
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def answers_of(app, token: str) -> list[dict[str, str]]:
    """One field set per question of the attempt: its model answer, as the browser would send it."""
    with app.app_context():
        attempt = db.session.query(Attempt).filter_by(token=token).one()
        fields = []
        for qid in attempt.question_ids:
            question = db.session.get(Question, qid)
            kind = KINDS[question.kind]
            fields.append(kind.form_fields(question, kind.model_answer(question)))
        return fields


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=100)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        app = create_app(
            {
                "SECRET_KEY": "benchmark-secret-key-0123456789-0123456789",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(workdir) / 'quiz.sqlite'}",
            }
        )
        with app.app_context():
            db.create_all()
            importer.import_banks(db.session, bank.load_path(REPO / "questions"))
            db.session.commit()
        base, server = serve(app)
        try:
            browser = requests.Session()
            start = browser.get(f"{base}/quizzes/{QUIZ}")
            started = browser.post(
                f"{base}/quizzes/{QUIZ}",
                data={"csrf_token": TOKEN.search(start.text).group(1), "display_name": "Bench Student"},
                allow_redirects=False,
            )
            url = (
                base + started.headers["Location"]
                if started.headers["Location"].startswith("/")
                else started.headers["Location"]
            )
            page = browser.get(url)
            csrf = TOKEN.search(page.text).group(1)
            fields = answers_of(app, url.rsplit("/", 1)[-1])
            times = []
            for n in range(args.saves):
                body = {"csrf_token": csrf, **fields[n % len(fields)]}
                began = time.perf_counter()
                response = browser.post(f"{url}/save", data=body, headers={"Accept": "application/json"})
                times.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200 and response.json()["saved"], response.text
        finally:
            server.shutdown()
        with app.app_context():
            db.engine.dispose()
    times.sort()
    print(
        json.dumps(
            {
                "measurement": "answer save round trip (ms)",
                "saves": len(times),
                "questions": len(fields),
                "median_ms": round(statistics.median(times), 2),
                "p90_ms": round(times[int(0.9 * (len(times) - 1))], 2),
                "max_ms": round(times[-1], 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
