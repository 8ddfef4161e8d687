"""Questions: write one of any kind on an article, check it by the bank's rules, preview it, save it.

The form builds the same spec dict a question file holds and ``authoring.check`` judges it with the
file's own rules; saving goes through ``importer.upsert_question``, so an edit of an answered
question becomes a new version and no past score moves.
"""

from types import SimpleNamespace
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import delete, select
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from quiz.core import authoring
from quiz.core.kinds import KINDS, mark_key
from quiz.core.taxonomy import CATEGORIES, CATEGORY_HINTS, DIFFICULTIES, SKILLS
from quiz.database import begin_teacher_write
from quiz.extensions import db
from quiz.models import Article, Question, QuizQuestion
from quiz.store import importer
from quiz.web.forms import TextForm
from quiz.web.teacher.articles import article_or_404, people
from quiz.web.teacher.blueprint import bp

MAX_CHOICES = 6


class ChoiceRow(Form):
    text = StringField("Text", validators=[Optional(), Length(max=5000)])
    feedback = TextAreaField("Feedback when chosen", validators=[Optional(), Length(max=5000)], render_kw={"rows": 2})


class TagRow(Form):
    sentence = HiddenField()
    category = SelectField("Category", choices={"": "(not in the passage)", **CATEGORIES}, validate_choice=False)
    note = StringField("Why", validators=[Optional(), Length(max=5000)])


def _text(label: str, required: str | None = None, **kw: Any):
    checks = [DataRequired(required)] if required else [Optional()]
    return TextAreaField(label, validators=[*checks, Length(max=5000)], **kw)


class QuestionForm(TextForm):
    kind = SelectField("Kind of question", choices={k: kind.label for k, kind in KINDS.items()})
    skill = SelectField("Skill", choices=dict(SKILLS))
    difficulty = SelectField("Difficulty", choices={d: d for d in DIFFICULTIES}, default="medium")
    prompt = _text("Question", "Write the question.", render_kw={"rows": 2})
    excerpt = _text("Excerpt", render_kw={"rows": 3})
    evidence = StringField("Evidence words", validators=[Optional(), Length(max=5000)])
    explanation = _text("Explanation", "Write the explanation students read after answering.", render_kw={"rows": 3})
    choices = FieldList(FormField(ChoiceRow), min_entries=MAX_CHOICES, max_entries=MAX_CHOICES)
    correct = RadioField(
        "Which choice is right?",
        choices={str(i): f"Choice {i + 1}" for i in range(MAX_CHOICES)},
        validators=[Optional()],
        validate_choice=False,
    )
    answer = SelectField("Right category", choices=dict(CATEGORIES))
    passage = SelectField("Passage to tag", choices={"all": "The whole article"}, validate_choice=False)
    tags = FieldList(FormField(TagRow), min_entries=0, max_entries=1000)
    preview = SubmitField("Check and preview")
    save = SubmitField("Save the question")


# One feedback box per category, so a new category in the taxonomy gets its box here too.
for _cat, _label in CATEGORIES.items():
    setattr(QuestionForm, f"feedback_{_cat}", _text(f"Feedback when a student picks “{_label}”", render_kw={"rows": 2}))


class DeleteForm(TextForm):
    submit = SubmitField("Delete the question")


def prepare(form: QuestionForm, article: Article) -> None:
    """Fit the form to the article: its paragraphs to tag, one tag row per sentence."""
    form.passage.choices = {"all": "The whole article"} | {
        f"p{n}": f"Paragraph {n}" for n in range(1, len(article.paragraphs()) + 1)
    }
    texts = {s.key: s.text for s in article.sentences}
    if not form.tags.entries:
        for s in article.sentences:
            form.tags.append_entry({"sentence": s.key})
    for row in form.tags:
        if row.sentence.data not in texts:
            abort(400, "The form names a sentence that is not in this article. Nothing was saved.")
        row.text = texts[row.sentence.data]
        row.category.label.text = f"Category for {row.sentence.data}"
        row.note.label.text = f"Why, for {row.sentence.data}"


