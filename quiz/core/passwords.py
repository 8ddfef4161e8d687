"""Password hashing with argon2id: the rules a teacher's password must meet, and nothing else.

Plain module (no Flask) so the CLI, the views and the tests share one rule. A password is taken
exactly as typed: no trimming, no case folding, no Unicode normalisation, and no length cap short
enough to cut a passphrase (argon2 has no 72-byte limit as bcrypt does).
"""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
# Long enough for any passphrase, short enough that hashing a pasted book cannot tie up a worker.
MAX_LENGTH = 1024

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class WeakPassword(ValueError):
    """A password that breaks the length rule; the message is meant for the teacher."""


def check_rules(password: str) -> str:
    """Return ``password`` unchanged when it meets the rules, else raise ``WeakPassword``."""
    if not isinstance(password, str):
        raise WeakPassword("Type a password.")
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Use at least {MIN_LENGTH} characters; a few unrelated words make a good one.")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Use at most {MAX_LENGTH} characters.")
    return password


def hash_password(password: str) -> str:
    """An argon2id hash of a password that meets the rules."""
    return _hasher.hash(check_rules(password))


def verify(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches; a malformed stored hash simply does not match."""
    if not isinstance(password, str) or len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's and should be redone."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


# Checked against when the email is unknown, so a wrong email takes as long as a wrong password.
DUMMY_HASH = _hasher.hash("no account has this password")
