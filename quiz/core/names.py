"""Students' names: cleaned the same way everywhere, and compared so that "Maya R" and "maya r." match.

A name is the only thing stored about a student, typed on a phone or pasted from a class list, so
it is normalised (NFKC, invisible format characters removed, spaces folded) and refused if it holds
control characters or bidirectional overrides, which could make one name look like another.
Plain module: no Flask.
"""

import unicodedata

# Characters that reorder the text around them: a name holding one can display as a different name.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean(name: str | None) -> str:
    """NFKC, format characters (zero-width spaces, soft hyphens) dropped but bidi controls kept, spaces folded."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if ch in BIDI_CONTROLS or unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def problem(name: str) -> str | None:
    """Why a cleaned name cannot be stored, in plain words; None when it can."""
    if any(ch in BIDI_CONTROLS for ch in name):
        return "The name has characters that change the direction of the text. Type it again without them."
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in name):
        return "The name has characters that cannot be shown. Type it again with letters only."
    if not student_key(name):
        return "The name needs at least one letter or number."
    return None


def student_key(name: str) -> str:
    """The name as it is compared within a class: case, spaces, accents kept, punctuation ignored."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LNM")[:60]


def class_list(text: str) -> list[str]:
    """The names of a pasted class list, one a line, cleaned; blank lines and repeats (by key) dropped."""
    names, seen = [], set()
    for line in text.splitlines():
        name = clean(line)
        if name and (key := student_key(name)) and key not in seen:
            seen.add(key)
            names.append(name)
    return names