def fill(form: QuestionForm, question: Question) -> None:
    """Put a stored question's content into the form, for editing."""
    for name in ("kind", "skill", "difficulty", "prompt", "excerpt", "evidence", "explanation"):
        getattr(form, name).data = getattr(question, name)
    if question.kind in ("choice", "mark"):
        for row, choice in zip(form.choices, question.choices, strict=False):
            row.text.data, row.feedback.data = choice.text, choice.feedback
        form.correct.data = str(next(i for i, c in enumerate(question.choices) if c.correct))
    elif question.kind == "classify":
        form.answer.data = question.correct_choice.category
        for choice in question.choices:
            getattr(form, f"feedback_{choice.category}").data = choice.feedback
    elif question.kind == "tag":
        form.passage.data = question.data["passage"]
        for row in form.tags:
            item = question.data["key"].get(row.sentence.data)
            if item:
                row.category.data, row.note.data = item["category"], item["note"]


def spec_from(form: QuestionForm, key: str, article: Article) -> dict[str, Any]:
    """The question as a question file would hold it."""
    spec: dict[str, Any] = {
        "id": key,
        "kind": form.kind.data,
        "skill": form.skill.data,
        "difficulty": form.difficulty.data,
        "prompt": form.prompt.data,
        "explanation": form.explanation.data,
    }
    if form.kind.data == "tag":
        spec["passage"] = form.passage.data
        spec["key"] = {
            row.sentence.data: {"category": row.category.data, "note": row.note.data or ""}
            for row in form.tags
            if row.category.data
        }
        return spec
    spec["excerpt"] = " ".join((form.excerpt.data or "").split())
    spec["evidence"] = (form.evidence.data or "").strip()
    if form.kind.data == "classify":
        spec["answer"] = form.answer.data
        spec["feedback"] = {
            cat: getattr(form, f"feedback_{cat}").data
            for cat in CATEGORIES
            if cat != form.answer.data and getattr(form, f"feedback_{cat}").data
        }
    else:
        spec["choices"] = [
            {"text": row.text.data.strip(), "correct": form.correct.data == str(i), "feedback": row.feedback.data or ""}
            for i, row in enumerate(form.choices)
            if row.text.data and row.text.data.strip()
        ]
    return authoring.fill_sentences(spec, article.text)


def show_issues(form: QuestionForm, issues: list[authoring.Issue], spec: dict[str, Any]) -> None:
    """Put each problem beside the field it is about; the rest go to the form's top."""
    kept = [i for i, row in enumerate(form.choices) if row.text.data and row.text.data.strip()]
    form.general_errors = []
    for issue in issues:
        loc = issue.loc
        name = str(loc[0]) if loc else ""
        target = None
        if name == "choices" and len(loc) >= 3 and isinstance(loc[1], int) and loc[1] < len(kept):
            target = form.choices[kept[loc[1]]].form[str(loc[2])] if str(loc[2]) in ("text", "feedback") else None
        elif name == "choices":
            target = form.correct
        elif name == "feedback" and len(loc) > 1 and f"feedback_{loc[1]}" in form:
            target = form[f"feedback_{loc[1]}"]
        elif name == "sentences":
            target = form.excerpt
        elif name == "key":
            target = form.passage
        elif name in form and name not in ("choices", "tags"):
            target = form[name]
        if target is not None:
            target.errors = [*target.errors, issue.message]
        else:
            form.general_errors.append(f"{issue.field or 'question'}: {issue.message}")


def transient(spec_model: Any, article: Article) -> Question:
    """An unsaved question built exactly as saving would build it, for the preview."""
    question = Question(id=0, key=spec_model.id, article_id=article.id, **importer.question_fields(spec_model))
    question.choices = importer.build_choices(spec_model)
    for i, choice in enumerate(question.choices, start=1):
        choice.id = i
    return question


def model_answer(question: Question) -> SimpleNamespace:
    """The right answer, as a stored answer looks, so the preview can show the feedback page too."""
    right = question.correct_choice
    response: Any = None
    if question.kind == "mark":
        response = sorted(mark_key(question))
    elif question.kind == "tag":
        response = {k: v["category"] for k, v in question.data["key"].items()}
    return SimpleNamespace(
        correct=True,
        credit=1.0,
        choice_id=right.id if right else None,
        choice=None if question.kind == "mark" else right,
        response=response,
    )


def student_view(question: Question, article: Article) -> dict[str, Any]:
    """What the student pages' templates need to show ``question`` as a student sees it."""
    return dict(
        q=question,
        article=article,
        number=1,
        total=1,
        skills=SKILLS,
        categories=CATEGORIES,
        category_hints=CATEGORY_HINTS,
        kinds=KINDS,
        answer=model_answer(question),
        submitted=None,
        missing=None,
    )


