"""Reading articles from files: ``read-article`` prints the reading as JSON, ``draft-quiz`` writes a question file."""

import json
import re
import sys
from pathlib import Path

import click
import yaml

from quiz.core import authoring, reading
from quiz.core.reading import draft


def _read_input(file: str) -> str:
    raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{file} is not UTF-8 text (byte {raw[error.start]:#04x} at {error.start})"
        ) from None


@click.command("read-article")
@click.argument("file")
@click.option("--no-repair", is_flag=True, help="Read the text as it is, without repairing encoding damage.")
def read_article_command(file: str, no_repair: bool) -> None:
    """Print one JSON object: the repair's changes, the repaired text and each sentence's reading (FILE or -)."""
    result = reading.read(_read_input(file), repair=not no_repair)
    click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=1))


def drafted_bank(text: str, slug: str, title: str) -> dict:
    """A question file's content: the article, one quiz of every drafted question that passes the bank's checks."""
    read = reading.read(text)
    body = read.text.strip("\n")
    article = {"slug": slug, "title": title, "text": body}
    kept = []
    for spec in draft.draft(slug, reading.read(body, repair=False).sentences):
        checked, issues = authoring.check(article, [*kept, spec])
        if not issues:
            kept.append(spec)
    quizzes = [{"slug": f"{slug}-draft"[:80], "title": f"Draft quiz: {title}"[:200], "questions": "all"}]
    return {"format": 1, "article": article, "quizzes": quizzes if kept else [], "questions": kept}


@click.command("draft-quiz")
@click.argument("file")
@click.option("--out", "out", required=True, help="The question file to write (.yaml).")
@click.option("--slug", help="The article's slug; by default made from the file's name.")
@click.option("--title", help="The article's headline; by default its first line when short, else unknown.")
def draft_quiz_command(file: str, out: str, slug: str | None, title: str | None) -> None:
    """Draft a quiz from an article (FILE or -) and write it as a question file that import-questions loads."""
    text = _read_input(file)
    name = "article" if file == "-" else Path(file).stem
    slug = slug or (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "article")
    slug = slug if len(slug) >= 2 else f"article-{slug}"
    data = drafted_bank(text, slug, title or "unknown")
    if not data["questions"]:
        raise click.ClickException("no sentence was read with enough confidence to draft a question")
    Path(out).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    click.echo(f"Wrote {len(data['questions'])} drafted question(s) to {out}; review them before students see them.")


COMMANDS = (read_article_command, draft_quiz_command)
