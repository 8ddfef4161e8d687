"""Students: pick a quiz, read the article, answer, and see what each answer rests on."""

import math
from collections import Counter, defaultdict

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from quiz.core import clock
from quiz.core import result as result_core
from quiz.core.kinds import KINDS
from quiz.core.taxonomy import CATEGORIES, CATEGORY_HINTS, SKILLS
from quiz.database import begin_write
from quiz.extensions import csrf, db
from quiz.models import Article, Attempt, Question, Quiz, QuizQuestion, Sentence, utcnow
from quiz.store import attempts
from quiz.web.classes.views import joined_classroom
from quiz.web.taking import limits
from quiz.web.taking.forms import AgainForm, StartForm, SubmitForm
from quiz.web.zones import quiz_zone

bp = Blueprint("taking", __name__)

READING_WORDS_PER_MINUTE = 180


def minutes_needed(quiz: Quiz, kinds: Counter | None = None) -> int:
    """Reading plus answering time; ``kinds`` (how many questions of each kind) saves loading the questions."""
    kinds = Counter(q.kind for q in quiz.questions) if kinds is None else kinds
    reading = len(quiz.article.text.split()) / READING_WORDS_PER_MINUTE
    answering = sum(KINDS[kind].minutes * count for kind, count in kinds.items())
    return max(1, math.ceil(reading + answering))


def published_quiz(slug: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug, Quiz.published))
    return quiz or abort(404)


def refusal(quiz: Quiz, name: str | None = None, classroom_id: int | None = None) -> str | None:
    """Why a student may not start ``quiz`` now, by the server clock: not open, closed, or attempts used up."""
    now = utcnow()
    if not quiz.open_to_anyone:
        return limits.FOR_CLASSES
    if quiz.opens_at and now < quiz.opens_at:
        return f"This quiz opens on {clock.show(quiz.opens_at, quiz_zone(quiz))}."
    if quiz.closes_at and now >= quiz.closes_at:
        return f"This quiz closed on {clock.show(quiz.closes_at, quiz_zone(quiz))}."
    if name and quiz.max_attempts and limits.link_attempts_used(quiz, name, classroom_id) >= quiz.max_attempts:
        return (
            f"The name “{name}” has submitted all {quiz.max_attempts} attempt(s) this quiz allows. "
            "To try again, ask your teacher."
        )
    return None


def attempt_or_404(token: str) -> Attempt:
    """The attempt with its quiz and article, which every page of it shows, in one query."""
    query = select(Attempt).where(Attempt.token == token).options(joinedload(Attempt.quiz).joinedload(Quiz.article))
    return db.session.scalar(query) or abort(404)


@bp.get("/")
def index():
    """The published quizzes, with the article each is drawn from and how long it takes."""
    quizzes = db.session.scalars(
        select(Quiz)
        .where(Quiz.published, Quiz.open_to_anyone)
        .order_by(Quiz.title)
        .options(joinedload(Quiz.article).selectinload(Article.sentences).load_only(Sentence.text))
    ).all()
    # How many questions of each kind every quiz has, counted in one query rather than loaded.
    kinds: defaultdict[int, Counter] = defaultdict(Counter)
    counted = (
        select(QuizQuestion.quiz_id, Question.kind, func.count())
        .join(Question, Question.id == QuizQuestion.question_id)
        .where(QuizQuestion.quiz_id.in_([quiz.id for quiz in quizzes]))
        .group_by(QuizQuestion.quiz_id, Question.kind)
    )
    for quiz_id, kind, count in db.session.execute(counted):
        kinds[quiz_id][kind] = count
    return render_template(
        "taking/index.html",
        quizzes=quizzes,
        questions={q.id: kinds[q.id].total() for q in quizzes},
        minutes={q.id: minutes_needed(q, kinds[q.id]) for q in quizzes},
        availability={q.id: limits.link_availability(q) for q in quizzes},
    )


