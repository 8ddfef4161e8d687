"""A researcher runs the reading engine on files: JSON out, and a drafted quiz that import-questions loads."""

import json
from pathlib import Path

from sqlalchemy import func, select

from quiz.core.reading import evaluate
from quiz.extensions import db
from quiz.models import Question

READING = Path(__file__).parent / "fixtures" / "reading"
SOURCE = Path(__file__).parent / "fixtures" / "source-article.txt"


def test_read_article_prints_changes_text_and_sentences_with_offsets_into_the_text(runner):
    result = runner.invoke(args=["read-article", str(SOURCE)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"changes", "text", "sentences"}
    assert len(data["changes"]) == 6 and all(data["text"][c["at"] :].startswith(c["after"]) for c in data["changes"])
    assert data["text"].endswith("\n") and "\u0e42" not in data["text"]
    first = data["sentences"][0]
    assert set(first) == {
        "id",
        "paragraph",
        "text",
        "start",
        "end",
        "attribution",
        "source",
        "source_span",
        "cues",
        "carry_over",
    }
    assert all(" ".join(data["text"][s["start"] : s["end"]].split()) == s["text"] for s in data["sentences"])
    quotes = [s for s in data["sentences"] if s["attribution"] == "quote"]
    assert {s["source"] for s in quotes} == {"Assistant Secretary Tricia McLaughlin"}


def test_read_article_reads_standard_input_and_can_skip_the_repair(runner):
    damaged = "The mayor said \u0e42no\u0e42.\n"
    repaired = json.loads(runner.invoke(args=["read-article", "-"], input=damaged).output)
    raw = json.loads(runner.invoke(args=["read-article", "-", "--no-repair"], input=damaged).output)
    assert repaired["text"] == "The mayor said “no”.\n" and len(repaired["changes"]) == 2
    assert raw["text"] == damaged and raw["changes"] == []


def test_a_drafted_quiz_file_imports_without_a_problem(runner, app, tmp_path):
    article = tmp_path / "school-results.txt"
    article.write_text(evaluate.load_labelled(READING / "school-results.txt").text, encoding="utf-8")
    out = tmp_path / "drafted.yaml"
    result = runner.invoke(args=["draft-quiz", str(article), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Question))
    imported = runner.invoke(args=["import-questions", str(out)])
    assert imported.exit_code == 0, imported.output
    with app.app_context():
        kinds = set(db.session.scalars(select(Question.kind).where(Question.key.like("school-results-q%"))))
        assert db.session.scalar(select(func.count()).select_from(Question)) > before
    assert {"tag", "classify", "choice", "mark"} <= kinds
