"""A simulated learning platform for the LTI tests, served on 127.0.0.1 in a thread of the test process.

It has its own RSA keys and key set, an OIDC authorisation endpoint that builds signed id_tokens, a
token endpoint that checks the tool's signed client assertion, line items whose score endpoint
records what it receives, a names-and-roles endpoint (two pages), and a deep-linking return that
checks the tool's signed answer. A test says what the next launch carries with ``prepare``.
"""

import html
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, abort, jsonify, request
from jwt.algorithms import RSAAlgorithm
from werkzeug.serving import make_server

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
CONTEXT = "course-7"

_FORM_FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict:
    import json

    return {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": kid, "alg": "RS256", "use": "sig"}


def form_fields(page: str) -> dict[str, str]:
    """The hidden fields of an auto-posting page, as a browser would send them."""
    return {name: html.unescape(value) for name, value in _FORM_FIELD.findall(page)}


def form_action(page: str) -> str:
    """Where the page's form to another site posts (a page's own forms post to paths)."""
    return html.unescape(re.search(r'<form method="post" action="(https?://[^"]+)"', page).group(1))


@dataclass
class Platform:
    """The platform's state, which the tests read and change."""

    base: str = ""
    client_id: str = "tool-client-1"
    deployment_id: str = "deployment-1"
    tool_launch_url: str = ""
    tool_jwks_url: str = ""
    # Read the tool's key set this way instead of from tool_jwks_url (a tool behind the Flask test client).
    tool_key_set: Callable[[], dict] | None = None
    keys: dict[str, rsa.RSAPrivateKey] = field(default_factory=lambda: {"platform-key-1": new_key()})
    published: list[str] = field(default_factory=lambda: ["platform-key-1"])
    signing_kid: str = "platform-key-1"
    prepared: dict[str, dict] = field(default_factory=dict)
    issued: list[dict] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    lineitems: dict[str, dict] = field(default_factory=dict)
    scores: list[dict] = field(default_factory=list)
    returned: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    key_set_fetches: int = 0
    down: bool = False
    refused_scores: int = 0

    @property
    def issuer(self) -> str:
        return self.base

    def registration(self) -> list[str]:
        """The arguments of ``flask lti-add-platform`` for this platform."""
        return [
            "lti-add-platform",
            "--issuer",
            self.issuer,
            "--client-id",
            self.client_id,
            "--deployment-id",
            self.deployment_id,
            "--auth-url",
            f"{self.base}/auth",
            "--token-url",
            f"{self.base}/token",
            "--jwks-url",
            f"{self.base}/jwks",
        ]

    # --- What the next launch carries -----------------------------------------------------

    def prepare(
        self,
        user: str,
        name: str,
        roles: list[str],
        message: str = "LtiResourceLinkRequest",
        link: str | None = "link-1",
        custom: dict | None = None,
        lineitem: str | None = None,
        **tamper: Any,
    ) -> dict[str, str]:
        """The login parameters for a launch as ``user``; ``tamper`` spoils the id_token (iss, aud, exp, ...)."""
        hint = secrets.token_hex(8)
        claims: dict[str, Any] = {
            "sub": user,
            "name": name,
            LTI + "roles": roles,
            LTI + "message_type": message,
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "target_link_uri": self.tool_launch_url,
            LTI + "context": {"id": CONTEXT, "label": "MEDIA7", "title": "Media literacy 7"},
            NRPS: {"context_memberships_url": f"{self.base}/memberships/{CONTEXT}", "service_versions": ["2.0"]},
        }
        if message == "LtiResourceLinkRequest":
            claims[LTI + "resource_link"] = {"id": link, "title": "Quiz"}
            claims[LTI + "custom"] = custom or {}
            claims[AGS] = {
                "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
                "lineitems": f"{self.base}/lineitems",
            }
            if lineitem:
                claims[AGS]["lineitem"] = lineitem
        else:
            claims[DL + "deep_linking_settings"] = {
                "deep_link_return_url": f"{self.base}/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["window"],
                "data": "opaque-" + hint,
            }
        self.prepared[hint] = {"claims": claims, "tamper": tamper}
        return {
            "iss": self.issuer,
            "login_hint": user,
            "lti_message_hint": hint,
            "target_link_uri": self.tool_launch_url,
            "client_id": self.client_id,
            "lti_deployment_id": self.deployment_id,
        }

    def id_token(self, hint: str, nonce: str) -> str:
        spec = self.prepared[hint]
        tamper = spec["tamper"]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **spec["claims"],
        }
        for name in ("iss", "aud", "nonce"):
            if name in tamper:
                claims[name] = tamper[name]
        if "exp" in tamper:
            claims["iat"], claims["exp"] = now + tamper["exp"] - 300, now + tamper["exp"]
        if "deployment_id" in tamper:
            claims[LTI + "deployment_id"] = tamper["deployment_id"]
        kid = tamper.get("kid", self.signing_kid)
        key = tamper.get("key") or self.keys[self.signing_kid]
        self.issued.append(claims)
        return jwt.encode(claims, pem(key), algorithm="RS256", headers={"kid": kid})

    def add_line_item(self, label: str, maximum: float, resource_id: str) -> str:
        item_id = str(len(self.lineitems) + 1)
        self.lineitems[item_id] = {"label": label, "scoreMaximum": maximum, "resourceId": resource_id}
        return f"{self.base}/lineitems/{item_id}"

    def check_bearer(self, scope: str) -> None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if scope not in self.tokens.get(token, "").split():
            abort(401)

    def tool_claims(self, token: str, audience: str) -> dict:
        """A token the tool signed, checked with the tool's published key set."""
        if self.tool_key_set is None:
            key = jwt.PyJWKClient(self.tool_jwks_url, cache_jwk_set=False).get_signing_key_from_jwt(token)
        else:
            key = jwt.PyJWKSet.from_dict(self.tool_key_set())[jwt.get_unverified_header(token)["kid"]]
        return jwt.decode(token, key.key, algorithms=["RS256"], audience=audience)


