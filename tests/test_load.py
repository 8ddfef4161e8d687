"""Sixty students submitting at the same instant against gunicorn: the short form of benchmarks/load.py.

Runs on the database the suite runs on (PostgreSQL when TEST_DATABASE_URL is set). The full size,
200 students in bursts of 60, is ``python benchmarks/load.py`` (see benchmarks/README.md).
"""

import pytest

from tests.helpers import run_benchmark

pytestmark = pytest.mark.load


def test_a_burst_of_sixty_students_is_recorded_once_each_with_no_error(tmp_path):
    figures = run_benchmark("load.py", "--students", "60", "--burst", "60", "--workdir", str(tmp_path))

    assert figures["acknowledged"] == 60
    assert figures["lost"] == 0
    assert figures["duplicated"] == 0
    assert figures["not_whole"] == 0
    assert figures["errors_5xx"] == 0
    assert figures["database_locked"] == 0
    assert figures["client_errors"] == []
    assert figures["submit_p95_ms"] > 0


def test_twenty_copies_of_one_submission_at_once_give_exactly_one_result(tmp_path):
    figures = run_benchmark("load.py", "--students", "1", "--burst", "1", "--double", "20", "--workdir", str(tmp_path))

    double = figures["double_submit"]
    assert double["attempts"] == 1
    assert set(double["statuses"]) == {"302"}
    assert double["ok"]
