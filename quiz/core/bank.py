"""Read and check question files: YAML in, a validated bank out, or every problem with its line.

Nothing here touches the database: ``importer`` writes what this module has accepted. A file is
refused whole when anything in it is wrong, and each problem names the file, the line, the field
and what is wrong, so an author can fix it without guessing.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import Field, ValidationError, field_validator

from quiz.core import kinds, textclean
from quiz.core import sentences as splitter
from quiz.core.sentences import passage_sentences  # noqa: F401  (part of this module's API)
from quiz.core.specs import QUESTION_ID, Strict, Text  # noqa: F401  (QUESTION_ID is part of this module's API)

MAX_FILE_BYTES = 1_000_000
MAX_QUESTIONS = 500
SLUG = r"^[a-z0-9][a-z0-9-]{1,79}$"
_SAFE_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}



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


QuestionSpec = Annotated[Union[tuple(kind.Spec for kind in kinds.KINDS.values())], Field(discriminator="kind")]  # noqa: UP007
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


# --- Reading YAML strictly, keeping line numbers -------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that also refuses anchors and aliases, the stuff of alias bombs."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="YAML anchors and aliases (& and *) are not allowed in question files",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def _compose(text: str) -> yaml.Node:
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is None:
        raise yaml.MarkedYAMLError(problem="the file is empty")
    return node


def _check_tree(node: yaml.Node, path: str) -> list[Problem]:
    """Refuse tags other than plain YAML types, and keys given twice in one mapping."""
    problems = []
    stack = [node]
    while stack:
        current = stack.pop()
        line = current.start_mark.line + 1
        if current.tag not in _SAFE_TAGS:
            problems.append(Problem(path, line, "", f"the tag {current.tag!r} is not allowed"))
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if key.value in seen:
                    problems.append(Problem(path, key.start_mark.line + 1, str(key.value), "given twice"))
                seen.add(key.value)
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems


def _locate(root: yaml.Node, loc: tuple[Any, ...]) -> tuple[int, str]:
    """The line and a readable field path for a pydantic error location."""
    node, names = root, []
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            values = {k.value: v for k, v in node.value}
            if part in values:
                node = values[part]
                names.append(f".{part}")
            elif part in KINDS:
                continue  # the union's tag, not a key in the file
            else:
                names.append(f".{part}")
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            names.append(f"[{part}]")
        else:
            break
    return node.start_mark.line + 1, "".join(names).lstrip(".")


def _count_questions(text: str) -> tuple[int, int | None]:
    """The number of top-level ``questions`` (counted to one past the limit) and their line.

    Counted from the parser's events, with libyaml when it is there, before any node is built:
    building 10,000 questions would take seconds only to refuse them. A file that does not parse
    counts 0 here and gets its exact error from ``_compose``.
    """
    depth, after_key, counting, count, line = 0, False, False, 0, None
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            opens = isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent)
            if counting and depth == 2 and (opens or isinstance(event, yaml.ScalarEvent | yaml.AliasEvent)):
                count += 1
                if count > MAX_QUESTIONS:
                    break
            if opens:
                if after_key and depth == 1 and isinstance(event, yaml.SequenceStartEvent):
                    counting, line = True, event.start_mark.line + 1
                depth += 1
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
                if counting and depth == 1:
                    break
            after_key = depth == 1 and isinstance(event, yaml.ScalarEvent) and event.value == "questions"
    except yaml.YAMLError:
        return 0, None
    return count, line


def load_text(text: str, path: str = "<text>") -> Bank:
    """Check the YAML text of one question file and return it as a ``Bank``."""
    count, line = _count_questions(text)
    if count > MAX_QUESTIONS:
        raise BankError([Problem(path, line, "questions", f"more than {MAX_QUESTIONS} questions")])
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else None
        raise BankError([Problem(path, line, "", f"not valid YAML: {error.problem}")]) from None
    if problems := _check_tree(root, path):
        raise BankError(problems)
    data = yaml.SafeLoader(text).construct_document(root)
    if isinstance(data, dict) and len(data.get("questions") or ()) > MAX_QUESTIONS:
        line, _ = _locate(root, ("questions",))
        raise BankError([Problem(path, line, "questions", f"more than {MAX_QUESTIONS} questions")])
    try:
        spec = BankFile.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            line, name = _locate(root, item["loc"])
            problems.append(Problem(path, line, name, item["msg"]))
        raise BankError(problems) from None
    repair = textclean.repair(spec.article.text)
    bank = Bank(path=path, spec=spec, repair=repair, sentences=splitter.split(repair.text))
    if problems := [
        Problem(path, *_locate(root, loc), message) for loc, message in check_content(bank)
    ]:
        raise BankError(problems)
    return bank


def load_bytes(raw: bytes, path: str) -> Bank:
    """Check raw file bytes: the size cap and UTF-8 come before anything is parsed."""
    if len(raw) > MAX_FILE_BYTES:
        raise BankError(
            [Problem(path, None, "", f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BankError(
            [Problem(path, line, "", f"not UTF-8 text (byte {raw[error.start]:#04x} at offset {error.start})")]
        ) from None
    return load_text(text, path)


def question_files(path: Path) -> list[Path]:
    """The question files at ``path``: the file itself, or every .yaml/.yml file in a folder."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
    return [path]


