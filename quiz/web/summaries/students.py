"""Per-student summaries: the list, the student × question grid, discernment and leaning, and one student."""

from flask import abort, render_template, request

from quiz.core import advice, charts, discernment
from quiz.core import statistics as st
from quiz.core.itemstats import skill_stats
from quiz.core.kinds import KINDS
from quiz.core.taxonomy import CATEGORIES, CATEGORY_HINTS, SKILLS
from quiz.extensions import db
from quiz.models import Attempt
from quiz.store import reports
from quiz.store.attempts import article_of, questions_of
from quiz.web.summaries.filtering import csv_response, filter_args, page_number, quiz_or_404, read_scope
from quiz.web.summaries.views import bp

STUDENTS_PER_PAGE = 50
GRID_ROWS_PER_PAGE = 100
READERS_PER_PAGE = 100


@bp.get("/<slug>/students")
def students(slug: str):
    """The students whose attempts count, by name, a page at a time."""
    quiz = quiz_or_404(slug)
    scope, form, _ = read_scope(quiz)
    page = page_number()
    rows, total = reports.students(db.session, scope, page, STUDENTS_PER_PAGE)
    pages = max(1, -(-total // STUDENTS_PER_PAGE))
    return render_template(
        "summaries/students.html",
        waiting=reports.not_started(db.session, scope),
        quiz=quiz,
        form=form,
        args=filter_args(form),
        rows=rows,
        total=total,
        page=page,
        pages=pages,
    )


@bp.get("/<slug>/grid")
def grid(slug: str):
    """Every counted attempt against every question: right, partly, wrong or not answered."""
    quiz = quiz_or_404(slug)
    scope, form, _ = read_scope(quiz)
    page = page_number()
    found = reports.grid(db.session, scope, page, GRID_ROWS_PER_PAGE)
    pages = max(1, -(-found.total // GRID_ROWS_PER_PAGE))
    return render_template(
        "summaries/grid.html",
        quiz=quiz,
        form=form,
        args=filter_args(form),
        grid=found,
        page=page,
        pages=pages,
    )


@bp.get("/<slug>/grid.csv")
def grid_csv(slug: str):
    """The grid as CSV: every counted attempt, one column per question."""
    quiz = quiz_or_404(slug)
    scope, _, _ = read_scope(quiz)
    found = reports.grid(db.session, scope, 1, 1_000_000)
    return csv_response(reports.grid_rows(found), f"{quiz.slug}-grid.csv")


@bp.get("/<slug>/readers")
def readers(slug: str):
    """Each student's discernment and bias on sourced claims and on opinions, plotted and tabled."""
    quiz = quiz_or_404(slug)
    scope, form, _ = read_scope(quiz)
    page = page_number()
    found = reports.readers_page(db.session, scope, page, READERS_PER_PAGE)
    pages = max(1, -(-found.total // READERS_PER_PAGE))
    people = advice.profiles(found.readers)
    shown = [p for p in people if p.sourced.enough]
    return render_template(
        "summaries/readers.html",
        quiz=quiz,
        form=form,
        args=filter_args(form),
        people=people,
        sd=discernment,
        page=page,
        pages=pages,
        total=found.total,
        whole={t: discernment.detection(t, found.pooled) for t in discernment.DISTINCTIONS},
        plot=charts.scatter(
            "reader-plot",
            "Students by discernment and leaning",
            "Each student is a point: across, how well they tell sourced claims from the rest (d′); up, how "
            "sceptical they are (bias c; above 0.5 over-sceptical, below −0.5 credulous). The table below "
            "gives every number.",
            plot_points(shown),
            "Discernment d′ (more is better)",
            "Bias c (up: doubts more)",
            bands=[
                (discernment.SCEPTICAL_BIAS, "over-sceptical above"),
                (discernment.CREDULOUS_BIAS, "credulous below"),
            ],
        ),
    )


@bp.get("/<slug>/student")
def student(slug: str):
    """One student: skills, mix-ups, discernment and leaning first; their attempts and full answers below."""
    quiz = quiz_or_404(slug)
    name = request.args.get("name", "").strip()
    if not name or len(name) > 60:
        abort(400, "Say which student: the link gives their name.")
    scope, form, _ = read_scope(quiz, student=name)
    attempts = reports.student_attempts(db.session, scope)
    if not attempts:
        abort(404, "No submitted attempt by that name is in this summary.")
    checks = {a.id: st.guessing_check(a.score, a.max_score, reports.attempt_chance(db.session, a)) for a in attempts}
    shown = pick_attempt(attempts)
    items = reports.question_stats(db.session, scope)
    mixups = reports.confusion(reports.judgement_counts(db.session, scope, items))
    profile = next(iter(advice.profiles(reports.readers(db.session, scope))), None)
    sure = reports.confidence_report(db.session, scope) if quiz.ask_confidence else None
    return render_template(
        "summaries/student.html",
        quiz=quiz,
        name=name,
        form=form,
        args=filter_args(form),
        attempts=attempts,
        checks=checks,
        shown=shown,
        confusion=mixups,
        charts=charts,
        st=st,
        profile=profile,
        sure=sure,
        sd=discernment,
        skill_rows=skill_stats(items),
        attempts_points=[(str(i), a.score) for i, a in enumerate(attempts, 1)],
        **feedback_context(shown),
    )


def pick_attempt(attempts: list[Attempt]) -> Attempt:
    wanted = request.args.get("attempt", "")
    if not wanted:
        return attempts[-1]
    chosen = next((a for a in attempts if str(a.id) == wanted), None)
    return chosen or abort(404, "That attempt is not one of this student’s.")


def feedback_context(attempt: Attempt) -> dict:
    """What the student's own result page shows, for the same templates."""
    return dict(
        attempt=attempt,
        questions=questions_of(attempt),
        answers={a.question_id: a for a in attempt.answers},
        article=article_of(attempt),  # the version it was answered on
        kinds=KINDS,
        categories=CATEGORIES,
        category_hints=CATEGORY_HINTS,
        skills=SKILLS,
    )


def plot_points(people: list) -> list[tuple[str, float, float]]:
    """One labelled point per position: students at the same place share a point named once ("Ana and 3 more")."""
    places: dict[tuple[float, float], list] = {}
    for p in people:
        places.setdefault((round(p.sourced.d_prime, 1), round(p.sourced.bias, 1)), []).append(p)
    return [
        (group[0].name if len(group) == 1 else f"{group[0].name} and {len(group) - 1} more", x, y)
        for (x, y), group in places.items()
    ]
