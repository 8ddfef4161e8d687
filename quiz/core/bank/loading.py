"""Loading question files: bytes or text in, a checked ``Bank`` out, or ``BankError`` with every problem."""

from pathlib import Path

import yaml
from pydantic import ValidationError

from quiz.core import sentences as splitter
from quiz.core import textclean
from quiz.core.bank import strictyaml
from quiz.core.bank.checks import check_content
from quiz.core.bank.schema import KINDS, MAX_FILE_BYTES, MAX_QUESTIONS, Bank, BankError, BankFile, Problem


def load_text(text: str, path: str = "<text>") -> Bank:
    """Check the YAML text of one question file and return it as a ``Bank``."""
    if problems := strictyaml.precheck(text, path):
        raise BankError(problems)
    count, line = strictyaml.count_questions(text)
    if count > MAX_QUESTIONS:
        raise BankError([Problem(path, line, "questions", f"more than {MAX_QUESTIONS} questions")])
    try:
        root = strictyaml.compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else None
        raise BankError([Problem(path, line, "", f"not valid YAML: {error.problem}")]) from None
    if problems := strictyaml.check_tree(root, path):
        raise BankError(problems)
    try:
        data = strictyaml.construct(text, root)
    except yaml.MarkedYAMLError as error:
        raise BankError([Problem(path, error.problem_mark.line + 1, "", error.problem)]) from None
    locate = strictyaml.Locator(root)
    if isinstance(data, dict) and len(data.get("questions") or ()) > MAX_QUESTIONS:
        line, _ = locate(("questions",))
        raise BankError([Problem(path, line, "questions", f"more than {MAX_QUESTIONS} questions")])
    try:
        spec = BankFile.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors()[: strictyaml.MAX_PROBLEMS]:
            line, name = locate(item["loc"])
            problems.append(Problem(path, line, name, plain_message(item)))
        raise BankError(problems) from None
    repair = textclean.repair(spec.article.text)
    bank = Bank(path=path, spec=spec, repair=repair, sentences=splitter.split(repair.text))
    if problems := [Problem(path, *locate(loc), message) for loc, message in check_content(bank)]:
        raise BankError(problems)
    return bank


def plain_message(item: dict) -> str:
    """Pydantic's words, put plainly where a teacher would not follow them (an unknown kind)."""
    if item["type"] == "union_tag_invalid":
        known = ", ".join(k for k in KINDS if k != "general")
        return f"{item['ctx']['tag']!r} is not a kind we know; use {known}"
    return item["msg"]


def load_bytes(raw: bytes, path: str) -> Bank:
    """Check raw file bytes: the size cap and UTF-8 come before anything is parsed."""
    if len(raw) > MAX_FILE_BYTES:
        raise BankError([Problem(path, None, "", f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")])
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
                problems.append(Problem(bank.path, None, what, f"{name!r} is also used in {owners[what, name]}"))
            owners.setdefault((what, name), bank.path)
    return problems