def load_path(path: str | Path) -> list[Bank]:
    """Check every question file at ``path``, and that ids and slugs are unique across them."""
    banks, problems = [], []
    for file in question_files(Path(path)):
        try:
            banks.append(load_bytes(file.read_bytes(), str(file)))
        except BankError as error:
            problems.extend(error.problems)
        except OSError as error:
            problems.append(Problem(str(file), None, "", f"cannot be read: {error.strerror}"))
    problems.extend(check_unique_across(banks))
    if problems:
        raise BankError(problems)
    return banks


def check_unique_across(banks: list[Bank]) -> list[Problem]:
    problems, owners = [], {}
    for bank in banks:
        names = [("article", bank.spec.article.slug)]
        names += [("quiz", q.slug) for q in bank.spec.quizzes]
        names += [("question", q.id) for q in bank.questions]
        for what, name in names:
            if (what, name) in owners and owners[what, name] != bank.path:
                problems.append(
                    Problem(bank.path, None, what, f"{name!r} is also used in {owners[what, name]}")
                )
            owners.setdefault((what, name), bank.path)
    return problems


# --- Checks against the article -----------------------------------------------------------

def check_content(bank: Bank) -> list[tuple[tuple[Any, ...], str]]:
    """Everything a schema cannot check: excerpts verbatim, ids unique, sentences real."""
    text = bank.repair.text
    keys = {s.key for s in bank.sentences}
    problems: list[tuple[tuple[Any, ...], str]] = []
    seen: set[str] = set()
    for i, q in enumerate(bank.questions):
        at = ("questions", i)
        if q.id in seen:
            problems.append(((*at, "id"), f"the id {q.id!r} is used by an earlier question"))
        seen.add(q.id)
        for key in q.sentences:
            if key not in keys:
                problems.append(((*at, "sentences"), f"no sentence {key!r} in the article"))
        if hasattr(q, "excerpt"):
            if q.excerpt not in text:
                problems.append(((*at, "excerpt"), "not found word for word in the repaired article"))
                continue
            if q.evidence not in q.excerpt:
                problems.append(((*at, "evidence"), "not found word for word inside the excerpt"))
            if q.evidence not in q.explanation:
                problems.append(((*at, "explanation"), "must quote the evidence words exactly"))
            touched = excerpt_sentences(q.excerpt, bank.sentences)
            if missing := [k for k in touched if k not in q.sentences]:
                problems.append(((*at, "sentences"), f"must list the excerpt's sentences: add {', '.join(missing)}"))
        problems += [((*at, *loc), msg) for loc, msg in kinds.KINDS[q.kind].check(q, bank.sentences)]
    ids = {q.id for q in bank.questions}
    slugs: set[str] = set()
    for i, quiz in enumerate(bank.spec.quizzes):
        if quiz.slug in slugs:
            problems.append((("quizzes", i, "slug"), f"the slug {quiz.slug!r} is used twice"))
        slugs.add(quiz.slug)
        if quiz.questions != "all":
            for j, qid in enumerate(quiz.questions):
                if qid not in ids:
                    problems.append((("quizzes", i, "questions", j), f"no question {qid!r} in this file"))
            if not quiz.questions:
                problems.append((("quizzes", i, "questions"), "a quiz needs at least one question"))
    return problems


def excerpt_sentences(excerpt: str, sentences: list[splitter.Sentence]) -> list[str]:
    """Keys of the sentences an excerpt overlaps, found by position in the joined article."""
    joined, spans = "", []
    for s in sentences:
        start = len(joined)
        joined += s.text + " "
        spans.append((start, len(joined) - 1, s.key))
    start = joined.find(" ".join(excerpt.split()))
    if start < 0:
        return []
    end = start + len(" ".join(excerpt.split()))
    return [key for a, b, key in spans if a < end and start < b]
