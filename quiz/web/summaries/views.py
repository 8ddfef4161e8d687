"""Teachers' summaries: what to reteach and to whom first, then the numbers behind it."""

from flask import Blueprint, render_template

from quiz.core import advice, charts, discernment
from quiz.core import statistics as st
from quiz.core.itemstats import most_missed
from quiz.core.mixups import most_misread
from quiz.core.taxonomy import CATEGORIES, CATEGORY_HINTS, SKILLS
from quiz.extensions import db
from quiz.store import reports
from quiz.store.reports import COUNTS
from quiz.web.access import require_teacher
from quiz.web.summaries.filtering import csv_response, filter_args, my_classes, quiz_or_404, read_scope, when

bp = Blueprint("summaries", __name__, url_prefix="/teacher/summaries")
bp.before_request(require_teacher)


@bp.context_processor
def helpers() -> dict:
    """Times on every summary page are read in the teacher's own zone."""
    return {"when": when}


@bp.get("/")
def index():
    """Every quiz, with how many attempts there are to summarise."""
    classes = [c.id for c in my_classes()]
    return render_template("summaries/index.html", quizzes=reports.quiz_counts(db.session, classes))


def teaching_questions(report: reports.QuizReport, expected: str) -> list:
    """The classify and tag questions on sentences of one right category: where a mix-up is retaught."""
    sentences = {sentence for sentence, right, _, _ in report.judgements if right == expected}
    found = {
        item.key: item
        for sentence in sentences
        for item in report.readings[sentence].questions
        if item.judges_sentences and item.current
    }
    return sorted(found.values(), key=lambda item: item.number)


@bp.get("/<slug>")
def quiz(slug: str):
    """The quiz summary: what to do next first; then scores, questions, skills, confusions and the heat map."""
    quiz = quiz_or_404(slug)
    scope, form, _ = read_scope(quiz)
    report = reports.quiz_report(db.session, scope)
    people = advice.profiles(report.readers)
    mixups = []
    for cell in report.confusion.top():
        who = advice.who_makes(people, cell["expected"], cell["chosen"])
        mixups.append(dict(cell, who=who, questions=teaching_questions(report, cell["expected"])))
    sentences = {s.key: s for s in quiz.article.sentences}
    sure = reports.confidence_report(db.session, scope) if quiz.ask_confidence else None
    return render_template(
        "summaries/quiz.html",
        quiz=quiz,
        form=form,
        args=filter_args(form),
        report=report,
        article=quiz.article,
        charts=charts,
        st=st,
        categories=CATEGORIES,
        category_hints=CATEGORY_HINTS,
        skills=SKILLS,
        heat_level=reports.heat_level,
        counts_label=COUNTS[scope.counts],
        skill_bars=[(s.label, s.percent) for s in report.skills],
        mixups=mixups,
        misread=[(sentences.get(key), key, r) for key, r in most_misread(report.readings)],
        missed=most_missed(report.questions),
        sceptical=advice.leaning(people, "over-sceptical"),
        credulous=advice.leaning(people, "credulous"),
        class_sourced=discernment.detection(
            "sourced", [(right, chosen, n) for _, right, chosen, n in report.judgements]
        ),
        sd=discernment,
        sure=sure,
        per_student_note=f"Students are named for up to {reports.PER_STUDENT_LIMIT:,} attempts; choose a class or "
        "an assignment above to see who.",
        question_numbers={q.key: q for q in report.questions},
        bins=charts.percent_bins(report.overview.frequencies, report.overview.max_score),
    )


@bp.get("/<slug>/attempts.csv")
def attempts_csv(slug: str):
    """One row per counted attempt."""
    quiz = quiz_or_404(slug)
    scope, _, _ = read_scope(quiz)
    return csv_response(reports.attempt_rows(db.session, scope), f"{quiz.slug}-attempts.csv")


@bp.get("/<slug>/answers.csv")
def answers_csv(slug: str):
    """One row per answer of a counted attempt."""
    quiz = quiz_or_404(slug)
    scope, _, _ = read_scope(quiz)
    return csv_response(reports.answer_rows(db.session, scope), f"{quiz.slug}-answers.csv")
