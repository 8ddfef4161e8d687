"""LTI login and launch: login states, the platforms' key sets, checking a launch and using up its nonce."""

import secrets
import threading
from datetime import timedelta

import jwt
from sqlalchemy import delete, select

from quiz.core import lti as core
from quiz.core.lti import Launch, Refused
from quiz.extensions import db
from quiz.models import (
    LtiNonce,
    LtiPlatform,
    LtiState,
    utcnow,
)
from quiz.store.lti.platforms import find_platform

STATE_LIFETIME = timedelta(minutes=10)
NONCE_KEPT = timedelta(days=1)
# How far a platform's clock may be from ours when its token's times are checked.
LEEWAY_SECONDS = 60


def begin_login(issuer: str, client_id: str | None) -> tuple[LtiPlatform, LtiState]:
    """A new state and nonce for a login the platform began; old states are cleared out."""
    platform = find_platform(issuer, client_id)
    if platform is None:
        raise Refused("This learning platform is not registered with the quiz. Ask the server’s administrator.")
    db.session.execute(delete(LtiState).where(LtiState.created_at < utcnow() - STATE_LIFETIME))
    state = LtiState(platform_id=platform.id, state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32))
    db.session.add(state)
    return platform, state


_key_sets: dict[str, jwt.PyJWKClient] = {}
_key_sets_lock = threading.Lock()
# A token naming a key the tool has not seen makes it fetch the platform's key set once more, but not
# more often than this: a stream of made-up key ids cannot turn the tool against the platform.
KEY_SET_COOLDOWN_SECONDS = 5.0


def platform_keys(jwks_url: str) -> jwt.PyJWKClient:
    """The platform’s key set, kept an hour, and fetched again when a token names a key not in it."""
    from quiz.store import lti  # the cooldown is read from the package, where it may be tuned (tests set it to 0)

    with _key_sets_lock:
        if jwks_url not in _key_sets:
            _key_sets[jwks_url] = jwt.PyJWKClient(
                jwks_url, lifespan=3600, timeout=10, cooldown_duration=lti.KEY_SET_COOLDOWN_SECONDS
            )
        return _key_sets[jwks_url]


def accept_launch(id_token: str, state_value: str) -> tuple[LtiPlatform, Launch]:
    """Check a launch (reading only: call ``use_launch`` in a write next); ``Refused`` when anything is wrong."""
    state = db.session.scalar(select(LtiState).where(LtiState.state == state_value)) if state_value else None
    if state is None or state.created_at < utcnow() - STATE_LIFETIME:
        raise Refused(
            "This launch does not match a sign-in begun here (its state is unknown or has expired). "
            "Open the activity again from your course."
        )
    platform = db.session.get(LtiPlatform, state.platform_id)
    try:
        key = platform_keys(platform.jwks_url).get_signing_key_from_jwt(id_token)
        claims = jwt.decode(
            id_token,
            key.key,
            algorithms=[core.ALGORITHM],
            audience=platform.client_id,
            issuer=platform.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]},
        )
    except jwt.ExpiredSignatureError:
        raise Refused("The launch has expired. Open the activity again from your course.") from None
    except jwt.InvalidAudienceError:
        raise Refused("The launch was meant for another tool (its audience is not this tool).") from None
    except jwt.InvalidIssuerError:
        raise Refused("The launch does not come from the platform that began the sign-in (wrong issuer).") from None
    except jwt.PyJWKClientConnectionError:
        raise Refused("The platform’s public keys could not be fetched just now. Try again in a moment.") from None
    except jwt.PyJWKClientError:
        raise Refused("The launch is signed with a key the platform does not publish.") from None
    except jwt.InvalidSignatureError:
        raise Refused("The launch’s signature does not match the platform’s key.") from None
    except jwt.InvalidTokenError as error:
        raise Refused(f"The launch could not be read as a signed LTI message ({error}).") from None
    launch = core.read_launch(claims, platform.deployment_ids, platform.client_id, state.nonce)
    if _nonce_used(platform.id, launch.nonce):
        raise Refused("This launch was already used. Open the activity again from your course.")
    return platform, launch


def _nonce_used(platform_id: int, nonce: str) -> bool:
    return (
        db.session.scalar(select(LtiNonce.id).where(LtiNonce.platform_id == platform_id, LtiNonce.nonce == nonce))
        is not None
    )


def use_launch(platform: LtiPlatform, launch: Launch) -> None:
    """Mark the checked launch’s nonce used (in a write): the state, which carries it, cannot serve twice."""
    if _nonce_used(platform.id, launch.nonce):
        raise Refused("This launch was already used. Open the activity again from your course.")
    db.session.execute(delete(LtiNonce).where(LtiNonce.used_at < utcnow() - NONCE_KEPT))
    db.session.add(LtiNonce(platform_id=platform.id, nonce=launch.nonce))
    db.session.flush()