@bp.route("/quizzes/<slug>", methods=["GET", "POST"])
def start(slug: str):
    """Type a display name and begin; the attempt and its question order are fixed now."""
    if request.method == "POST":
        begin_write()
    quiz = published_quiz(slug)
    if closed := refusal(quiz):
        abort(403, closed)
    form = StartForm(display_name=request.args.get("name", ""))
    classroom = joined_classroom()
    classroom_id = classroom.id if classroom else None
    if form.validate_on_submit():
        if used_up := refusal(quiz, form.display_name.data, classroom_id):
            form.display_name.errors.append(used_up)
        elif unfinished := limits.unfinished_by_link(quiz, form.display_name.data, classroom_id):
            return redirect(url_for("taking.attempt", token=unfinished.token))
        else:
            attempt = attempts.start(quiz, form.display_name.data, classroom_id)
            db.session.add(attempt)
            db.session.commit()
            return redirect(url_for("taking.attempt", token=attempt.token))
    status = 400 if form.errors else 200
    return render_template("taking/start.html", quiz=quiz, form=form, minutes=minutes_needed(quiz)), status


@bp.get("/attempts/<token>")
def attempt(token: str):
    """The article beside the questions: all at once, or one at a time with feedback after each."""
    attempt = attempt_or_404(token)
    if attempt.submitted and "seen" not in request.args:
        return redirect(url_for("taking.result", token=token))
    if time_up := limits.close_at_limit(attempt):
        return time_up
    questions = attempts.questions_of(attempt)
    if attempt.quiz.feedback == "each":
        return render_step(attempt, questions)
    return render_template("taking/attempt.html", form=SubmitForm(), **page_context(attempt, questions))


@bp.post("/attempts/<token>")
@csrf.exempt  # checked below instead, so that a stale token keeps the answers
def submit(token: str):
    """Grade the answers once; a second click or a refresh finds the attempt done and moves on."""
    begin_write()
    attempt = attempts.load_for_update(token) or abort(404)
    if attempt.submitted:
        return redirect(url_for("taking.result", token=token))
    if late := limits.refuse_late(attempt):
        return late
    if attempt.quiz.closes_at and utcnow() >= attempt.quiz.closes_at:
        db.session.rollback()
        abort(403, f"This quiz closed on {clock.show(attempt.quiz.closes_at)}, so these answers were not recorded.")
    if not SubmitForm().validate_on_submit():
        db.session.rollback()
        return render_expired(attempt)
    questions = attempts.questions_of(attempt)
    if attempt.quiz.feedback == "each":
        questions = [q for q in questions if str(q.id) == request.form.get("question")]
        if not questions:
            abort(400, "The form does not say which question it answers.")
    try:
        responses = attempts.read_answers(questions, attempts.with_saved(attempt, request.form))
    except attempts.Tampered as error:
        db.session.rollback()
        abort(400, f"This form was changed before it was sent ({error}). Nothing was recorded.")
    except attempts.Unanswered as gaps:
        db.session.rollback()
        return render_unanswered(attempt, gaps)
    try:
        attempts.record(attempt, questions, responses)
        db.session.commit()
    except IntegrityError:
        # The same answers, sent twice at once, were stored by the other request (UNIQUE per question).
        db.session.rollback()
        return redirect(url_for("taking.attempt", token=token))
    if attempt.quiz.feedback == "each":
        return redirect(url_for("taking.attempt", token=token, seen=questions[0].id, _anchor="step"))
    return redirect(url_for("taking.result", token=token))


@bp.get("/attempts/<token>/result")
def result(token: str):
    """The score, and for every question: the answer given, the right one, and why."""
    attempt = attempt_or_404(token)
    if not attempt.submitted:
        return redirect(url_for("taking.attempt", token=token))
    context = page_context(attempt, attempts.questions_of(attempt))
    skill_rows = result_core.skill_results(context["questions"], context["answers"], SKILLS)
    left, ask = limits.attempts_left(attempt)
    return render_template(
        "taking/result.html",
        again=AgainForm(),
        attempts_left=left,
        ask=ask,
        skill_rows=skill_rows,
        next_skill=result_core.practise_next(skill_rows),
        calibration=result_core.own_calibration(context["questions"], context["answers"]),
        **context,
    )


