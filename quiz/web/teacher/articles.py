"""Articles: paste one in, see what the repair changed and how each sentence seems attributed, save it.

The text is repaired and split once per request (the form keeps the result for the view and the
save); the reading is stored on the sentence rows and recomputed only when the rules change.
"""

import hashlib
import re

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from pydantic import ValidationError
from sqlalchemy import func, insert, select
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.validators import ValidationError as FieldError

from quiz.core import bank, reading, textclean
from quiz.core import sentences as splitter
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import Article, Question, Sentence
from quiz.store.importer import sentence_values, sync_sentences
from quiz.web.forms import TextForm
from quiz.web.teacher.blueprint import bp

MAX_TEXT = 200_000


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) if value else value


class ArticleForm(TextForm):
    title = StringField("Headline", validators=[Optional(), Length(max=300)], filters=[_clean])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)], filters=[_clean])
    author = StringField("Author", validators=[Optional(), Length(max=200)], filters=[_clean])
    url = StringField(
        "Web address",
        validators=[
            Optional(),
            Length(max=500),
            Regexp(r"^https?://\S+$", message="Give the full address, starting with http:// or https://."),
        ],
        filters=[_clean],
    )
    published = StringField(
        "Date published",
        validators=[
            Optional(),
            Regexp(r"^\d{4}-\d{2}-\d{2}$", message="Write the date as YYYY-MM-DD, or leave it empty."),
        ],
        filters=[_clean],
    )
    text = TextAreaField(
        "Article text",
        validators=[DataRequired("Paste the article's text."), Length(max=MAX_TEXT)],
        render_kw={"rows": 14},
    )
    checked = HiddenField()
    check = SubmitField("Check the text")
    save = SubmitField("Save the article")

    def validate_text(self, field) -> None:
        self.repaired = textclean.repair(field.data)
        self.sentences = splitter.split(self.repaired.text)
        if not self.sentences:
            raise FieldError("The text has no sentences.")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def unique_slug(base: str) -> str:
    """A slug for a new article, made from its headline (or first words) and not yet taken."""
    stem = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:60].strip("-") or "article"
    stem = stem if len(stem) >= 2 else f"article-{stem}"
    slug, n = stem, 1
    while db.session.scalar(select(Article.id).where(Article.slug == slug)) is not None:
        n += 1
        slug = f"{stem}-{n}"
    return slug


def readings_for(text: str, sentences) -> dict[str, reading.Reading]:
    """Each sentence's reading, by sentence key, for text not saved yet."""
    return {s.key: r for s, r in zip(sentences, reading.label_spans(text, sentences), strict=True)}


@bp.get("/articles")
def articles():
    """Every article in the school's bank, with who added and last changed it."""
    rows = db.session.execute(
        select(Article, func.count(Question.id))
        .outerjoin(Question, (Question.article_id == Article.id) & Question.current & ~Question.archived)
        .where(~Article.archived)
        .group_by(Article.id)
        .order_by(Article.title)
    ).all()
    return render_template("teacher/articles.html", rows=rows, people=people())


@bp.route("/articles/new", methods=["GET", "POST"])
def new_article():
    """Paste an article; it is shown repaired, split and annotated before anything is saved."""
    form = ArticleForm()
    preview = None
    if form.validate_on_submit():
        repair, found = form.repaired, form.sentences
        preview = {"repair": repair, "sentences": found, "paragraphs": _paragraphs(found)}
        preview["readings"] = readings_for(repair.text, found)
        if form.save.data and form.checked.data == digest(form.text.data):
            article = save_article(form, repair.text, found, list(preview["readings"].values()))
            if article is not None:
                flash(f"Saved “{article.title}” with {len(found)} sentences.", "info")
                return redirect(url_for("teacher.article", article_id=article.id))
        elif form.save.data:
            flash("The text changed since it was checked: look at the changes below, then save.", "error")
        form.checked.data = digest(form.text.data)
    status = 400 if form.errors else 200
    return render_template("teacher/article_new.html", form=form, preview=preview, labels=reading.LABELS), status


def save_article(
    form: ArticleForm, text: str, sentences: list[splitter.Sentence], readings: list[reading.Reading]
) -> Article | None:
    """Store the checked article and its sentences; the bank's own schema has the last word."""
    fields = {name: getattr(form, name).data or "unknown" for name in ("title", "outlet", "author", "url", "published")}
    begin_teacher_write()
    slug = unique_slug(form.title.data or " ".join(text.split()[:6]))
    try:
        bank.ArticleSpec.model_validate({"slug": slug, "text": text, **fields})
    except ValidationError as error:
        for item in error.errors():
            name = str(item["loc"][0])
            getattr(form, name, form.text).errors.append(item["msg"])
        db.session.rollback()
        return None
    article = Article(slug=slug, text=text, created_by_id=current_user.id, updated_by_id=current_user.id, **fields)
    db.session.add(article)
    db.session.flush()
    # A new article's rows in one INSERT: at the size limit the ORM's row-by-row unit of work is most of a save.
    rows = [
        {"article_id": article.id, "key": s.key, **sentence_values(s, r)}
        for s, r in zip(sentences, readings, strict=True)
    ]
    db.session.execute(insert(Sentence), rows)
    article.reading_rules = reading.RULES_VERSION
    db.session.commit()
    return article


def _paragraphs(sentences) -> list[list]:
    grouped: dict[int, list] = {}
    for s in sentences:
        grouped.setdefault(s.paragraph, []).append(s)
    return [grouped[p] for p in sorted(grouped)]


def people() -> dict[int, str]:
    """Teachers' display names by id, to show who wrote and who last changed something."""
    from quiz.models import Teacher

    return {t.id: t.name or t.email for t in db.session.scalars(select(Teacher))}


@bp.get("/articles/<int:article_id>")
def article(article_id: int):
    """An article with a suggestion for each sentence and a link to write a question from it."""
    article = db.get_or_404(Article, article_id)
    if article.reading_rules != reading.RULES_VERSION:
        refresh_reading(article)
    questions = db.session.scalars(
        select(Question)
        .where(Question.article_id == article.id, Question.current, ~Question.archived)
        .order_by(Question.id)
    ).all()
    return render_template(
        "teacher/article.html",
        article=article,
        readings={s.key: s for s in article.sentences},
        questions=questions,
        people=people(),
        draft_form=DraftForm(),
        labels=reading.LABELS,
    )


class DraftForm(TextForm):
    submit = SubmitField("Draft questions")


def refresh_reading(article: Article) -> None:
    """Read a stored article again under the current rules (its text is unchanged, so are its keys)."""
    begin_teacher_write()
    db.session.refresh(article)
    if article.reading_rules != reading.RULES_VERSION:
        sync_sentences(article, splitter.split(article.text))
    db.session.commit()


def article_or_404(article_id: int | None) -> Article:
    return (db.session.get(Article, article_id) if article_id else None) or abort(404)
