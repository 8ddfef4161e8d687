"""Import and export pages: the bank as native YAML files or Moodle GIFT, in and out, all or nothing."""

from pathlib import PurePosixPath

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.validators import DataRequired, Length

from quiz.core import bank, gift
from quiz.core.taxonomy import SKILLS
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import Article, Quiz
from quiz.store import exporter, importer
from quiz.store import transfer as files
from quiz.web.forms import TextForm
from quiz.web.teacher.blueprint import bp


class ImportForm(FlaskForm):
    file = FileField("Question file", validators=[FileRequired("Choose a file to import.")])
    article = SelectField("Article for GIFT questions", validate_choice=False)
    skill = SelectField("Skill for GIFT questions", choices={"": "(as the file says)", **SKILLS}, validate_choice=False)
    submit = SubmitField("Import")


class ConfirmGiftForm(TextForm):
    """The previewed GIFT file sent back as text, so confirming needs no second upload and no stored state."""

    name = HiddenField(validators=[Length(max=255)])
    text = HiddenField(validators=[DataRequired(), Length(max=bank.MAX_FILE_BYTES)])
    article = HiddenField(validators=[Length(max=200)])
    skill = HiddenField(validators=[Length(max=40)])
    submit = SubmitField("Import the questions listed")


def download(body: str | bytes, filename: str, mimetype: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def import_form(**kwargs) -> ImportForm:
    form = ImportForm(**kwargs)
    form.article.choices = {"": "(as the file says)"} | {
        a.slug: a.title if a.title != "unknown" else a.slug
        for a in db.session.scalars(select(Article).order_by(Article.title))
    }
    return form


@bp.route("/transfer", methods=["GET", "POST"])
def transfer():
    """Import a question file (YAML, a zip of YAML, or GIFT), or download the bank."""
    form = import_form()
    problems: list[bank.Problem] = []
    if form.validate_on_submit():
        upload = form.file.data
        name = upload.filename or "upload"
        raw, article, skill = upload.read(), form.article.data or None, form.skill.data or None
        try:
            if PurePosixPath(name).suffix.lower() == ".gift":
                loaded = files.preview_gift(name, raw, article, skill)
                if loaded.skipped or loaded.general:  # the teacher sees what comes in and what does not
                    return preview_page(name, raw.decode("utf-8-sig"), article, skill, loaded)
                banks = loaded.banks
            else:
                banks = files.read_upload(name, raw, article, skill)
        except bank.BankError as error:
            problems = error.problems
        else:
            return write_banks(name, banks, [])
    return transfer_page(form, problems), 400 if problems or form.errors else 200


def transfer_page(form: ImportForm, problems: list[bank.Problem]) -> str:
    skipped = [(q.key, q.kind) for q in files.current_questions() if q.kind not in gift.EXPRESSIBLE]
    return render_template(
        "teacher/transfer.html", form=form, problems=problems, skipped=skipped, general=files.general_questions()
    )


def write_banks(name: str, banks: list[bank.Bank], general: list[tuple[int, str]]):
    begin_teacher_write()
    if problems := files.ownership_problems(banks, current_user.id):
        db.session.rollback()
        return transfer_page(import_form(formdata=None), problems), 403
    tally = importer.import_banks(db.session, banks, current_user.id)
    db.session.commit()
    flash(f"Imported {name}: {tally}.", "info")
    if general:
        flash(f"{len(general)} question(s) came in without an excerpt; they are listed below to attach one.", "info")
    return redirect(url_for("teacher.transfer"))


def preview_page(name: str, text: str, article: str | None, skill: str | None, loaded: gift.Loaded):
    form = ConfirmGiftForm(data={"name": name, "text": text, "article": article or "", "skill": skill or ""})
    return render_template("teacher/transfer_preview.html", form=form, name=name, loaded=loaded)


@bp.post("/transfer/confirm")
def confirm_gift():
    """Import the questions of a previewed GIFT file that this app can take; the rest stay out, listed."""
    form = ConfirmGiftForm()
    if not form.validate_on_submit():
        abort(400, "The confirmation form was incomplete, so nothing was imported. Upload the file again.")
    name = form.name.data or "upload.gift"
    try:
        loaded = files.preview_gift(name, form.text.data.encode(), form.article.data or None, form.skill.data or None)
    except bank.BankError as error:
        return transfer_page(import_form(formdata=None), error.problems), 400
    return write_banks(name, loaded.banks, loaded.general)


@bp.get("/transfer/bank.zip")
def export_bank():
    """The whole bank as YAML question files, one per article, in a zip."""
    return download(files.bank_zip(), "question-bank.zip", "application/zip")


@bp.get("/transfer/bank.gift")
def export_bank_gift():
    """The whole bank in Moodle GIFT; kinds GIFT cannot express are named at the top of the file."""
    text, _ = files.gift_text(files.current_questions())
    return download(text, "question-bank.gift", "text/plain; charset=utf-8")


@bp.get("/quizzes/<int:quiz_id>/export.<fmt>")
def export_quiz(quiz_id: int, fmt: str):
    """One quiz with its article and questions, as a YAML question file or in GIFT."""
    quiz = db.get_or_404(Quiz, quiz_id)
    if fmt == "yaml":
        return download(exporter.export_quiz(db.session, quiz), f"{quiz.slug}.yaml", "application/yaml; charset=utf-8")
    if fmt == "gift":
        return download(files.gift_text(quiz.questions)[0], f"{quiz.slug}.gift", "text/plain; charset=utf-8")
    abort(404)
