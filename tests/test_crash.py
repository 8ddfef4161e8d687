"""The app server killed with SIGKILL mid-burst, twice: the short form of benchmarks/crash.py.

Runs on the database the suite runs on (PostgreSQL when TEST_DATABASE_URL is set). The full size,
10 rounds, is ``python benchmarks/crash.py`` (see benchmarks/README.md).
"""

import pytest

from tests.helpers import run_benchmark

pytestmark = pytest.mark.load


def test_killing_the_server_mid_submission_loses_no_acknowledged_answer_and_half_writes_nothing(tmp_path):
    figures = run_benchmark("crash.py", "--rounds", "2", "--students", "60", "--workdir", str(tmp_path))

    assert figures["killed_mid_flight"] == 2
    assert figures["acknowledged"] > 0
    assert figures["acknowledged_missing"] == 0
    assert figures["integrity_failures"] == 0
    assert figures["half_written"] == 0
    assert figures["errors_5xx"] == 0
    assert figures["database_locked"] == 0
    assert figures["restarted_and_served"]
