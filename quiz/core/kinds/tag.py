"""Tag the article: give every sentence of a passage its category; each sentence earns its share."""

from collections.abc import Mapping
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quiz.core.kinds.base import Graded, Problems, Tampered, field_name, single
from quiz.core.sentences import passage_sentences
from quiz.core.specs import Category, QuestionSpecBase, Strict, Text
from quiz.core.taxonomy import CATEGORIES


class TagNote(Strict):
    category: Category
    note: Text


class TagKind:
    """Tag every sentence of a passage with a category; each sentence earns its share."""

    name = "tag"
    label = "Tag the article"
    minutes = 2.5
    quotes_excerpt = False
    counts_choices = False
    judges_sentences = True
    in_gift = False
    gift_true_false = False
    answers_are_categories = False
    awaits_excerpt = False

    class Spec(QuestionSpecBase):
        kind: Literal["tag"]
        passage: Annotated[str, Field(pattern=r"^(all|p[1-9][0-9]*)$")]
        key: dict[str, TagNote]

        @model_validator(mode="after")
        def _sentences_default_to_the_key(self) -> "TagKind.Spec":
            if not self.sentences:
                self.sentences = list(self.key)
            return self

    # --- stored ---------------------------------------------------------------------------

    def choice_rows(self, spec: Any) -> list[dict[str, Any]]:
        return []

    def data(self, spec: Any) -> dict[str, Any]:
        return {"passage": spec.passage, "key": {k: v.model_dump() for k, v in spec.key.items()}}

    def check(self, spec: Any, sentences: list[Any]) -> Problems:
        """Every sentence of the passage gets a tag, and nothing outside it."""
        passage = passage_sentences(spec.passage, sentences)
        if not passage:
            return [(("passage",), f"no paragraph {spec.passage!r} in the article")]
        wanted = [s.key for s in passage]
        problems: Problems = []
        if missing := [k for k in wanted if k not in spec.key]:
            problems.append((("key",), f"every sentence of the passage needs a tag: missing {', '.join(missing)}"))
        if extra := [k for k in spec.key if k not in wanted]:
            problems.append((("key",), f"not sentences of the passage: {', '.join(extra)}"))
        return problems

    def export(self, question: Any) -> dict[str, Any]:
        return {"passage": question.data["passage"], "key": {k: dict(v) for k, v in question.data["key"].items()}}

    # --- answered -------------------------------------------------------------------------

    def parse(self, question: Any, form: Mapping[str, Any]) -> Any:
        tags = {}
        for key in question.data["key"]:
            value = single(form, field_name(question, key))
            if value is None:
                return None
            if value not in CATEGORIES:
                raise Tampered(f"{value[:40]!r} is not a category")
            tags[key] = value
        return tags

    def grade(self, question: Any, tags: dict[str, str]) -> Graded:
        key = question.data["key"]
        judgements = [(k, key[k]["category"], tags[k]) for k in key]
        right = sum(expected == chosen for _, expected, chosen in judgements)
        credit = right / len(key)
        return Graded(credit=credit, correct=right == len(key), response=tags, judgements=judgements)

    def form_fields(self, question: Any, answer: dict[str, str]) -> dict[str, str]:
        """One field per sentence of the passage, holding its category."""
        return {field_name(question, key): category for key, category in answer.items()}

    def model_answer(self, question: Any) -> dict[str, str]:
        return {key: note["category"] for key, note in question.data["key"].items()}

    def stored_model_answer(self, question: Any) -> tuple[Any, Any]:
        return None, self.model_answer(question)

    def response_text(self, response: Any, excerpt: str = "") -> str:
        """Each sentence with the category given to it."""
        if not isinstance(response, dict):
            return ""
        return "; ".join(f"{sentence}={category}" for sentence, category in response.items())

    def chance(self, question: Any) -> Fraction:
        """A random tag is right one time in the number of categories, sentence by sentence."""
        return Fraction(1, len(CATEGORIES))

    # --- written in the browser -------------------------------------------------------------

    def fill_form(self, form: Any, question: Any) -> None:
        form.passage.data = question.data["passage"]
        for row in form.tags:
            item = question.data["key"].get(row.sentence.data)
            if item:
                row.category.data, row.note.data = item["category"], item["note"]

    def spec_from_form(self, form: Any) -> dict[str, Any]:
        return {
            "passage": form.passage.data,
            "key": {
                row.sentence.data: {"category": row.category.data, "note": row.note.data or ""}
                for row in form.tags
                if row.category.data
            },
        }
