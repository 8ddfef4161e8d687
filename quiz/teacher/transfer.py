"""Import and export: the bank as native YAML files or Moodle GIFT, in and out, all or nothing."""

import io
import zipfile
from pathlib import PurePosixPath

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import SelectField, SubmitField

from .. import authoring, bank, exporter, gift, importer
from ..database import begin_write
from ..extensions import db
from ..models import Article, Question, Quiz
from ..taxonomy import SKILLS
from . import bp

MAX_ZIP_MEMBERS = 100


class ImportForm(FlaskForm):
    file = FileField("Question file", validators=[FileRequired("Choose a file to import.")])
    article = SelectField("Article for GIFT questions", validate_choice=False)
    skill = SelectField("Skill for GIFT questions", choices=[("", "(as the file says)"), *SKILLS.items()],
                        validate_choice=False)
    submit = SubmitField("Import")


def read_upload(name: str, raw: bytes, articles: dict, article: str | None, skill: str | None) -> list[bank.Bank]:
    """Check an uploaded file by its extension; ``bank.BankError`` lists every problem in it."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return [bank.load_bytes(raw, name)]
    if suffix in (".gift", ".txt"):
        return gift.load_bytes(raw, name, articles, article, skill)
    if suffix == ".zip":
        return read_zip(name, raw)
    raise bank.BankError([bank.Problem(name, None, "", "choose a .yaml, .yml, .gift or .zip file")])


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
            data = member.read(bank.MAX_FILE_BYTES + 1)
        try:
            banks.append(bank.load_bytes(data, where))
        except bank.BankError as error:
            problems += error.problems
    problems += bank.check_unique_across(banks)
    if problems:
        raise bank.BankError(problems)
    return banks


def article_choices() -> tuple[list[tuple[str, str]], dict[str, dict]]:
    rows = db.session.scalars(select(Article).order_by(Article.title)).all()
    choices = [("", "(as the file says)")] + [(a.slug, a.title if a.title != "unknown" else a.slug) for a in rows]
    return choices, {a.slug: authoring.article_fields(a) for a in rows}


def all_current() -> list[Question]:
    return list(db.session.scalars(select(Question).where(Question.current, ~Question.archived).order_by(Question.id)))


@bp.route("/transfer", methods=["GET", "POST"])
def transfer():
    """Import a question file (YAML, zip of YAML, or GIFT), or download the bank."""
    form = ImportForm()
    form.article.choices, articles = article_choices()
    problems: list[bank.Problem] = []
    if form.validate_on_submit():
        upload = form.file.data
        raw = upload.read(bank.MAX_FILE_BYTES * 2 + 1)
        try:
            banks = read_upload(upload.filename or "upload", raw, articles, form.article.data or None,
                                form.skill.data or None)
        except bank.BankError as error:
            problems = error.problems
        else:
            begin_write()
            tally = importer.import_banks(db.session, banks, current_user.id)
            db.session.commit()
            flash(f"Imported {upload.filename}: {tally}.", "info")
            return redirect(url_for("teacher.transfer"))
    skipped = [(q.key, q.kind) for q in all_current() if q.kind not in gift.EXPRESSIBLE]
    status = 400 if problems or form.errors else 200
    return render_template("teacher/transfer.html", form=form, problems=problems, skipped=skipped), status


def gift_text(questions: list[Question]) -> str:
    slugs = {q.article_id: q.article.slug for q in questions}
    text, skipped = gift.write(questions, slugs)
    if skipped:
        names = ", ".join(f"{key} ({kind})" for key, kind in skipped)
        text = f"// Not exported, because GIFT cannot express their kind: {names}\n" + text
    return text


def download(body: str | bytes, filename: str, mimetype: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/transfer/bank.zip")
def export_bank():
    """The whole bank as YAML question files, one per article, in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in exporter.export_bank(db.session).items():
            archive.writestr(name, text)
    return download(buffer.getvalue(), "question-bank.zip", "application/zip")


@bp.get("/transfer/bank.gift")
def export_bank_gift():
    """The whole bank in Moodle GIFT; kinds GIFT cannot express are named at the top of the file."""
    return download(gift_text(all_current()), "question-bank.gift", "text/plain; charset=utf-8")


@bp.get("/quizzes/<int:quiz_id>/export.<fmt>")
def export_quiz(quiz_id: int, fmt: str):
    """One quiz with its article and questions, as a YAML question file or in GIFT."""
    quiz = db.get_or_404(Quiz, quiz_id)
    if fmt == "yaml":
        return download(exporter.export_quiz(db.session, quiz), f"{quiz.slug}.yaml", "application/yaml; charset=utf-8")
    if fmt == "gift":
        return download(gift_text(quiz.questions), f"{quiz.slug}.gift", "text/plain; charset=utf-8")
    abort(404)
