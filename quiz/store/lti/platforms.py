"""LTI platforms: registering, finding and forgetting them, and the service tokens they hand out."""

import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from sqlalchemy import delete, select

from quiz.core import lti as core
from quiz.extensions import db
from quiz.models import (
    Attempt,
    LtiContext,
    LtiInstructor,
    LtiLink,
    LtiNonce,
    LtiPendingScore,
    LtiPlatform,
    LtiState,
)

TIMEOUT = (5, 15)


def _url(value: str, what: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"The {what} must be a full web address starting with https:// (got {value!r}).")
    return value.strip()


def add_platform(
    issuer: str, client_id: str, deployment_ids: list[str], auth_url: str, token_url: str, jwks_url: str
) -> LtiPlatform:
    """Register a platform; ``ValueError`` in plain words for a bad address or one already registered."""
    issuer, client_id = issuer.strip(), client_id.strip()
    if not issuer or not client_id or not [d for d in deployment_ids if d.strip()]:
        raise ValueError("The issuer, client id and at least one deployment id are all needed.")
    if find_platform(issuer, client_id) is not None:
        raise ValueError(f"The platform {issuer} with client id {client_id} is already registered.")
    platform = LtiPlatform(
        issuer=issuer,
        client_id=client_id,
        deployment_ids=sorted({d.strip() for d in deployment_ids if d.strip()}),
        auth_url=_url(auth_url, "authorisation URL"),
        token_url=_url(token_url, "token URL"),
        jwks_url=_url(jwks_url, "key set URL"),
    )
    db.session.add(platform)
    db.session.flush()
    return platform


def platforms() -> list[LtiPlatform]:
    return list(db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.issuer, LtiPlatform.client_id)))


def find_platform(issuer: str, client_id: str | None = None) -> LtiPlatform | None:
    """The platform of this issuer (and client id, needed when one issuer has several registrations)."""
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        query = query.where(LtiPlatform.client_id == client_id)
    found = db.session.scalars(query.limit(2)).all()
    return found[0] if len(found) == 1 else None


def remove_platform(issuer: str, client_id: str) -> bool:
    """Forget a platform, its courses and links; attempts made through it stay, as plain attempts."""
    platform = find_platform(issuer, client_id)
    if platform is None:
        return False
    link_ids = select(LtiLink.id).where(LtiLink.platform_id == platform.id)
    # Scores owed to a platform that is gone can never be sent.
    db.session.execute(
        delete(LtiPendingScore).where(
            LtiPendingScore.attempt_id.in_(select(Attempt.id).where(Attempt.lti_link_id.in_(link_ids)))
        )
    )
    for attempt in db.session.scalars(select(Attempt).where(Attempt.lti_link_id.in_(link_ids))):
        attempt.lti_link_id = None
    db.session.flush()
    for model in (LtiLink, LtiInstructor, LtiState, LtiNonce):
        db.session.execute(delete(model).where(model.platform_id == platform.id))
    for context in db.session.scalars(select(LtiContext).where(LtiContext.platform_id == platform.id)):
        db.session.delete(context)
    db.session.delete(platform)
    return True


_tokens: dict[tuple[str, str, str], tuple[str, float]] = {}


def access_token(platform: LtiPlatform, scope: str, key_folder: Path) -> str:
    """A service token from the platform (client-credentials grant, signed JWT), reused until near its end."""
    cache_key = (platform.token_url, platform.client_id, scope)
    if (cached := _tokens.get(cache_key)) and cached[1] > time.time() + 30:
        return cached[0]
    assertion = core.client_assertion(platform.client_id, platform.token_url, core.signing_key(key_folder))
    response = requests.post(
        platform.token_url,
        timeout=TIMEOUT,
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
            "scope": scope,
        },
    )
    response.raise_for_status()
    answer = response.json()
    _tokens[cache_key] = (answer["access_token"], time.time() + float(answer.get("expires_in", 3600)))
    return answer["access_token"]
