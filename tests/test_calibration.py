"""Certainty-based marking on Moodle's scale, and calibration in a sentence."""

from quiz.core import calibration as cal


def test_moodle_certainty_marks_reward_deserved_certainty_and_punish_false_certainty():
    assert [cal.cbm_mark(level, 1.0) for level in ("guessing", "fairly", "sure")] == [1, 2, 3]
    assert [cal.cbm_mark(level, 0.0) for level in ("guessing", "fairly", "sure")] == [0, -2, -6]
    assert cal.cbm_mark(None, 0.0) == 0  # no level counts as a guess


def test_accuracy_at_each_level_and_the_calibration_sentence():
    found = cal.levels([("sure", 4, 1.0), ("guessing", 2, 1.0), ("fairly", 0, 0.0), ("unknown", 9, 9.0)])
    assert [(lv.level, lv.answers, lv.accuracy) for lv in found] == [
        ("guessing", 2, 0.5),
        ("fairly", 0, None),
        ("sure", 4, 0.25),
    ]
    assert cal.sentence(found) == (
        "Guessing: 50% right of 2; Sure: 25% right of 4. Being sure does not yet go with being right."
    )
