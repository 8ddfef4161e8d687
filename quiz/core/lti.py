"""LTI 1.3 without a web framework or a database: the claims a launch must carry, and the tool’s own keys.

PyJWT checks signatures, expiry, issuer and audience; ``read_launch`` then checks what LTI adds
(version, message type, deployment, nonce, the parts each message needs) and returns the launch as
plain values. The tool's RSA keys live as PEM files in one folder: the newest signs, and a key
replaced by ``rotate`` is still published until every token it signed has expired.
"""

import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from quiz.core import names

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"

RESOURCE_LINK = "LtiResourceLinkRequest"
DEEP_LINK = "LtiDeepLinkingRequest"

SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_MEMBERSHIPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
SCOPES = (SCOPE_LINEITEM, SCOPE_SCORE, SCOPE_MEMBERSHIPS)

# Roles whose launches act as the course's teacher (full URIs or the short names some platforms send).
STAFF_ROLES = ("Instructor", "Administrator", "ContentDeveloper", "Mentor", "TeachingAssistant")

# Tokens the tool signs (service requests, deep-linking answers) live this long; a key replaced by a
# rotation stays published for longer than that.
TOKEN_SECONDS = 300
RETIRED_KEY_SECONDS = 3600
ALGORITHM = "RS256"


class Refused(Exception):
    """A launch the tool will not accept; the message says why in plain words."""


@dataclass
class Launch:
    """What the tool keeps of a checked launch."""

    message_type: str
    user_id: str
    name: str
    staff: bool
    deployment_id: str
    nonce: str = ""
    context_id: str | None = None
    context_title: str = ""
    resource_link_id: str | None = None
    custom: dict[str, Any] = field(default_factory=dict)
    lineitem_url: str | None = None
    lineitems_url: str | None = None
    memberships_url: str | None = None
    deep_link_return_url: str | None = None
    deep_link_data: str | None = None
    email: str = ""


def is_staff(roles: list[str]) -> bool:
    """True for an instructor, administrator or content developer of the course (not a learner)."""
    for role in roles:
        last = role.rsplit("#", 1)[-1] if "#" in role else role.rsplit("/", 1)[-1]
        if last in STAFF_ROLES or "/membership/Instructor#" in role:
            return True
    return False


def person_name(claims: dict[str, Any]) -> str:
    """The person’s name as the platform gives it, cleaned as every name is; "Student" when it has none to show."""
    name = claims.get("name") or " ".join(p for p in (claims.get("given_name"), claims.get("family_name")) if p)
    name = names.clean(str(name))[:60].strip()
    return name if name and names.problem(name) is None else "Student"


def read_launch(claims: dict[str, Any], deployment_ids: list[str], client_id: str, nonce: str) -> Launch:
    """The launch these signature-checked claims describe, or ``Refused`` saying what is wrong."""
    if claims.get(LTI + "version") != "1.3.0":
        raise Refused("The platform sent a launch of an LTI version other than 1.3.")
    if not nonce or claims.get("nonce") != nonce:
        raise Refused("The launch does not answer the sign-in this tool began (its nonce does not match).")
    audience = claims.get("aud")
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise Refused("The launch was meant for another tool (its authorised party is not this tool).")
    deployment = claims.get(LTI + "deployment_id")
    if not isinstance(deployment, str) or deployment not in deployment_ids:
        raise Refused("The launch comes from a deployment that is not registered with this tool.")
    message_type = claims.get(LTI + "message_type")
    if message_type not in (RESOURCE_LINK, DEEP_LINK):
        raise Refused("The platform sent a kind of launch this tool does not offer.")
    user_id = claims.get("sub")
    if not isinstance(user_id, str) or not user_id:
        raise Refused("The launch does not say who the user is.")
    context, ags, nrps = _part(claims, LTI + "context"), _part(claims, AGS_CLAIM), _part(claims, NRPS_CLAIM)
    roles = claims.get(LTI + "roles")
    launch = Launch(
        message_type=message_type,
        user_id=user_id[:255],
        name=person_name(claims),
        email=str(claims.get("email") or ""),
        staff=is_staff([str(r) for r in roles] if isinstance(roles, list) else []),
        deployment_id=deployment,
        nonce=nonce[:255],
        context_id=str(context["id"])[:255] if context.get("id") else None,
        context_title=str(context.get("title") or context.get("label") or "")[:300],
        custom={str(k): v for k, v in _part(claims, LTI + "custom").items()},
        lineitem_url=_address(ags.get("lineitem")),
        lineitems_url=_address(ags.get("lineitems")),
        memberships_url=_address(nrps.get("context_memberships_url")),
    )
    if message_type == RESOURCE_LINK:
        link = _part(claims, LTI + "resource_link")
        if not link.get("id"):
            raise Refused("The launch does not say which activity was opened.")
        launch.resource_link_id = str(link["id"])[:255]
    else:
        settings = _part(claims, DEEP_LINKING + "deep_linking_settings")
        if not _address(settings.get("deep_link_return_url")):
            raise Refused("The platform asked to add an activity but did not say where to send it.")
        if not launch.staff:
            raise Refused("Only a course’s teacher can add this activity.")
        launch.deep_link_return_url = settings["deep_link_return_url"]
        data = settings.get("data")
        launch.deep_link_data = data if isinstance(data, str) else None
    return launch


