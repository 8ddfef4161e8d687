"""Growth between two quizzes taken by the same students: paired gains, normalised gain and effect size.

Only students who took both sides count (a paired design); the others are listed apart. With
scores as fractions of the maximum, for the n paired students:

* gain dᵢ = postᵢ − preᵢ; mean gain d̄ with its 95 % confidence interval d̄ ± t(0.975, n − 1) · s_d / √n
  (Student's t; s_d the sample standard deviation of the gains);
* normalised gain ⟨g⟩ = (post̄ − pre̅) / (1 − pre̅), the share of the possible gain that was made
  (Hake 1998, *Am. J. Phys.* 66, 64), from the class means;
* paired effect size d_z = d̄ / s_d (Cohen 1988; Lakens 2013).
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

# Two-sided 95 % critical values of Student's t by degrees of freedom (any statistics table).
T_975 = {
    1: 12.706,
    2: 4.303,
    3: 3.182,
    4: 2.776,
    5: 2.571,
    6: 2.447,
    7: 2.365,
    8: 2.306,
    9: 2.262,
    10: 2.228,
    11: 2.201,
    12: 2.179,
    13: 2.160,
    14: 2.145,
    15: 2.131,
    16: 2.120,
    17: 2.110,
    18: 2.101,
    19: 2.093,
    20: 2.086,
    21: 2.080,
    22: 2.074,
    23: 2.069,
    24: 2.064,
    25: 2.060,
    26: 2.056,
    27: 2.052,
    28: 2.048,
    29: 2.045,
    30: 2.042,
    40: 2.021,
    60: 2.000,
    120: 1.980,
}
Z_975 = 1.960


def t_critical(df: int) -> float:
    """t(0.975, df): from the table, interpolated in 1/df between its rows, 1.960 beyond 120."""
    if df < 1:
        raise ValueError("needs at least one degree of freedom")
    if df in T_975:
        return T_975[df]
    if df > 120:
        return Z_975 + (T_975[120] - Z_975) * 120 / df
    low = max(k for k in T_975 if k < df)
    high = min(k for k in T_975 if k > df)
    share = (1 / low - 1 / df) / (1 / low - 1 / high)
    return T_975[low] + (T_975[high] - T_975[low]) * share


@dataclass(frozen=True)
class Growth:
    paired: int
    pre_mean: float | None
    post_mean: float | None
    mean_gain: float | None
    low: float | None  # 95 % confidence interval of the mean gain
    high: float | None
    normalised_gain: float | None
    d_z: float | None


def growth(pre: Mapping[str, float], post: Mapping[str, float], bounded: bool = True) -> Growth:
    """Growth of the students in both ``pre`` and ``post`` (name → score as a fraction of the maximum)."""
    names = sorted(set(pre) & set(post))
    n = len(names)
    if n == 0:
        return Growth(0, None, None, None, None, None, None, None)
    gains = [post[k] - pre[k] for k in names]
    pre_mean = math.fsum(pre[k] for k in names) / n
    post_mean = math.fsum(post[k] for k in names) / n
    mean_gain = math.fsum(gains) / n
    normalised = (post_mean - pre_mean) / (1 - pre_mean) if pre_mean < 1 - 1e-12 else None
    if n < 2:
        return Growth(n, pre_mean, post_mean, mean_gain, None, None, normalised, None)
    sd = math.sqrt(math.fsum((g - mean_gain) ** 2 for g in gains) / (n - 1))
    margin = t_critical(n - 1) * sd / math.sqrt(n)
    d_z = mean_gain / sd if sd > 1e-12 else None
    # A gain in shares of the maximum lies between −1 and 1, so the interval is cut there (few students).
    low, high = mean_gain - margin, mean_gain + margin
    if bounded:
        low, high = max(low, -1.0), min(high, 1.0)
    return Growth(n, pre_mean, post_mean, mean_gain, low, high, normalised, d_z)


def unpaired(pre: Mapping[str, float], post: Mapping[str, float]) -> tuple[list[str], list[str]]:
    """Students who took only the first quiz, and only the second: listed apart, never counted."""
    return sorted(set(pre) - set(post)), sorted(set(post) - set(pre))


def change(before: Mapping[str, float], after: Mapping[str, float]) -> Growth:
    """Paired change of a figure that has no maximum (discernment d′, bias c): no normalised gain."""
    found = growth(before, after, bounded=False)
    return Growth(
        found.paired, found.pre_mean, found.post_mean, found.mean_gain, found.low, found.high, None, found.d_z
    )
