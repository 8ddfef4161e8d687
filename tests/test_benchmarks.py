"""The performance runner works end to end in its tiny form; it reports speed, and no test judges it."""

import re
import subprocess
import sys

import pytest

from tests.helpers import REPO

MEASUREMENTS = ["quiz page", "submission", "result page", "quiz list", "summary page"]
NUMBER = r"[0-9]+(?:\.[0-9]+)?"


@pytest.mark.browser
def test_the_runner_measures_app_and_reference_side_by_side_and_stores_every_submission():
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--seconds", "3", "--rounds", "1", "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr

    row = rf"\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})\s+(\d+)\s+(\d+)$"
    assert re.search(rf"^hello\s+reference{row}", out, re.M), out
    for name in MEASUREMENTS:
        for server in ("reference", "app"):
            line = re.search(rf"^{name}\s+{server}{row}", out, re.M)
            assert line, f"no {server} line for {name}:\n{out}"
            assert int(line.group(5)) > 0, f"{name} on {server} answered no request"
        assert re.search(rf"^ratio {name}: app/reference (page|insert) = {NUMBER}", out, re.M), out

    stored = re.search(
        r"^submissions: (\d+) answered with a redirect, (\d+) errors; stored (\d+) submitted attempts"
        r" with [\d,]+ answers \((\d+) each: (\w+)\)",
        out,
        re.M,
    )
    assert stored, out
    answered, errors, attempts, _, whole = stored.groups()
    assert int(errors) == 0 and whole == "complete"
    assert int(attempts) >= int(answered) > 0

    weight = re.search(r"^quiz page in Chromium: ([\d,]+) bytes transferred in (\d+) responses", out, re.M)
    assert weight and int(weight.group(2)) >= 3, out  # the page, its stylesheet and its script
    assert int(weight.group(1).replace(",", "")) < 100 * 1024
    assert re.search(r"^quiz page in Chromium: load event after \d+ ms", out, re.M), out
    assert "quiz page in Chromium: requests to other hosts: none" in out
    assert re.search(r"^\s+\| 1,000 \|", out, re.M), out  # the summaries benchmark's row
    assert re.search(r"^whole run: \d+ s$", out, re.M), out
