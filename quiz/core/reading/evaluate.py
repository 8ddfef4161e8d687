"""Score the reading engine on articles labelled by hand, so a change of rules can be measured.

A labelled file has one sentence per line, ``LABEL | source | cues | text``, with ``Q`` (direct
quote), ``A`` (attributed) or ``N`` (the writer's own), ``+`` after the label for a sentence
carried over from the one before, cues separated by ``;``, and a blank line between paragraphs.
Lines starting with ``#`` are the headline and the topic.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from quiz.core.reading import ATTRIBUTED, NONE, QUOTE, read

_CODES = {"Q": QUOTE, "A": ATTRIBUTED, "N": NONE}


@dataclass(frozen=True)
class Gold:
    """One sentence as labelled by hand, with its place in the article's text."""

    text: str
    start: int
    end: int
    attribution: str
    source: str | None
    cues: tuple[str, ...]
    carry_over: bool


@dataclass
class Labelled:
    title: str
    topic: str
    text: str
    sentences: list[Gold]


def load_labelled(path: str | Path) -> Labelled:
    """Read a labelled article; its text is the sentences joined, one paragraph per line."""
    title, topic, paragraphs = "", "", [[]]
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("# topic:"):
            topic = line.removeprefix("# topic:").strip()
        elif line.startswith("#"):
            title = line.lstrip("# ").strip()
        elif not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            code, source, cues, text = (part.strip() for part in re.split(r"\s*\|\s*", line, maxsplit=3))
            paragraphs[-1].append((code, source, cues, text))
    text, sentences = "", []
    for paragraph in [p for p in paragraphs if p]:
        for i, (code, source, cues, sentence) in enumerate(paragraph):
            if i:
                text += " "
            start = len(text)
            text += sentence
            sentences.append(
                Gold(
                    sentence,
                    start,
                    len(text),
                    _CODES[code[0]],
                    source or None,
                    tuple(c.strip() for c in cues.split(";") if c.strip()),
                    code.endswith("+"),
                )
            )
        text += "\n"
    return Labelled(title, topic, text, sentences)


def same_source(found: str | None, wanted: str | None) -> bool:
    """Sources agree when one names the other: ``Quint`` for ``Superintendent Rosa Quint``."""
    if not found or not wanted:
        return found == wanted

    def words(name: str) -> str:
        name = re.sub(r"[^\w’' ]+", " ", name.lower()).split()
        return " " + " ".join(w for w in name if w not in ("the", "a", "an")) + " "

    a, b = words(found), words(wanted)
    return a.strip() != "" and (a in b or b in a)


@dataclass
class Scores:
    """Counts of right answers over a set of labelled articles."""

    sentences: int = 0
    labels_right: int = 0
    carried: int = 0
    carried_right: int = 0
    own: int = 0
    own_right: int = 0
    attributed: int = 0
    sources_right: int = 0
    cue_hits: int = 0
    cues_found: int = 0
    cues_wanted: int = 0
    ends_right: int = 0
    ends_found: int = 0
    ends_wanted: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def cue_f1(self) -> float:
        p = self.cue_hits / self.cues_found if self.cues_found else 0.0
        r = self.cue_hits / self.cues_wanted if self.cues_wanted else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def lines(self) -> list[str]:
        pct = lambda a, b: f"{a} of {b}"  # noqa: E731
        return [
            f"labels right: {pct(self.labels_right, self.sentences)}",
            f"carried-over sentences right: {pct(self.carried_right, self.carried)}",
            f"the writer's own sentences right: {pct(self.own_right, self.own)}",
            f"sources right: {pct(self.sources_right, self.attributed)}",
            f"cue F1: {self.cue_f1:.2f}",
            f"sentence ends: precision {self.ends_right / max(1, self.ends_found):.3f}, "
            f"recall {self.ends_right / max(1, self.ends_wanted):.3f}",
        ]


def score(articles: list[Labelled]) -> Scores:
    """Read each article's text and compare with its labels."""
    scores = Scores()
    for article in articles:
        found = read(article.text).sentences
        ends = {s.end for s in found}
        wanted_ends = {g.end for g in article.sentences}
        scores.ends_found += len(ends)
        scores.ends_wanted += len(wanted_ends)
        scores.ends_right += len(ends & wanted_ends)
        for gold in article.sentences:
            middle = (gold.start + gold.end) // 2
            got = next((s for s in found if s.start <= middle < s.end), None)
            if got is None:
                continue
            scores.sentences += 1
            right = got.attribution == gold.attribution
            scores.labels_right += right
            if gold.carry_over:
                scores.carried += 1
                scores.carried_right += right and got.carry_over
            if gold.attribution == NONE:
                scores.own += 1
                scores.own_right += right
            else:
                scores.attributed += 1
                scores.sources_right += same_source(got.source, gold.source)
            wanted = [c.lower() for c in gold.cues]
            cues = [c.lower() for c in got.cues] if got.attribution != NONE else []
            scores.cues_wanted += len(wanted)
            scores.cues_found += len(cues)
            scores.cue_hits += sum(min(wanted.count(c), cues.count(c)) for c in set(cues))
            if not right or (gold.attribution != NONE and not same_source(got.source, gold.source)):
                scores.misses.append(
                    f"{article.topic}: wanted {gold.attribution}/{gold.source}, got {got.attribution}/{got.source}"
                    f" {list(got.cues)}: {gold.text[:80]}"
                )
    return scores


# --- Damage as pasted text arrives with it, to check the repair -------------------------------

_WINDOWS_1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def damaged(text: str, damage: str) -> str:
    """``text`` as UTF-8 read with the wrong code page.

    ``cp1252`` and ``latin1`` lose nothing (an undefined byte stays as its control character);
    ``lost9d`` is ``cp1252`` with the invisible U+009D then lost; ``thai`` is the lossy Thai code
    page the bundled article came through, where every three-byte mark became ``โ``.
    """
    if damage == "latin1":
        return text.encode().decode("latin-1")
    if damage in ("cp1252", "lost9d"):
        out = "".join(chr(b) if b in _WINDOWS_1252_UNDEFINED else bytes([b]).decode("cp1252") for b in text.encode())
        return out.replace("\x9d", "") if damage == "lost9d" else out
    if damage == "thai":
        return "".join("\u0e42" if len(c.encode()) == 3 and c.encode()[0] == 0xE2 else c for c in text)
    raise ValueError(f"unknown damage {damage!r}")
