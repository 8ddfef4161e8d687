"""LTI 1.3 in the database: registered platforms, login states and used nonces, courses, links, scores.

A launch is checked here against the platform's published keys (fetched with PyJWT's key-set client,
which fetches the set once more when a token names a key it has not seen). Scores owed to a
platform wait in ``lti_pending_score`` until the platform accepts them: ``send_scores`` tries each
due row and, when the platform fails, sets the next try further off (one minute, doubling, at most
six hours). Nothing here imports Flask: the web views and the command line both call it.

The parts: ``platforms`` (registrations and service tokens), ``launches`` (login states, key sets,
launches), ``courses`` (instructors, courses, rosters, links, attempts) and ``scores`` (the gradebook
queue and its retries). Every name is re-exported here, so ``from quiz.store import lti`` serves.
"""

from quiz.core.lti import Launch, Refused
from quiz.store.lti.courses import (
    MEMBERSHIPS_TYPE,
    contexts_of,
    course,
    download_roster,
    instructor_teacher,
    latest_attempt,
    link_for,
    roster_page,
    start_attempt,
    store_roster,
)
from quiz.store.lti.launches import (
    KEY_SET_COOLDOWN_SECONDS,
    LEEWAY_SECONDS,
    NONCE_KEPT,
    STATE_LIFETIME,
    accept_launch,
    begin_login,
    platform_keys,
    use_launch,
)
from quiz.store.lti.platforms import TIMEOUT, access_token, add_platform, find_platform, platforms, remove_platform
from quiz.store.lti.scores import (
    FIRST_RETRY,
    LONGEST_RETRY,
    Sent,
    as_utc,
    next_delay,
    pending_scores,
    platforms_failing,
    post_score,
    queue_score,
    queued_in_this_session,
    send_scores,
)

__all__ = [
    "FIRST_RETRY", "KEY_SET_COOLDOWN_SECONDS", "LEEWAY_SECONDS", "LONGEST_RETRY", "MEMBERSHIPS_TYPE", "NONCE_KEPT",
    "STATE_LIFETIME", "TIMEOUT", "Launch", "Refused", "Sent", "accept_launch", "access_token", "add_platform",
    "as_utc", "begin_login", "contexts_of", "course", "download_roster", "find_platform", "instructor_teacher",
    "latest_attempt", "link_for", "next_delay", "pending_scores", "platform_keys", "platforms", "platforms_failing",
    "post_score", "queue_score", "queued_in_this_session", "remove_platform", "roster_page", "send_scores",
    "start_attempt", "store_roster", "use_launch",
]  # fmt: skip
