"""Browser-side defences on every response, and the refusal to serve with the debugger on.

Every page, error page and static file carries a Content-Security-Policy that lets the browser
run only the app's own script and style files (no inline code, no plugins, no framing, no
``<base>`` rewriting), plus ``nosniff`` and a referrer policy that keeps attempt tokens in
URLs from leaking to other sites. Files are accepted only by the forms that ask for one, and ids in
URLs only up to what the database can hold.
"""

from flask import Flask, Response, abort, request
from werkzeug.routing import IntegerConverter

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}

# The forms that take files, and under which field names; a file anywhere else is refused, since a
# file where a form expects text would reach that field's filters and validators.
UPLOADS = {"teacher.transfer": {"file"}}

DEBUG_REFUSED = (
    "Debug mode is on (FLASK_DEBUG=1 or --debug). Its interactive debugger lets anyone who can reach the "
    "server run code on it, so the app refuses to start. Unset FLASK_DEBUG and start it again."
)


class DatabaseInteger(IntegerConverter):
    """An ``<int:...>`` URL part that fits the smallest integer column (PostgreSQL's 32 bits), so a huge id
    is a 404, not a crash."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def register(app: Flask) -> None:
    """Refuse debug mode outside tests, bound URL ids, refuse stray files, and add the security headers."""
    refuse_debug(app)
    app.url_map.converters["int"] = DatabaseInteger  # before the blueprints add their routes
    app.before_request(refuse_stray_files)
    app.after_request(add_headers)


def refuse_debug(app: Flask) -> None:
    if app.debug and not app.testing:
        raise RuntimeError(DEBUG_REFUSED)


def refuse_stray_files() -> None:
    if request.method == "POST" and request.mimetype == "multipart/form-data" and request.files:
        if set(request.files) - UPLOADS.get(request.endpoint or "", set()):
            abort(400, "This form does not take files, so nothing was changed.")


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