def _part(claims: dict[str, Any], name: str) -> dict[str, Any]:
    """A claim that must be an object; anything else counts as missing."""
    value = claims.get(name)
    return value if isinstance(value, dict) else {}


def _address(value: Any) -> str | None:
    """A service address from a claim: an http(s) URL that fits its column, or nothing."""
    if isinstance(value, str) and value.startswith(("https://", "http://")) and len(value) <= 500:
        return value
    return None


def deep_link_response(launch: Launch, client_id: str, issuer: str, items: list[dict], key: "ToolKey") -> str:
    """The signed answer to a deep-linking request: the activities the teacher picked."""
    now = int(time.time())
    claims = {
        "iss": client_id,
        "aud": [issuer],
        "iat": now,
        "exp": now + TOKEN_SECONDS,
        "nonce": secrets.token_urlsafe(16),
        LTI + "deployment_id": launch.deployment_id,
        LTI + "message_type": "LtiDeepLinkingResponse",
        LTI + "version": "1.3.0",
        DEEP_LINKING + "content_items": items,
    }
    if launch.deep_link_data is not None:
        claims[DEEP_LINKING + "data"] = launch.deep_link_data
    return key.sign(claims)


def client_assertion(client_id: str, token_url: str, key: "ToolKey") -> str:
    """The signed JWT with which the tool asks a platform’s token URL for a service token."""
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": token_url,
        "iat": now,
        "exp": now + TOKEN_SECONDS,
        "jti": secrets.token_urlsafe(16),
    }
    return key.sign(claims)


# --- The tool's keys --------------------------------------------------------------------------


@dataclass
class ToolKey:
    kid: str
    created: int
    private_pem: bytes

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.private_pem, algorithm=ALGORITHM, headers={"kid": self.kid})

    def public_jwk(self) -> dict[str, Any]:
        public = serialization.load_pem_private_key(self.private_pem, password=None).public_key()
        jwk = json.loads(RSAAlgorithm.to_jwk(public))
        return {**jwk, "kid": self.kid, "alg": ALGORITHM, "use": "sig"}


def _new_key(folder: Path, now: int) -> ToolKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    kid = f"{now:012d}-{secrets.token_hex(4)}"
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / f"{kid}.pem", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    return ToolKey(kid, now, pem)


def keys(folder: Path) -> list[ToolKey]:
    """The tool’s keys, oldest first; the first one is made here when there is none."""
    found = sorted(folder.glob("*.pem")) if folder.is_dir() else []
    if not found:
        return [_new_key(folder, int(time.time()))]
    return [ToolKey(path.stem, int(path.stem.split("-", 1)[0]), path.read_bytes()) for path in found]


def signing_key(folder: Path) -> ToolKey:
    return keys(folder)[-1]


def key_set(folder: Path) -> dict[str, Any]:
    """The public keys a platform checks the tool’s tokens with (a JSON Web Key Set)."""
    return {"keys": [key.public_jwk() for key in keys(folder)]}


def rotate(folder: Path, now: int | None = None) -> ToolKey:
    """A new signing key; keys replaced more than ``RETIRED_KEY_SECONDS`` ago are deleted."""
    now = int(time.time()) if now is None else now
    existing = keys(folder)
    new = _new_key(folder, max(now, existing[-1].created + 1))
    for older, newer in zip(existing, [*existing[1:], new], strict=True):
        if newer.created + RETIRED_KEY_SECONDS < now:
            (folder / f"{older.kid}.pem").unlink(missing_ok=True)
    return new


def score_url(lineitem_url: str) -> str:
    """The scores endpoint of a line item: ``/scores`` added to its path, before any query."""
    path, _, query = lineitem_url.partition("?")
    return f"{path.rstrip('/')}/scores" + (f"?{query}" if query else "")