def next_key(article: Article) -> str:
    """A new question id: the article's slug and a number no version of any question has used."""
    stem = article.slug[:50].rstrip("-")
    taken = set(db.session.scalars(select(Question.key).where(Question.key.like(f"{stem}-q%"))))
    n = 1
    while f"{stem}-q{n}" in taken:
        n += 1
    return f"{stem}-q{n}"


def current_or_404(key: str) -> Question:
    question = db.session.scalar(select(Question).where(Question.key == key, Question.current))
    return question or abort(404)


@bp.get("/questions")
def questions():
    """The bank's questions, newest version of each, with their authors; archived ones apart."""
    rows = db.session.scalars(select(Question).where(Question.current).order_by(Question.article_id, Question.id)).all()
    return render_template(
        "teacher/questions.html",
        live=[q for q in rows if not q.archived],
        archived=[q for q in rows if q.archived],
        people=people(),
        kinds=KINDS,
        skills=SKILLS,
    )


@bp.route("/questions/new", methods=["GET", "POST"])
def new_question():
    """Write a new question on an article; clicking a sentence makes it the excerpt."""
    article_id = request.args.get("article", type=int)
    if article_id is None:
        flash("Choose the article the question is on, then “Write a question on this article”.", "info")
        return redirect(url_for("teacher.articles"))
    return edit(article_or_404(article_id), None)


@bp.route("/questions/<key>/edit", methods=["GET", "POST"])
def edit_question(key: str):
    """Change a question; once students have answered it, the change is saved as a new version."""
    question = current_or_404(key)
    if question.archived:
        abort(404)
    return edit(question.article, question)


def edit(article: Article, question: Question | None):
    """The question form for both writing and changing: validate, preview, or save."""
    form = QuestionForm()
    prepare(form, article)
    if request.method == "GET":
        if question is not None:
            fill(form, question)
        picked = {s.key: s.text for s in article.sentences}.get(request.args.get("sentence", ""))
        if picked:
            form.excerpt.data = picked
    preview = None
    form.general_errors = []
    if form.validate_on_submit():
        key = question.key if question else next_key(article)
        spec = spec_from(form, key, article)
        checked, issues = authoring.check(authoring.article_fields(article), [spec])
        if issues:
            show_issues(form, issues, spec)
        elif form.save.data:
            saved = save(article, checked.questions[0])
            flash(
                f"Saved question {saved.key}" + (f" as version {saved.version}." if saved.version > 1 else "."), "info"
            )
            return redirect(url_for("teacher.question_preview", key=saved.key))
        else:
            preview = transient(checked.questions[0], article)
    failed = bool(form.errors or form.general_errors)
    context = dict(
        form=form, article=article, question=question, preview=preview, people=people(), categories=CATEGORIES
    )
    if preview is not None:
        context["view"] = student_view(preview, article)
    return render_template("teacher/question_form.html", **context), 400 if failed else 200


def save(article: Article, spec: Any) -> Question:
    begin_teacher_write()
    question = importer.upsert_question(db.session, article, spec, importer.Tally(), current_user.id)
    question.updated_by_id = current_user.id
    db.session.commit()
    return question


@bp.get("/questions/<key>")
def question_preview(key: str):
    """A saved question exactly as a student sees it, then the feedback shown after answering."""
    question = current_or_404(key)
    return render_template(
        "teacher/question_preview.html",
        question=question,
        view=student_view(question, question.article),
        people=people(),
        delete_form=DeleteForm(),
    )


@bp.post("/questions/<key>/delete")
def delete_question(key: str):
    """Delete a question nobody has answered; an answered one is archived so past results keep it."""
    begin_teacher_write()
    question = current_or_404(key)
    if not DeleteForm().validate_on_submit():
        abort(400)
    versions = db.session.scalars(select(Question).where(Question.key == key)).all()
    ids = [v.id for v in versions]
    db.session.execute(delete(QuizQuestion).where(QuizQuestion.question_id.in_(ids)))
    if any(importer.has_answers(db.session, v) for v in versions):
        question.archived = True
        question.updated_by_id = current_user.id
        flash(
            f"Question {key} has answers, so it is archived: past results still show it; no quiz uses it now.", "info"
        )
    else:
        for version in versions:
            db.session.delete(version)
        flash(f"Question {key} deleted.", "info")
    db.session.commit()
    return redirect(url_for("teacher.questions"))
