"""The question form: one form for every kind, and the mapping between it and a question file's spec."""

from typing import Any

from flask import abort
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
from quiz.core.kinds import KINDS
from quiz.core.taxonomy import CATEGORIES, DIFFICULTIES, SKILLS
from quiz.models import Article, Question
from quiz.web.forms import TextForm

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
    kind = SelectField("Kind of question", choices={name: k.label for name, k in KINDS.items()})
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
    KINDS[question.kind].fill_form(form, question)


def spec_from(form: QuestionForm, key: str, article: Article) -> dict[str, Any]:
    """The question as a question file would hold it."""
    kind = KINDS.get(form.kind.data) or abort(400)
    spec: dict[str, Any] = {
        "id": key,
        "kind": form.kind.data,
        "skill": form.skill.data,
        "difficulty": form.difficulty.data,
        "prompt": form.prompt.data,
        "explanation": form.explanation.data,
        **kind.spec_from_form(form),
    }
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
