"""Wrong class codes and wrong passwords, counted per client address and per code or account, in the database.

The address is ``request.remote_addr``: behind a reverse proxy it is the proxy's unless
``QUIZ_PROXY_FIX=1`` tells the app to take the client's from ``X-Forwarded-For`` (see create_app).
"""

from flask import request

from quiz.core import codes
from quiz.database import begin_write
from quiz.extensions import db
from quiz.store import throttle


def client_address() -> str:
    return request.remote_addr or "unknown"


def wait_message(seconds: int) -> str:
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many wrong tries from this network in a short time. Wait {seconds} {unit}, then try again."


# --- Class codes ------------------------------------------------------------------------------


def join_wait() -> int:
    """Seconds this address must wait before its next class code is looked at (0: none)."""
    return throttle.wait(db.session, "join-address", throttle.digest(client_address()))


def join_failed(typed: str) -> None:
    """Count a wrong code for this address, once per distinct code, and commit the count (nothing else)."""
    db.session.rollback()
    begin_write()
    address = client_address()
    pair = throttle.digest(address, codes.normalise(typed))
    if not throttle.seen(db.session, "join-code", pair):
        throttle.fail(db.session, "join-code", pair)
        throttle.fail(db.session, "join-address", throttle.digest(address))
    db.session.commit()


# --- Teachers' sign-in ------------------------------------------------------------------------


def _login_keys(email: str) -> list[tuple[str, str]]:
    address, account = client_address(), " ".join(email.split()).lower()
    return [
        ("login-address", throttle.digest(address)),
        ("login-pair", throttle.digest(address, account)),
        ("login-account", throttle.digest(account)),
    ]


def login_wait(email: str) -> int:
    """Seconds before a sign-in with ``email`` from this address is tried (0: none); the same for any email."""
    return throttle.longest_wait(db.session, _login_keys(email))


def login_failed(email: str) -> None:
    for scope, key in _login_keys(email):
        throttle.fail(db.session, scope, key)


def login_succeeded(email: str) -> None:
    """A right password clears this account's counts from this address; the address keeps its own."""
    for scope, key in _login_keys(email)[1:2]:
        throttle.clear(db.session, scope, key)
