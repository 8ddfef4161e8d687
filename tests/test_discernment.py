"""Discernment and bias by hand: the numbers a signal-detection textbook gives for the same counts."""

import pytest

from quiz.core import discernment as sd


def test_h_point_eight_and_f_point_two_give_d_prime_1_683_and_no_bias_without_the_correction():
    h, f = sd.rate(8, 10, corrected=False), sd.rate(2, 10, corrected=False)
    assert (h, f) == (0.8, 0.2)
    assert sd.d_prime(h, f) == pytest.approx(1.683, abs=0.001)
    assert sd.criterion(h, f) == pytest.approx(0.0, abs=1e-12)


def test_the_log_linear_correction_adds_half_a_count_and_one_to_the_total():
    assert sd.rate(0, 10) == pytest.approx(0.5 / 11)
    assert sd.rate(10, 10) == pytest.approx(10.5 / 11)
    # H = 8.5/11, F = 2.5/11: z(0.7727) = 0.7479, z(0.2273) = -0.7479.
    found = sd.detection(
        "sourced",
        [("sourced", "sourced", 8), ("sourced", "opinion", 2), ("opinion", "sourced", 2), ("opinion", "opinion", 8)],
    )
    assert found.d_prime == pytest.approx(1.4958, abs=0.001)
    assert found.bias == pytest.approx(0.0, abs=1e-9)


def test_a_reader_who_calls_everything_opinion_is_over_sceptical_not_discerning():
    cells = [("sourced", "opinion", 6), ("opinion", "opinion", 4), ("unsourced", "opinion", 2)]
    sourced = sd.detection("sourced", cells)
    assert (sourced.hits, sourced.signals, sourced.false_alarms, sourced.noise) == (0, 6, 0, 6)
    assert sourced.d_prime == pytest.approx(0.0, abs=1e-9)
    assert sourced.bias == pytest.approx(1.4652, abs=0.001)  # -(2 * z(0.5/7)) / 2, z(0.0714) = -1.4652
    assert sourced.leaning == "over-sceptical"
    assert sourced.words == "tells sourced claims from the rest not yet"


def test_a_reader_who_calls_everything_sourced_is_credulous():
    cells = [("sourced", "sourced", 6), ("opinion", "sourced", 4), ("unsourced", "sourced", 2)]
    assert sd.detection("sourced", cells).leaning == "credulous"
    assert sd.detection("opinion", cells).leaning is None  # the leaning is read on the sourced distinction only


def test_a_strong_reader_tells_sourced_claims_well_and_leans_neither_way():
    cells = [("sourced", "sourced", 6), ("opinion", "opinion", 4), ("unsourced", "unsourced", 2)]
    found = sd.detection("sourced", cells)
    assert found.words == "tells sourced claims from the rest well" and found.leaning is None


def test_too_few_sentences_of_a_kind_print_no_verdict():
    found = sd.detection("sourced", [("sourced", "sourced", 2), ("opinion", "opinion", 6)])
    assert not found.enough and found.leaning is None
    assert found.words == f"needs {sd.MIN_JUDGEMENTS} sentences of each kind"
