"""The session cookie: Flask's signed cookie, marked Secure whenever the page came over HTTPS."""

from flask import has_request_context, request
from flask.sessions import SecureCookieSessionInterface


class HttpsAwareSessions(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the page was served over HTTPS, not only when configured."""

    def get_cookie_secure(self, app) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)
