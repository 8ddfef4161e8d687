"""Question files in and out, shared by the import page and the command line.

Reading picks the format by the file's extension (``.yaml``/``.yml`` native, ``.gift`` Moodle GIFT,
``.zip`` a bank export of YAML files); every reader is all or nothing and raises
``bank.BankError`` with each problem's file, line and field. Writing is the reverse.
"""

import io
import lzma
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from sqlalchemy import select

from quiz.core import authoring, bank, gift
from quiz.core.kinds import KINDS
from quiz.extensions import db
from quiz.models import Article, Question, Quiz
from quiz.store import exporter

MAX_ZIP_MEMBERS = 100
MAX_ZIP_TOTAL = 10 * bank.MAX_FILE_BYTES  # unpacked, all members together


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


def read_gift_file(
    path: Path, article: str | None = None, skill: str | None = None, skip_unsupported: bool = False
) -> gift.Loaded:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise bank.BankError([bank.Problem(str(path), None, "", f"cannot be read: {error.strerror}")]) from None
    return gift.load(raw, str(path), articles_by_slug(), article, skill, skip_unsupported)


def preview_gift(name: str, raw: bytes, article: str | None, skill: str | None) -> gift.Loaded:
    """A GIFT file checked with the questions this app cannot take set aside, for the teacher to confirm."""
    return gift.load(raw, name, articles_by_slug(), article, skill, skip_unsupported=True)


def general_questions() -> list[Question]:
    """Current questions with no excerpt yet (imported from other tools), for a teacher to attach one."""
    return [q for q in current_questions() if KINDS[q.kind].awaits_excerpt]


def read_zip(name: str, raw: bytes) -> list[bank.Bank]:
    """A zip of YAML question files, as the bank export makes; sizes are checked before reading."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise bank.BankError([bank.Problem(name, None, "", "not a zip file, or a damaged one")]) from None
    members = [i for i in archive.infolist() if not i.is_dir()]
    if len(members) > MAX_ZIP_MEMBERS:
        raise bank.BankError([bank.Problem(name, None, "", f"more than {MAX_ZIP_MEMBERS} files")])
    banks, problems = [], []
    total = 0
    for info in members:
        where = f"{name}/{info.filename}"
        if PurePosixPath(info.filename).suffix.lower() not in (".yaml", ".yml"):
            problems.append(bank.Problem(where, None, "", "only .yaml and .yml files can be in the zip"))
            continue
        if info.file_size > bank.MAX_FILE_BYTES:
            problems.append(bank.Problem(where, None, "", f"larger than {bank.MAX_FILE_BYTES:,} bytes"))
            continue
        try:
            data = read_member(archive, info)
        except DamagedZip as error:
            problems.append(bank.Problem(where, None, "", str(error)))
            continue
        total += len(data)
        if total > MAX_ZIP_TOTAL:
            problems.append(bank.Problem(name, None, "", f"more than {MAX_ZIP_TOTAL:,} bytes once unpacked"))
            break
        try:
            banks.append(bank.load_bytes(data, where))
        except bank.BankError as error:
            problems += error.problems
    problems += bank.check_unique_across(banks)
    if problems:
        raise bank.BankError(problems)
    return banks


# What the standard library raises on a zip it cannot read cleanly: a bad checksum, a lying size,
# an unknown or broken compression, encryption.
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    OSError,
)


class DamagedZip(ValueError):
    """A zip member the standard library cannot read cleanly."""


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, read from the real decompressed stream (a header can lie about the size)."""
    if info.flag_bits & 0x1:
        raise DamagedZip("the file is encrypted; export it again without a password")
    try:
        with archive.open(info) as member:
            data = member.read(bank.MAX_FILE_BYTES + 1)
            if len(data) <= bank.MAX_FILE_BYTES:
                member.read(1)  # reach the end, where the checksum is compared
    except UNREADABLE:
        raise DamagedZip("the zip is damaged (its checksum, sizes or compression are wrong); make it again") from None
    if len(data) > bank.MAX_FILE_BYTES:
        raise DamagedZip(f"larger than {bank.MAX_FILE_BYTES:,} bytes once unpacked")
    return data


def ownership_problems(banks: list[bank.Bank], teacher_id: int) -> list[bank.Problem]:
    """A file may not change another teacher's quiz: each quiz it names that someone else composed."""
    slugs = {quiz.slug: b.path for b in banks for quiz in b.spec.quizzes}
    if not slugs:
        return []
    theirs = db.session.scalars(
        select(Quiz).where(Quiz.slug.in_(slugs), Quiz.created_by_id.is_not(None), Quiz.created_by_id != teacher_id)
    )
    return [
        bank.Problem(
            slugs[q.slug], None, "quizzes", f"the quiz {q.slug!r} belongs to another teacher; give yours another slug"
        )
        for q in theirs
    ]


def current_questions() -> list[Question]:
    return list(db.session.scalars(select(Question).where(Question.current, ~Question.archived).order_by(Question.id)))


def gift_text(questions: list[Question]) -> tuple[str, list[tuple[str, str]]]:
    """GIFT for ``questions``; those GIFT cannot express are named at the top and returned."""
    text, skipped = gift.write(questions, {q.article_id: q.article.slug for q in questions})
    if skipped:
        names = ", ".join(f"{key} ({kind_name})" for key, kind_name in skipped)
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
        for key, kind_name in skipped:
            yield f"not exported (GIFT cannot express a {kind_name} question): {key}"
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
