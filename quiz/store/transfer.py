"""Question files in and out, shared by the import page and the command line.

Reading picks the format by the file's extension (``.yaml``/``.yml`` native, ``.gift`` Moodle GIFT,
``.zip`` a bank export of YAML files); every reader is all or nothing and raises
``bank.BankError`` with each problem's file, line and field. Writing is the reverse.
"""

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from sqlalchemy import select

from quiz.core import authoring, bank, gift
from quiz.extensions import db
from quiz.models import Article, Question, Quiz
from quiz.store import exporter

MAX_ZIP_MEMBERS = 100


def articles_by_slug() -> dict[str, dict]:
    """Every article's fields, for GIFT questions to find theirs."""
    return {a.slug: authoring.article_fields(a) for a in db.session.scalars(select(Article))}


def read_upload(name: str, raw: bytes, article: str | None = None, skill: str | None = None) -> list[bank.Bank]:
    """Check an uploaded file by its extension; ``bank.BankError`` lists every problem in it."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return [bank.load_bytes(raw, name)]
    if suffix == ".gift":
        return gift.load_bytes(raw, name, articles_by_slug(), article, skill)
    if suffix == ".zip":
        return read_zip(name, raw)
    raise bank.BankError([bank.Problem(name, None, "", "choose a .yaml, .yml, .gift or .zip file")])


def read_gift_file(path: Path, article: str | None = None, skill: str | None = None) -> list[bank.Bank]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise bank.BankError([bank.Problem(str(path), None, "", f"cannot be read: {error.strerror}")]) from None
    return gift.load_bytes(raw, str(path), articles_by_slug(), article, skill)


def read_zip(name: str, raw: bytes) -> list[bank.Bank]:
    """A zip of YAML question files, as the bank export makes; sizes are checked before reading."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise bank.BankError([bank.Problem(name, None, "", "not a zip file")]) from None
    members = [i for i in archive.infolist() if not i.is_dir()]
    if len(members) > MAX_ZIP_MEMBERS:
        raise bank.BankError([bank.Problem(name, None, "", f"more than {MAX_ZIP_MEMBERS} files")])
    banks, problems = [], []
    for info in members:
        where = f"{name}/{info.filename}"
        if PurePosixPath(info.filename).suffix.lower() not in (".yaml", ".yml"):
            problems.append(bank.Problem(where, None, "", "only .yaml and .yml files can be in the zip"))
            continue
        if info.file_size > bank.MAX_FILE_BYTES:
            problems.append(bank.Problem(where, None, "", f"larger than {bank.MAX_FILE_BYTES:,} bytes"))
            continue
        with archive.open(info) as member:
            data = member.read(bank.MAX_FILE_BYTES + 1)  # a header can lie about the size
        try:
            banks.append(bank.load_bytes(data, where))
        except bank.BankError as error:
            problems += error.problems
    problems += bank.check_unique_across(banks)
    if problems:
        raise bank.BankError(problems)
    return banks


def current_questions() -> list[Question]:
    return list(db.session.scalars(select(Question).where(Question.current, ~Question.archived).order_by(Question.id)))


def gift_text(questions: list[Question]) -> tuple[str, list[tuple[str, str]]]:
    """GIFT for ``questions``; those GIFT cannot express are named at the top and returned."""
    text, skipped = gift.write(questions, {q.article_id: q.article.slug for q in questions})
    if skipped:
        names = ", ".join(f"{key} ({kind})" for key, kind in skipped)
        text = f"// Not exported, because GIFT cannot express their kind: {names}\n" + text
    return text, skipped


def bank_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in exporter.export_bank(db.session).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def export_to(path: Path, quiz_slug: str | None = None) -> Iterator[str]:
    """Write the bank or one quiz to ``path`` by its extension, saying what was written."""
    quiz = None
    if quiz_slug:
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == quiz_slug))
        if quiz is None:
            raise ValueError(f"no quiz {quiz_slug!r}")
    suffix = path.suffix.lower()
    if suffix == ".gift":
        text, skipped = gift_text(quiz.questions if quiz else current_questions())
        path.write_text(text, encoding="utf-8")
        yield f"Wrote {path}"
        for key, kind in skipped:
            yield f"not exported (GIFT cannot express a {kind} question): {key}"
        return
    if suffix in (".yaml", ".yml"):
        if quiz is not None:
            path.write_text(exporter.export_quiz(db.session, quiz), encoding="utf-8")
            yield f"Wrote {path}"
            return
        files = exporter.export_bank(db.session)
        if len(files) != 1:
            raise ValueError(
                f"the bank has {len(files)} article files; give a folder (a path without an extension) "
                "to write one file per article, or --quiz SLUG"
            )
        path.write_text(next(iter(files.values())), encoding="utf-8")
        yield f"Wrote {path}"
        return
    if suffix:
        raise ValueError(f"cannot export to {suffix!r} files: use .yaml, .gift, or a folder")
    path.mkdir(parents=True, exist_ok=True)
    files = {f"{quiz.slug}.yaml": exporter.export_quiz(db.session, quiz)} if quiz else exporter.export_bank(db.session)
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
        yield f"Wrote {path / name}"
