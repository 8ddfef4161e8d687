"""The formulas behind the teacher's summaries, computed from sums the database has already made.

Every function takes counts and sums (never rows), so the database does the work over a million
answers and these formulas run on a handful of numbers. A statistic that cannot be computed (one
attempt, everyone scoring the same) is ``None``, and the page says why instead of showing a number.

Choices made here, each the textbook one:

* Spread is the sample standard deviation (divided by n - 1), as most gradebooks report it.
* Reliability is Cronbach's alpha with population variances; for right-or-wrong items it is
  exactly KR-20. It is only reported from ``MIN_ATTEMPTS_FOR_RELIABILITY`` attempts on.
* Discrimination is the corrected point-biserial: the correlation between an item's credit and
  the rest of the test (the total minus the item), so an item does not correlate with itself.
* Guessing is a one-sided exact binomial test: how likely a student answering at random would
  score at least this much. It is computed in exact fractions, so no precision is lost.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

MIN_ATTEMPTS_FOR_RELIABILITY = 20
MIN_ANSWERS_FOR_FLAGS = 10
GUESSING_SIGNIFICANCE = 0.05

VERY_EASY = 0.90
VERY_HARD = 0.30
WEAK_DISCRIMINATION = 0.20


@dataclass(frozen=True)
class Spread:
    """Count, mean, median and sample standard deviation of a set of scores."""

    count: int
    mean: float | None
    median: float | None
    sd: float | None


def describe(frequencies: Mapping[float, int]) -> Spread:
    """Summarise scores given as ``{score: how many attempts got it}``."""
    items = sorted((float(score), int(n)) for score, n in frequencies.items() if n > 0)
    count = sum(n for _, n in items)
    if count == 0:
        return Spread(0, None, None, None)
    mean = math.fsum(score * n for score, n in items) / count
    sd = None
    if count > 1:
        squares = math.fsum(n * (score - mean) ** 2 for score, n in items)
        sd = math.sqrt(squares / (count - 1))
    return Spread(count, mean, median(items), sd)


def median(sorted_frequencies: list[tuple[float, int]]) -> float | None:
    """The middle score of ``[(score, count), ...]`` sorted by score (mean of the two middles)."""
    count = sum(n for _, n in sorted_frequencies)
    if count == 0:
        return None
    low_rank, high_rank = (count - 1) // 2, count // 2
    low = high = None
    seen = 0
    for score, n in sorted_frequencies:
        if low is None and low_rank < seen + n:
            low = score
        if high_rank < seen + n:
            high = score
            break
        seen += n
    return (low + high) / 2


def variance(n: int, total: float, squares: float) -> float | None:
    """Population variance from a count, a sum and a sum of squares (never below zero)."""
    if n == 0:
        return None
    mean = total / n
    return max(squares / n - mean * mean, 0.0)


def cronbach_alpha(item_variances: Iterable[float], total_variance: float | None) -> float | None:
    """Cronbach's alpha (KR-20 when items are right or wrong); ``None`` when it is undefined."""
    item_variances = list(item_variances)
    k = len(item_variances)
    if k < 2 or not total_variance or total_variance <= 1e-12:
        return None
    return k / (k - 1) * (1 - math.fsum(item_variances) / total_variance)


def correlation(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    """Pearson's r from sums; ``None`` when either side does not vary."""
    if n < 2:
        return None
    vx = n * sxx - sx * sx
    vy = n * syy - sy * sy
    if vx <= 1e-9 * max(1.0, n * sxx) or vy <= 1e-9 * max(1.0, n * syy):
        return None
    r = (n * sxy - sx * sy) / math.sqrt(vx * vy)
    return max(-1.0, min(1.0, r))


def item_rest_correlation(
    n: int, item: float, item_squares: float, item_total: float, total: float, total_squares: float
) -> float | None:
    """Corrected point-biserial: an item's credit against the rest of the test.

    ``item`` and ``item_squares`` sum the item's credit; ``total`` and ``total_squares`` sum the
    attempts' scores; ``item_total`` sums credit times score. The rest is score minus credit.
    """
    rest = total - item
    rest_squares = total_squares - 2 * item_total + item_squares
    item_rest = item_total - item_squares
    return correlation(n, item, rest, item_squares, rest_squares, item_rest)


def binomial_tail(k: int, n: int, p: Fraction | float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed in exact fractions."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    p = Fraction(p)
    q = 1 - p
    return float(sum(math.comb(n, i) * p**i * q ** (n - i) for i in range(k, n + 1)))


@dataclass(frozen=True)
class GuessCheck:
    """Could a student answering at random have scored this much?"""

    p_value: float
    chance_score: float
    could_be_guessing: bool


def guessing_check(score: float, max_score: int, chance_score: Fraction | float) -> GuessCheck | None:
    """Binomial test of a score against the quiz's chance score, one-sided, at 5 %.

    Each of ``max_score`` points is treated as one trial won by a guesser with probability
    chance / max. Partial credit is rounded down, so the test never flatters a student.
    """
    if max_score <= 0:
        return None
    p = Fraction(chance_score) / max_score
    p_value = binomial_tail(math.floor(score + 1e-9), max_score, p)
    return GuessCheck(p_value, float(chance_score), p_value > GUESSING_SIGNIFICANCE)


def row_percentages(matrix: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, float | None]]:
    """Each cell as a percentage of its row's total (``None`` for an empty row)."""
    result: dict[str, dict[str, float | None]] = {}
    for row, cells in matrix.items():
        total = sum(cells.values())
        result[row] = {col: (100 * n / total if total else None) for col, n in cells.items()}
    return result


def question_flags(
    answers: int,
    facility: float | None,
    discrimination: float | None,
    key_count: int | None = None,
    top_wrong_count: int | None = None,
) -> list[str]:
    """Plain warnings about a question, once it has ``MIN_ANSWERS_FOR_FLAGS`` answers."""
    if answers < MIN_ANSWERS_FOR_FLAGS or facility is None:
        return []
    flags = []
    if facility >= VERY_EASY:
        flags.append("very easy")
    elif facility < VERY_HARD:
        flags.append("very hard")
    if discrimination is not None and discrimination < WEAK_DISCRIMINATION:
        flags.append("does not separate strong from weak readers")
    if key_count is not None and top_wrong_count is not None and top_wrong_count > key_count:
        flags.append("a wrong answer is more popular than the right one")
    return flags
