"""Import and export pages: the bank as native YAML files or Moodle GIFT, in and out, all or nothing."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import SelectField, SubmitField

from quiz.core import bank, gift
from quiz.core.taxonomy import SKILLS
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import Article, Quiz
from quiz.store import exporter, importer
from quiz.store import transfer as files
from quiz.web.teacher.blueprint import bp


class ImportForm(FlaskForm):
    file = FileField("Question file", validators=[FileRequired("Choose a file to import.")])
    article = SelectField("Article for GIFT questions", validate_choice=False)
    skill = SelectField("Skill for GIFT questions", choices={"": "(as the file says)", **SKILLS}, validate_choice=False)
    submit = SubmitField("Import")


def download(body: str | bytes, filename: str, mimetype: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/transfer", methods=["GET", "POST"])
def transfer():
    """Import a question file (YAML, a zip of YAML, or GIFT), or download the bank."""
    form = ImportForm()
    form.article.choices = {"": "(as the file says)"} | {
        a.slug: a.title if a.title != "unknown" else a.slug
        for a in db.session.scalars(select(Article).order_by(Article.title))
    }
    problems: list[bank.Problem] = []
    if form.validate_on_submit():
        upload = form.file.data
        name = upload.filename or "upload"
        try:
            banks = files.read_upload(name, upload.read(), form.article.data or None, form.skill.data or None)
        except bank.BankError as error:
            problems = error.problems
        else:
            begin_teacher_write()
            tally = importer.import_banks(db.session, banks, current_user.id)
            db.session.commit()
            flash(f"Imported {name}: {tally}.", "info")
            return redirect(url_for("teacher.transfer"))
    skipped = [(q.key, q.kind) for q in files.current_questions() if q.kind not in gift.EXPRESSIBLE]
    status = 400 if problems or form.errors else 200
    return render_template("teacher/transfer.html", form=form, problems=problems, skipped=skipped), status


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
