"""Error pages that say what happened in plain words, and never show a traceback."""

import logging
import secrets

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

MESSAGES = {
    400: "The request could not be understood, so nothing was changed.",
    403: "You are not allowed to see this page.",
    404: "There is nothing at this address. Check the link, or start from the list of quizzes.",
    405: "This page cannot be used that way.",
    413: "What was sent is too large.",
    429: "Too many tries in a short time. Wait a few minutes and try again.",
}

# Headings in plain words: never a bare status word such as "Forbidden".
TITLES = {
    400: "Nothing was changed",
    403: "Not available to you now",
    404: "Page not found",
    405: "This page cannot be used that way",
    409: "Nothing was changed",
    413: "Too large to send",
    429: "Too many tries",
}


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        message = (
            "This form's security token was missing or had expired, so nothing was recorded. "
            "Go back, reload the page and send it again."
        )
        return render_template("errors/error.html", code=400, title="Form expired", message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 413:  # the body was refused: nothing rendering this page may read it again
            for part in ("form", "files"):
                request.__dict__.setdefault(part, ImmutableMultiDict())
        default = MESSAGES.get(error.code or 500, "Something went wrong.")
        # Our own aborts carry a sentence for the reader; Werkzeug's stock text does not help them.
        message = error.description if error.description != type(error).description else default
        return render_template(
            "errors/error.html",
            code=error.code,
            title=TITLES.get(error.code or 500, "Something went wrong"),
            message=message,
        ), error.code

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        error_id = secrets.token_hex(4)
        log.error("error %s", error_id, exc_info=getattr(error, "original_exception", None))
        message = f"Something went wrong on our side. If it keeps happening, tell your teacher the error id {error_id}."
        return render_template(
            "errors/error.html", code=500, title="Server error", message=message, error_id=error_id
        ), 500
