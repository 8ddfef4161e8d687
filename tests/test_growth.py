"""Growth between a before and an after quiz, against numbers worked out by hand."""

import pytest

from quiz.core import growth as gr


def test_paired_gain_normalised_gain_and_effect_size_match_the_hand_computation():
    # Four paired students; Eve took only the first quiz and Finn only the second.
    pre = {"Ana": 0.4, "Ben": 0.5, "Cy": 0.6, "Dee": 0.5, "Eve": 0.9}
    post = {"Ana": 0.6, "Ben": 0.6, "Cy": 0.9, "Dee": 0.7, "Finn": 0.2}
    found = gr.growth(pre, post)
    # Gains 0.2, 0.1, 0.3, 0.2: mean 0.2, s_d = sqrt(0.02 / 3) = 0.08165.
    assert found.paired == 4
    assert found.mean_gain == pytest.approx(0.2)
    # 95 % interval: 0.2 ± 3.182 * 0.08165 / 2 = 0.2 ± 0.1299.
    assert found.low == pytest.approx(0.0701, abs=1e-4)
    assert found.high == pytest.approx(0.3299, abs=1e-4)
    # Means 0.5 before, 0.7 after: <g> = 0.2 / 0.5 = 0.4.
    assert found.normalised_gain == pytest.approx(0.4)
    assert found.d_z == pytest.approx(2.4495, abs=1e-4)  # 0.2 / 0.08165
    assert gr.unpaired(pre, post) == (["Eve"], ["Finn"])


def test_t_values_come_from_the_table_and_shrink_towards_1_96():
    assert gr.t_critical(3) == 3.182
    assert 2.042 > gr.t_critical(35) > 2.021
    assert gr.t_critical(10_000) == pytest.approx(1.96, abs=0.001)


def test_no_pairs_and_one_pair_give_no_interval():
    assert gr.growth({"Ana": 0.5}, {"Ben": 0.5}).paired == 0
    one = gr.growth({"Ana": 0.5}, {"Ana": 0.75})
    assert one.mean_gain == pytest.approx(0.25) and one.low is None and one.d_z is None


def test_a_few_students_interval_stays_within_the_possible_gains():
    found = gr.growth({"Ana": 0.0, "Ben": 0.5}, {"Ana": 1.0, "Ben": 0.6})
    assert (found.low, found.high) == (-1.0, 1.0)  # t(1) = 12.7 would reach far beyond both ends


def test_a_change_without_a_maximum_keeps_its_full_interval():
    found = gr.change({"Ana": 0.0, "Ben": 1.0}, {"Ana": 2.0, "Ben": 2.0})
    assert found.mean_gain == pytest.approx(1.5) and found.normalised_gain is None
    # Gains 2 and 1: s_d = 0.7071, so 1.5 ± 12.706 × 0.7071 / √2.
    assert found.high == pytest.approx(1.5 + 12.706 * 0.5, abs=1e-3)
