"""Telling sourced claims (or opinions) from the rest, apart from a leaning to say one answer.

A quiz on sourced claims and opinions can be "passed" by doubting everything: a reader who calls
every sentence an opinion gets all the opinions right. Signal-detection theory keeps two numbers
apart (Macmillan & Creelman, *Detection Theory: A User's Guide*, 2005; used for misinformation
tests by Maertens et al. 2023, the MIST, and Modirrousta-Galian & Higham 2023):

* hit rate H = P(says "sourced" | the sentence is sourced), false-alarm rate F = P(says "sourced" |
  it is not), each with the log-linear correction (Hautus 1995): (count + 0.5) / (total + 1), so a
  rate is never 0 or 1 and z stays finite;
* discernment d′ = z(H) − z(F): how well the reader tells the two apart (0 = not at all);
* bias c = −(z(H) + z(F)) / 2: the leaning. On the sourced distinction, c > 0 means the reader
  says "sourced" too rarely (over-sceptical: calls attributed facts opinion or unsourced), c < 0 too
  often (credulous).

z is the inverse of the standard normal distribution (``statistics.NormalDist().inv_cdf``).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import NormalDist

Z = NormalDist().inv_cdf

# Bias thresholds on the sourced distinction, in z units, as the issue defines them.
SCEPTICAL_BIAS = 0.5
CREDULOUS_BIAS = -0.5
# Words for discernment; d′ of 1 separates two normal distributions by one standard deviation.
GOOD_DISCERNMENT = 1.5
SOME_DISCERNMENT = 0.75
# Fewer judgements on either side than this and the rates say too little to print.
MIN_JUDGEMENTS = 4

DISTINCTIONS = {"sourced": "sourced claims", "opinion": "opinions"}


def rate(count: float, total: float, corrected: bool = True) -> float | None:
    """count / total, or with the log-linear correction (count + 0.5) / (total + 1) (Hautus 1995)."""
    if corrected:
        return (count + 0.5) / (total + 1)
    return count / total if total else None


def d_prime(hit_rate: float, false_alarm_rate: float) -> float:
    """Discernment d′ = z(H) − z(F)."""
    return Z(hit_rate) - Z(false_alarm_rate)


def criterion(hit_rate: float, false_alarm_rate: float) -> float:
    """Bias c = −(z(H) + z(F)) / 2; positive means the reader says "yes" too rarely."""
    return -(Z(hit_rate) + Z(false_alarm_rate)) / 2


@dataclass(frozen=True)
class Detection:
    """One reader's (or a class's) judgements on one distinction, e.g. sourced against the rest."""

    target: str
    hits: int  # said target, and it was
    signals: int  # sentences that were the target
    false_alarms: int  # said target, and it was not
    noise: int  # sentences that were not the target

    @property
    def enough(self) -> bool:
        return self.signals >= MIN_JUDGEMENTS and self.noise >= MIN_JUDGEMENTS

    @property
    def hit_rate(self) -> float:
        return rate(self.hits, self.signals)

    @property
    def false_alarm_rate(self) -> float:
        return rate(self.false_alarms, self.noise)

    @property
    def d_prime(self) -> float:
        return d_prime(self.hit_rate, self.false_alarm_rate)

    @property
    def bias(self) -> float:
        return criterion(self.hit_rate, self.false_alarm_rate)

    @property
    def words(self) -> str:
        """How well the reader tells the target from the rest, in plain words."""
        if not self.enough:
            return f"needs {MIN_JUDGEMENTS} sentences of each kind"
        what = DISTINCTIONS.get(self.target, self.target)
        level = (
            "well"
            if self.d_prime >= GOOD_DISCERNMENT
            else "somewhat"
            if self.d_prime >= SOME_DISCERNMENT
            else "not yet"
        )
        return f"tells {what} from the rest {level}"

    @property
    def leaning(self) -> str | None:
        """On the sourced distinction: "over-sceptical", "credulous" or ``None``."""
        if self.target != "sourced" or not self.enough:
            return None
        if self.bias >= SCEPTICAL_BIAS:
            return "over-sceptical"
        if self.bias <= CREDULOUS_BIAS:
            return "credulous"
        return None


def detection(target: str, cells: Iterable[tuple[str, str, int]]) -> Detection:
    """Fold ``(right category, chosen category, count)`` cells into one distinction's four counts."""
    hits = signals = false_alarms = noise = 0
    for expected, chosen, n in cells:
        if expected == target:
            signals += n
            hits += n if chosen == target else 0
        else:
            noise += n
            false_alarms += n if chosen == target else 0
    return Detection(target, hits, signals, false_alarms, noise)


LEANING_WORDS = {
    "over-sceptical": "calls attributed, checkable claims opinion or unsourced more often than the text supports",
    "credulous": "calls sentences sourced facts more often than the text supports",
}