@bp.post("/attempts/<token>/again")
def again(token: str):
    """A fresh attempt at the same quiz under the same name."""
    begin_write()
    previous = attempt_or_404(token)
    if not AgainForm().validate_on_submit():
        abort(400)
    if previous.assignment_id is not None:
        return limits.again_in_class(previous)
    if unfinished := limits.unfinished_by_link(previous.quiz, previous.display_name, previous.classroom_id):
        return redirect(url_for("taking.attempt", token=unfinished.token))
    if why := refusal(previous.quiz, previous.display_name, previous.classroom_id):
        abort(403, why)
    attempt = attempts.start(previous.quiz, previous.display_name, previous.classroom_id)
    # Launched from a learning platform: the new attempt's score goes to the same gradebook column.
    attempt.lti_user_id, attempt.lti_link_id = previous.lti_user_id, previous.lti_link_id
    db.session.add(attempt)
    db.session.commit()
    return redirect(url_for("taking.attempt", token=attempt.token))


def page_context(attempt: Attempt, questions: list, **extra) -> dict:
    # A quiz answered all at once has no graded answers until it is submitted; its saved ones fill the form.
    unanswered = attempt.quiz.feedback == "end" and not attempt.submitted
    answers = {} if unanswered else attempts.answers_of(attempt)
    if not attempt.submitted and "submitted" not in extra:
        extra["submitted"] = attempts.saved_fields(attempt) or None
    given = extra.get("submitted") or {}
    answered = len(answers) + attempts.answered_count([q for q in questions if q.id not in answers], given)
    return dict(
        attempt=attempt,
        quiz=attempt.quiz,
        article=attempts.article_of(attempt),
        questions=questions,
        answers=answers,
        kinds=KINDS,
        categories=CATEGORIES,
        category_hints=CATEGORY_HINTS,
        skills=SKILLS,
        answered=answered,
        seconds_left=limits.seconds_left(attempt),
        **extra,
    )


def render_step(attempt: Attempt, questions: list):
    """One question at a time: the next unanswered one, or feedback on the one just answered."""
    answers = {a.question_id: a for a in attempt.answers}
    seen = request.args.get("seen", type=int)
    shown = next((q for q in questions if q.id == seen and q.id in answers), None)
    if shown is None:
        shown = next((q for q in questions if q.id not in answers), None)
        if shown is None:
            return redirect(url_for("taking.result", token=attempt.token))
    number = questions.index(shown) + 1
    context = page_context(attempt, questions, shown=shown, number=number)
    return render_template("taking/step.html", form=SubmitForm(), **context)


def render_unanswered(attempt: Attempt, gaps: attempts.Unanswered):
    """Back to the quiz with every answer kept and the gaps named, as a 400."""
    questions = attempts.questions_of(attempt)
    missing = {q.id for q in gaps.questions}
    flash(f"{len(missing)} question(s) still need an answer: they are marked below.", "error")
    template = "taking/step.html" if attempt.quiz.feedback == "each" else "taking/attempt.html"
    shown = gaps.questions[0]
    given = attempts.with_saved(attempt, request.form)
    context = page_context(
        attempt, questions, missing=missing, submitted=given, shown=shown, number=questions.index(shown) + 1
    )
    return render_template(template, form=SubmitForm(), **context), 400


EXPIRED = (
    "Nothing was recorded yet: this page's security token had expired or did not match. "
    "Your answers are kept below. Check them and submit again."
)


def render_expired(attempt: Attempt):
    """The form's token failed (most often a page left open too long): the answers come back, with a fresh token."""
    questions = attempts.questions_of(attempt)
    done = {a.question_id for a in attempt.answers}
    try:
        given = attempts.with_saved(attempt, request.form)
    except attempts.Tampered:
        given = attempts.saved_fields(attempt)
    missing = {q.id for q in questions if q.id not in done and not has_answer(q, given)}
    flash(EXPIRED, "error")
    template = "taking/step.html" if attempt.quiz.feedback == "each" else "taking/attempt.html"
    posted = next((q for q in questions if str(q.id) == request.form.get("question") and q.id not in done), None)
    shown = posted or next((q for q in questions if q.id not in done), questions[0] if questions else None)
    number = questions.index(shown) + 1 if shown else 1
    context = page_context(attempt, questions, missing=missing, submitted=given, shown=shown, number=number)
    return render_template(template, form=SubmitForm(), **context), 400


def has_answer(question, form) -> bool:
    try:
        return KINDS[question.kind].parse(question, form) is not None
    except attempts.Tampered:
        return False
