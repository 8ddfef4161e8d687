"""Questions into GIFT text that Moodle, an independent GIFT parser and our own reader all take back unchanged."""

from typing import Any

from quiz.core.gift.syntax import choice_text, escape
from quiz.core.kinds import KINDS

EXPRESSIBLE = ("choice", "classify", "general")


def write(questions: list[Any], article_slugs: dict[int, str]) -> tuple[str, list[tuple[str, str]]]:
    """GIFT text for the questions GIFT can express, and (id, kind) of each one it cannot."""
    parts, skipped = [], []
    for q in questions:
        if q.kind not in EXPRESSIBLE:
            skipped.append((q.key, q.kind))
            continue
        parts.append(write_one(q, article_slugs[q.article_id]))
    header = "// Questions exported in Moodle GIFT format. Lines starting with // are notes other tools ignore.\n\n"
    return header + "\n\n".join(parts) + ("\n" if parts else ""), skipped


def write_one(q: Any, article_slug: str) -> str:
    notes = {
        "id": q.key,
        "article": article_slug,
        "kind": q.kind,
        "skill": q.skill,
        "difficulty": q.difficulty,
        "sentences": " ".join(q.sentence_keys),
        "evidence": q.evidence,
    }
    lines = [f"// {key}: {value}" for key, value in notes.items() if value and "\n" not in value]
    text = q.prompt + (f"\n\n> {q.excerpt}" if q.excerpt else "")
    choices = list(q.choices)
    if KINDS[q.kind].gift_true_false and [c.text for c in choices] == ["True", "False"]:
        truth = choices[0].correct
        wrong, right = (choices[1], choices[0]) if truth else (choices[0], choices[1])
        body = ("TRUE" if truth else "FALSE") + "".join(f"#{escape(c.feedback)}" for c in (wrong, right))
    else:
        body = "\n" + "\n".join(
            ("=" if c.correct else "~") + choice_text(c.text) + (f"#{escape(c.feedback)}" if c.feedback else "")
            for c in choices
        )
    general = f"\n####{escape(q.explanation)}" if q.explanation else ""
    lines.append(f"::{escape(q.key)}::[markdown]{escape(text)}{{{body}{general}\n}}")
    return "\n".join(lines)
