"""The shape of a question file: its article, quizzes and questions, and how a problem with it is told."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union

from pydantic import Field, field_validator

from quiz.core import kinds, textclean
from quiz.core import sentences as splitter
from quiz.core.specs import Strict, Text

MAX_FILE_BYTES = 1_000_000
MAX_QUESTIONS = 500
SLUG = r"^[a-z0-9][a-z0-9-]{1,79}$"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a question file."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else self.path
        return f"{where}, {self.field or 'file'}: {self.message}"


class BankError(Exception):
    """A question file, or a set of them, was refused; ``problems`` says why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ArticleSpec(Strict):
    slug: Annotated[str, Field(pattern=SLUG)]
    title: Text = "unknown"
    outlet: Text = "unknown"
    author: Text = "unknown"
    url: Text = "unknown"
    published: Text = "unknown"
    text: Annotated[str, Field(min_length=1, max_length=200_000)]

    @field_validator("published", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value


class QuizSpec(Strict):
    slug: Annotated[str, Field(pattern=SLUG)]
    title: Text
    description: str = ""
    order: Literal["fixed", "shuffled"] = "fixed"
    feedback: Literal["end", "each"] = "end"
    questions: Literal["all"] | list[str] = "all"
    # Settings a teacher usually sets in the browser; a file that leaves them out leaves them alone.
    published: bool = True
    attempts: Annotated[int, Field(ge=1, le=100)] | None = None
    opens: dt.datetime | None = None
    closes: dt.datetime | None = None

    @field_validator("opens", "closes")
    @classmethod
    def _as_utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        """Times are stored as naive UTC; a time written without a zone is taken as UTC."""
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    def settings(self) -> dict[str, Any]:
        """The optional settings this file states, as Quiz column values."""
        names = {"published": "published", "attempts": "max_attempts", "opens": "opens_at", "closes": "closes_at"}
        return {column: getattr(self, name) for name, column in names.items() if name in self.model_fields_set}


QuestionSpec = Annotated[Union[tuple(k.Spec for k in kinds.KINDS.values())], Field(discriminator="kind")]  # noqa: UP007
KINDS = tuple(kinds.KINDS)


class BankFile(Strict):
    format: Literal[1]
    article: ArticleSpec
    quizzes: list[QuizSpec] = Field(default_factory=list)
    questions: Annotated[list[QuestionSpec], Field(min_length=1, max_length=MAX_QUESTIONS)]


@dataclass
class Bank:
    """A checked question file: its article repaired and split, its quizzes and questions."""

    path: str
    spec: BankFile
    repair: textclean.Repair
    sentences: list[splitter.Sentence] = field(default_factory=list)

    @property
    def questions(self) -> list[Any]:
        return self.spec.questions

    def quiz_questions(self, quiz: QuizSpec) -> list[Any]:
        if quiz.questions == "all":
            return list(self.spec.questions)
        by_id = {q.id: q for q in self.spec.questions}
        return [by_id[qid] for qid in quiz.questions]
