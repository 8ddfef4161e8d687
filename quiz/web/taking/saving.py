"""Answers saved as they are given: the page's script posts each change here, the no-script button the whole form."""

from flask import abort, flash, jsonify, redirect, request, url_for
from sqlalchemy.exc import IntegrityError

from quiz.core import clock
from quiz.database import begin_write
from quiz.extensions import csrf, db
from quiz.models import utcnow
from quiz.store import assignments, attempts
from quiz.web.taking.forms import SaveForm
from quiz.web.taking.views import bp, render_expired

SUBMITTED = "This attempt was already submitted, so nothing was changed. Its result stays as it was scored."
EXPIRED = "Not saved: this page's security token has expired. Reload the page; the answers saved before stay."


def wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def refused(message: str, status: int):
    """A save that changes nothing: a short JSON reply for the script, a plain-words page otherwise."""
    db.session.rollback()
    if wants_json():
        return jsonify(saved=False, message=message), status
    abort(status, message)


@bp.post("/attempts/<token>/save")
@csrf.exempt  # checked below instead, so that a stale token gives the answers back rather than a bare error
def save(token: str):
    """Keep the posted answers of an unsubmitted attempt; a submitted one never changes."""
    begin_write()
    attempt = attempts.load_for_update(token) or abort(404)
    if attempt.submitted:
        return refused(SUBMITTED, 409)
    if why := assignments.close_if_late(attempt):
        db.session.commit()  # submitted with what was saved before the time limit
        return refused(why, 409)
    if attempt.quiz.closes_at and utcnow() >= attempt.quiz.closes_at:
        return refused(f"Not saved: this quiz closed on {clock.show(attempt.quiz.closes_at)}.", 409)
    if not SaveForm().validate_on_submit():
        if wants_json():
            return refused(EXPIRED, 400)
        db.session.rollback()
        return render_expired(attempt)
    questions = attempts.questions_of(attempt)
    try:
        touched = attempts.save(attempt, questions, request.form)
        db.session.commit()
    except attempts.Tampered as error:
        return refused(f"This form was changed before it was sent ({error}). Nothing was saved.", 400)
    except IntegrityError:
        # Another request saved this question's first answer at the same moment (PostgreSQL): save over it.
        db.session.rollback()
        begin_write()
        attempt = attempts.load_for_update(token)
        touched = attempts.save(attempt, questions, request.form)
        db.session.commit()
    answered = attempts.answered_count(questions, attempts.saved_fields(attempt))
    db.session.commit()
    if wants_json():
        return jsonify(saved=True, questions=touched, answered=answered, total=len(questions))
    flash(
        f"Your answers are saved: {answered} of {len(questions)} answered. "
        "You can close this page and come back to its address, on this device or another.",
        "success",
    )
    anchor = "step" if attempt.quiz.feedback == "each" else "save-row"
    return redirect(url_for("taking.attempt", token=token, _anchor=anchor))
