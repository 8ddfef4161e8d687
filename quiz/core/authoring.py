"""Check questions written outside a YAML file (the browser's form, a GIFT file) by the bank's own rules.

A question from any source becomes the same spec dict a question file holds and goes through the
same pydantic models and ``bank.check_content``, so the browser, GIFT and YAML obey one rule set.
Plain module: no Flask.
"""

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from quiz.core import bank, textclean
from quiz.core import sentences as splitter

Loc = tuple[Any, ...]

_FRIENDLY = {
    "Field required": "This is required.",
    "String should have at least 1 character": "This is required.",
}


@dataclass(frozen=True)
class Issue:
    """One thing wrong with a question: where (``loc`` inside the question) and what."""

    question: int | None
    loc: Loc
    message: str

    @property
    def field(self) -> str:
        return ".".join(str(part) for part in self.loc)


def _message(text: str) -> str:
    text = text.removeprefix("Value error, ")
    return _FRIENDLY.get(text, text)


def _split(loc: Loc) -> tuple[int | None, Loc]:
    """``('questions', 2, 'choice', 'choices', 0)`` → ``(2, ('choices', 0))``: the union's tag dropped."""
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        rest = loc[2:]
        if rest and rest[0] in bank.KINDS:
            rest = rest[1:]
        return loc[1], tuple(rest)
    return None, tuple(loc)


def check(
    article: dict[str, Any],
    questions: list[dict[str, Any]],
    quizzes: list[dict[str, Any]] | None = None,
    path: str = "<form>",
) -> tuple[bank.Bank | None, list[Issue]]:
    """Validate ``questions`` on ``article`` (its stored, already repaired text): a bank, or the issues."""
    data = {"format": 1, "article": article, "quizzes": quizzes or [], "questions": questions}
    try:
        spec = bank.BankFile.model_validate(data)
    except ValidationError as error:
        issues = [Issue(*_split(item["loc"]), _message(item["msg"])) for item in error.errors()]
        return None, [_explain_missing_sentences(issue, questions, article.get("text", "")) for issue in issues]
    text = spec.article.text
    checked = bank.Bank(path=path, spec=spec, repair=textclean.Repair(text=text), sentences=splitter.split(text))
    issues = [Issue(*_split(loc), message) for loc, message in bank.check_content(checked)]
    return (None, issues) if issues else (checked, [])


def _explain_missing_sentences(issue: Issue, questions: list[dict[str, Any]], text: str) -> Issue:
    """An excerpt that is not in the article touches no sentence: say that, not "sentences required"."""
    if issue.loc == ("sentences",) and issue.question is not None:
        excerpt = questions[issue.question].get("excerpt") or ""
        if excerpt and " ".join(excerpt.split()) not in " ".join(text.split()):
            return Issue(issue.question, ("excerpt",), "not found word for word in the repaired article")
    return issue


def article_fields(article: Any) -> dict[str, Any]:
    """The article part of a question file, from an ``Article`` row."""
    return {
        "slug": article.slug,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "url": article.url,
        "published": article.published,
        "text": article.text,
    }


def fill_sentences(spec: dict[str, Any], article_text: str) -> dict[str, Any]:
    """List the sentences an excerpt touches when the author did not: nobody should count them by hand."""
    if not spec.get("sentences") and spec.get("excerpt"):
        keys = bank.excerpt_sentences(spec["excerpt"], splitter.split(article_text))
        if keys:
            spec["sentences"] = keys
    return spec
