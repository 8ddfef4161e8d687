"""Class join codes: short, easy to read aloud and type, and too many to guess.

The alphabet leaves out characters people confuse (0/O/D/Q, 1/I/L/7, 2/Z, 5/S, 8/B, G, U/V):
19 characters, 8 of them to a code, is 19**8 ≈ 1.7e10 codes, about 34 bits. Plain module: no Flask.
"""

import math
import re
import secrets

ALPHABET = "ACEFHJKMNPRTWXY3469"
LENGTH = 8
GROUP = 4


def bits() -> float:
    """How many bits of chance a code carries."""
    return LENGTH * math.log2(len(ALPHABET))


def generate() -> str:
    """A fresh random code, stored without the hyphen shown to people."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """What a student typed, as stored: upper case, spaces and hyphens dropped."""
    return re.sub(r"[\s-]+", "", typed or "").upper()


def shown(code: str) -> str:
    """A stored code as printed for a class: ``ACEF-HJKM``."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def looks_valid(code: str) -> bool:
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)