def platform_app(platform: Platform) -> Flask:
    app = Flask("simulated_platform")

    @app.get("/jwks")
    def jwks():
        platform.key_set_fetches += 1
        return {"keys": [public_jwk(platform.keys[kid], kid) for kid in platform.published]}

    @app.get("/start")
    def start():
        """A course page whose link begins a launch: it posts the login initiation to the tool.

        ``role=instructor`` launches as the course's teacher; ``message=deep`` adds an activity (deep linking).
        """
        args = request.args
        teacher = args.get("role") == "instructor"
        if args.get("message") == "deep":
            params = platform.prepare(args["user"], args["name"], [INSTRUCTOR], message="LtiDeepLinkingRequest")
        else:
            params = platform.prepare(
                args["user"],
                args["name"],
                [INSTRUCTOR if teacher else LEARNER],
                custom={"quiz": args["quiz"]},
                lineitem=args.get("lineitem"),
            )
        fields = "".join(f'<input type="hidden" name="{k}" value="{html.escape(v)}">' for k, v in params.items())
        login = platform.tool_launch_url.replace("/lti/launch", "/lti/login")
        return auto_post(login, fields)

    @app.get("/auth")
    def auth():
        """The OIDC authorisation endpoint: checks the tool's request, then posts the id_token back."""
        args = request.args
        expected = {
            "scope": "openid",
            "response_type": "id_token",
            "response_mode": "form_post",
            "prompt": "none",
            "client_id": platform.client_id,
            "redirect_uri": platform.tool_launch_url,
        }
        wrong = {k: args.get(k) for k, v in expected.items() if args.get(k) != v}
        if wrong or args.get("lti_message_hint") not in platform.prepared:
            return f"bad authorisation request: {wrong}", 400
        token = platform.id_token(args["lti_message_hint"], args.get("nonce", ""))
        state = platform.prepared[args["lti_message_hint"]]["tamper"].get("state", args.get("state", ""))
        fields = (
            f'<input type="hidden" name="id_token" value="{html.escape(token)}">'
            f'<input type="hidden" name="state" value="{html.escape(state)}">'
        )
        return auto_post(args["redirect_uri"], fields)

    @app.post("/token")
    def token():
        form = request.form
        if form.get("grant_type") != "client_credentials" or "jwt-bearer" not in form.get("client_assertion_type", ""):
            return {"error": "unsupported_grant_type"}, 400
        try:
            claims = platform.tool_claims(form["client_assertion"], f"{platform.base}/token")
        except jwt.InvalidTokenError as error:
            return {"error": "invalid_client", "error_description": str(error)}, 401
        if claims["iss"] != platform.client_id or claims["sub"] != platform.client_id:
            return {"error": "invalid_client"}, 401
        access = secrets.token_urlsafe(16)
        platform.tokens[access] = form.get("scope", "")
        return {"access_token": access, "token_type": "Bearer", "expires_in": 3600, "scope": form.get("scope", "")}

    @app.post("/lineitems/<item_id>/scores")
    def scores(item_id: str):
        if platform.down:
            platform.refused_scores += 1
            return "platform down for maintenance", 503
        platform.check_bearer("https://purl.imsglobal.org/spec/lti-ags/scope/score")
        if item_id not in platform.lineitems or request.mimetype != "application/vnd.ims.lis.v1.score+json":
            abort(400)
        platform.scores.append({"lineitem": item_id, **request.get_json(force=True)})
        return "", 204

    @app.get("/memberships/<context_id>")
    def memberships(context_id: str):
        platform.check_bearer("https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly")
        page = int(request.args.get("page", 1))
        half = (len(platform.members) + 1) // 2
        chunk = platform.members[:half] if page == 1 else platform.members[half:]
        response = jsonify({"id": request.url, "context": {"id": context_id}, "members": chunk})
        if page == 1:
            response.headers["Link"] = f'<{platform.base}/memberships/{context_id}?page=2>; rel="next"'
        return response

    @app.post("/deep-link-return")
    def deep_link_return():
        claims = platform.tool_claims(request.form["JWT"], platform.issuer)
        assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse"
        assert claims[LTI + "deployment_id"] == platform.deployment_id
        for item in claims[DL + "content_items"]:
            line = item["lineItem"]
            item["lineitem_url"] = platform.add_line_item(line["label"], line["scoreMaximum"], line["resourceId"])
            platform.returned.append({**item, "data": claims.get(DL + "data")})
        return "<!doctype html><title>Activity added</title><h1>Activity added to the course</h1>"

    return app


def auto_post(action: str, fields: str) -> str:
    return (
        f'<!doctype html><html lang="en"><title>Platform</title><body><form method="post" '
        f'action="{html.escape(action)}">{fields}<button>Continue</button></form>'
        "<script>document.forms[0].submit()</script></body></html>"
    )


class PlatformServer:
    """The simulated platform, served on 127.0.0.1 until ``stop``."""

    def __init__(self) -> None:
        self.platform = Platform()
        self.server = make_server("127.0.0.1", 0, platform_app(self.platform), threaded=True)
        self.platform.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
