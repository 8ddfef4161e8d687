"""Reading speed: checking and saving a 200 KB article, and read-article on the bundled article.

Run: .venv/bin/python benchmarks/reading.py   (prints one JSON object of seconds, best of three)
``engine_200kb_s`` is the reading work a save does once (repair, split, read every sentence);
``check_request_s`` and ``save_request_s`` are the two POSTs of the article form, through the
whole app on a throwaway SQLite database.
"""

import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quiz.core import reading, textclean  # noqa: E402
from quiz.core import sentences as splitter  # noqa: E402
from quiz.core.reading import evaluate  # noqa: E402


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        textclean._repair.cache_clear()
        splitter._split.cache_clear()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return round(min(times), 3)


def main() -> None:
    pieces = [evaluate.load_labelled(p).text for p in sorted((ROOT / "tests/fixtures/reading").glob("*.txt"))]
    big = ""
    while len(big.encode()) < 195_000:
        big += "".join(pieces)
    big = big[:200_000]
    source = (ROOT / "tests/fixtures/source-article.txt").read_text(encoding="utf-8")

    def save() -> None:
        text = textclean.repair(big).text
        found = splitter.split(text)
        reading.label_spans(text, found)

    # A paste at the form's cap that is one long paragraph of damaged text: the worst case for listing changes.
    damaged = " ".join(source.split())
    one_paragraph = ((damaged + " ") * (199_000 // len(damaged) + 1))[:199_000]
    check_s, save_s = requests_timed(big)
    print(
        json.dumps(
            {
                "article_kb": round(len(big.encode()) / 1000),
                "engine_200kb_s": best(save),
                "check_request_s": check_s,
                "save_request_s": save_s,
                "read_article_bundled_s": best(lambda: reading.read(source)),
                "one_damaged_paragraph_199k_s": best(lambda: reading.read(one_paragraph), runs=1),
            }
        )
    )


def requests_timed(text: str) -> tuple[float, float]:
    """The check and the save of the article form, as a signed-in teacher's browser sends them."""
    from quiz import create_app
    from quiz.extensions import db
    from quiz.store.accounts import create_teacher

    folder = tempfile.mkdtemp()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "benchmark-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
        }
    )
    with app.app_context():
        db.create_all()
        create_teacher("bench@example.org", "a long benchmark passphrase", "Bench")
        db.session.commit()
    client = app.test_client()

    def token(url: str) -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).text).group(1)

    login = {"csrf_token": token("/teacher/login"), "email": "bench@example.org"}
    client.post("/teacher/login", data=login | {"password": "a long benchmark passphrase"})
    form = {"csrf_token": token("/teacher/articles/new"), "text": text, "title": "Benchmark article", "check": "y"}
    textclean.repair("A running server has its word list loaded: caseswhere.")  # a one-off load, not per request
    textclean._repair.cache_clear()
    splitter._split.cache_clear()
    start = time.perf_counter()
    page = client.post("/teacher/articles/new", data=form).text
    check_s = time.perf_counter() - start
    form.pop("check")
    form |= {"save": "y", "checked": re.search(r'name="checked" type="hidden" value="([^"]+)"', page).group(1)}
    textclean._repair.cache_clear()
    splitter._split.cache_clear()
    start = time.perf_counter()
    saved = client.post("/teacher/articles/new", data=form)
    save_s = time.perf_counter() - start
    assert saved.status_code == 302, saved.text[:500]
    return round(check_s, 3), round(save_s, 3)


if __name__ == "__main__":
    main()
