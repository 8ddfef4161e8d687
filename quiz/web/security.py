"""Browser-side defences on every response, and the refusal to serve with the debugger on.

Every page, error page and static file carries a Content-Security-Policy that lets the browser
run only the app's own script and style files (no inline code, no plugins, no framing, no
``<base>`` rewriting), plus ``nosniff`` and a referrer policy that keeps attempt tokens in
URLs from leaking to other sites. Files are accepted only by the forms that ask for one, and ids in
URLs only up to what the database can hold.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix
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
    app.before_request(refuse_out_of_range_values)
    app.after_request(add_headers)
    app.after_request(keep_private_pages_out_of_caches)
    trust_configured_addresses(app)


def trust_configured_addresses(app: Flask) -> None:
    """Absolute links from the configured base, and the client's address from a proxy only when told to.

    ``QUIZ_BASE_URL`` (else ``SERVER_NAME``) fixes the host and scheme every absolute link is built
    from, so a forged ``Host:`` header cannot change the class join link. ``QUIZ_PROXY_FIX=N`` (the
    number of proxies in front, usually 1) takes the client's address and scheme from their
    ``X-Forwarded-For`` and ``X-Forwarded-Proto``; without it those headers are ignored.
    """
    base = app.config.get("QUIZ_BASE_URL") or ""
    if not base and app.config.get("SERVER_NAME"):
        base = f"{app.config.get('PREFERRED_URL_SCHEME') or 'http'}://{app.config['SERVER_NAME']}"
    if base:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RuntimeError(f"QUIZ_BASE_URL must look like https://quiz.example.org, not {base!r}")
        app.wsgi_app = FixedBase(app.wsgi_app, parts.scheme, parts.netloc, parts.path.rstrip("/"))
    proxies = int(app.config.get("QUIZ_PROXY_FIX") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0, x_port=0, x_prefix=0)


class FixedBase:
    """WSGI middleware: every request is taken as addressed to the configured scheme, host and path prefix."""

    def __init__(self, wsgi_app: Any, scheme: str, host: str, prefix: str) -> None:
        self.wsgi_app, self.scheme, self.host, self.prefix = wsgi_app, scheme, host, prefix

    def __call__(self, environ: dict, start_response: Any) -> Any:
        environ["wsgi.url_scheme"] = self.scheme
        environ["HTTP_HOST"] = self.host
        environ.pop("HTTP_X_FORWARDED_HOST", None)
        if self.prefix:
            environ["SCRIPT_NAME"] = self.prefix
        return self.wsgi_app(environ, start_response)


# Pages a student's token opens: their answers and score, for them alone.
PRIVATE_ENDPOINTS = {"taking.attempt", "taking.result", "classes.joined"}


def keep_private_pages_out_of_caches(response: Response) -> Response:
    """``no-store`` on teacher pages, students' results, CSVs and downloads: no shared cache keeps a copy."""
    if request.endpoint == "static":
        return response
    private = (
        getattr(current_user, "is_authenticated", False)
        or (request.endpoint or "") in PRIVATE_ENDPOINTS
        or (request.blueprint or "") in ("teacher", "summaries")
        or "attachment" in response.headers.get("Content-Disposition", "")
        or response.mimetype == "text/csv"
    )
    if private and "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    return response


def refuse_debug(app: Flask) -> None:
    if app.debug and not app.testing:
        raise RuntimeError(DEBUG_REFUSED)


def refuse_stray_files() -> None:
    if request.method == "POST" and request.mimetype == "multipart/form-data" and request.files:
        if set(request.files) - UPLOADS.get(request.endpoint or "", set()):
            abort(400, "This form does not take files, so nothing was changed.")


# A whole value that is a number longer than any column holds, or a date-and-time outside the years every
# time zone can convert: no honest form sends one, and libraries choke on them (a 4,300-digit number
# overflows a float comparison). The sign-in forms are left alone: a password may be all digits.
_LONG_NUMBER = re.compile(r"^\s*[-+]?\d{19,}\s*$")
_DATE_TIME = re.compile(r"^\s*[-+]?(\d+)-\d{1,2}-\d{1,2}[T ]\d")
MIN_YEAR, MAX_YEAR = 1900, 9998


def refuse_out_of_range_values() -> None:
    if (request.blueprint or "") == "auth" or request.method != "POST":
        return
    for source in (request.args, request.form):
        for value in source.values():
            if len(value) > 18 and _LONG_NUMBER.match(value):
                abort(400, "A number in what was sent is far too long, so nothing was changed.")
            if (match := _DATE_TIME.match(value)) and not MIN_YEAR <= int(match.group(1)[:6]) <= MAX_YEAR:
                abort(400, f"Give dates between the years {MIN_YEAR} and {MAX_YEAR}. Nothing was changed.")


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
