"""The summary formulas against examples worked by hand, including the awkward classes."""

import math
from fractions import Fraction

import pytest

from quiz.core import statistics as st


def test_four_students_scores_have_the_mean_median_and_spread_worked_by_hand():
    spread = st.describe({4.0: 1, 1.5: 1, 1.0: 1, 2.5: 1})
    assert spread.count == 4
    assert spread.mean == pytest.approx(2.25)
    assert spread.median == pytest.approx(2.0)  # between 1.5 and 2.5
    assert spread.sd == pytest.approx(math.sqrt(5.25 / 3))  # squared deviations 3.0625 + 0.5625 + 1.5625 + 0.0625


def test_the_median_of_an_odd_count_is_the_middle_score_even_when_repeated():
    assert st.describe({1.0: 2, 5.0: 1}).median == 1.0
    assert st.describe({0.0: 1, 2.0: 3, 9.0: 1}).median == 2.0


def test_one_attempt_has_a_mean_and_median_but_no_spread():
    assert st.describe({3.0: 1}) == st.Spread(1, 3.0, 3.0, None)


def test_no_attempts_have_no_statistics():
    assert st.describe({}) == st.Spread(0, None, None, None)
    assert st.describe({2.0: 0}) == st.Spread(0, None, None, None)


def test_everyone_scoring_the_same_has_zero_spread():
    assert st.describe({4.0: 30}).sd == 0.0


# A Guttman pattern: four students, three items, each harder than the last.
#   student  item1 item2 item3  total
#   P1         1     1     1      3
#   P2         1     1     0      2
#   P3         1     0     0      1
#   P4         0     0     0      0
ITEM_VARIANCES = [0.75 * 0.25, 0.5 * 0.5, 0.25 * 0.75]
TOTAL_VARIANCE = 1.25  # scores 3, 2, 1, 0 around 1.5


def test_kr20_of_the_guttman_pattern_is_three_quarters():
    assert st.variance(4, 6, 14) == pytest.approx(TOTAL_VARIANCE)
    assert st.cronbach_alpha(ITEM_VARIANCES, TOTAL_VARIANCE) == pytest.approx(1.5 * (1 - 0.625 / 1.25))


def test_reliability_is_undefined_when_everyone_is_right_everyone_is_wrong_or_one_attempt():
    everyone_right = st.variance(25, 25 * 3, 25 * 9)  # 25 students all scoring 3 of 3
    assert everyone_right == 0.0
    assert st.cronbach_alpha([0.0, 0.0, 0.0], everyone_right) is None
    assert st.cronbach_alpha([0.0, 0.0, 0.0], st.variance(25, 0, 0)) is None  # everyone wrong
    assert st.cronbach_alpha([0.0, 0.0], st.variance(1, 2, 4)) is None  # one attempt
    assert st.cronbach_alpha([0.25], 0.25) is None  # one item is not a test


def test_item_rest_correlation_of_the_easiest_guttman_item():
    # item1 = 1,1,1,0 against the rest 2,1,0,0: r = 0.75 / sqrt(0.75 * 2.75)
    r = st.item_rest_correlation(n=4, item=3, item_squares=3, item_total=6, total=6, total_squares=14)
    assert r == pytest.approx(0.75 / math.sqrt(0.75 * 2.75))


def test_an_item_the_weaker_students_get_right_correlates_negatively():
    # credit 1,0,1,0 on totals 4,1.5,1,2.5: rest 3,1.5,0,2.5; r = -0.5 / sqrt(1 * 5.25)
    r = st.item_rest_correlation(n=4, item=2, item_squares=2, item_total=5, total=9, total_squares=25.5)
    assert r == pytest.approx(-0.5 / math.sqrt(5.25))


def test_discrimination_is_undefined_when_everyone_is_right_wrong_or_alone():
    assert st.item_rest_correlation(4, 4, 4, 10, 10, 30) is None  # everyone right: the item does not vary
    assert st.item_rest_correlation(4, 0, 0, 0, 6, 14) is None  # everyone wrong
    assert st.item_rest_correlation(1, 1, 1, 3, 3, 9) is None  # one attempt


def test_binomial_tails_worked_by_hand():
    assert st.binomial_tail(1, 4, Fraction(1, 3)) == pytest.approx(65 / 81)  # 1 - (2/3)^4
    assert st.binomial_tail(4, 4, Fraction(1, 3)) == pytest.approx(1 / 81)
    assert st.binomial_tail(2, 4, Fraction(1, 3)) == pytest.approx(33 / 81)
    assert st.binomial_tail(0, 4, Fraction(1, 3)) == 1.0
    assert st.binomial_tail(5, 4, Fraction(1, 3)) == 0.0


def test_binomial_tails_stay_exact_for_long_quizzes():
    # P(X >= 50) for 100 fair coins = 1/2 + C(100, 50) / 2^101, to the last digit.
    assert st.binomial_tail(50, 100, Fraction(1, 2)) == 0.5 + math.comb(100, 50) / 2**101
    assert 0 < st.binomial_tail(100, 100, Fraction(1, 4)) < 1e-60


def test_a_low_score_could_be_guessing_and_a_full_score_could_not():
    chance = Fraction(4, 3)  # a four-question quiz where guessing earns 4/3 points
    low = st.guessing_check(1, 4, chance)
    assert low.could_be_guessing and low.p_value == pytest.approx(65 / 81)
    full = st.guessing_check(4, 4, chance)
    assert not full.could_be_guessing and full.p_value == pytest.approx(1 / 81)
    assert st.guessing_check(2.9, 4, chance).p_value == pytest.approx(33 / 81)  # partial credit rounds down
    assert st.guessing_check(0, 4, chance).p_value == 1.0  # everyone wrong
    assert st.guessing_check(0, 0, chance) is None


def test_row_percentages_leave_an_empty_row_empty():
    assert st.row_percentages({"a": {"a": 3, "b": 1}, "b": {"a": 0, "b": 0}}) == {
        "a": {"a": 75.0, "b": 25.0},
        "b": {"a": None, "b": None},
    }


def test_flags_wait_for_enough_answers():
    assert st.question_flags(st.MIN_ANSWERS_FOR_FLAGS - 1, 1.0, 0.0, 2, 7) == []


def test_flags_name_easy_hard_weak_and_popular_wrong_answers():
    n = st.MIN_ANSWERS_FOR_FLAGS
    assert st.question_flags(n, 0.95, 0.5) == ["very easy"]
    assert st.question_flags(n, 0.10, 0.5) == ["very hard"]
    assert st.question_flags(n, 0.60, 0.05) == ["does not separate strong from weak readers"]
    assert st.question_flags(n, 0.25, 0.4, key_count=3, top_wrong_count=5) == [
        "very hard",
        "a wrong answer is more popular than the right one",
    ]
    assert st.question_flags(n, 0.60, 0.4, key_count=5, top_wrong_count=5) == []
    assert st.question_flags(n, 1.0, None) == ["very easy"]  # everyone right: no discrimination to judge
