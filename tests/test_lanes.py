"""The test lanes: without Chromium the CPython tests still run, and the run still fails, saying how to get it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import ROOT


def run_pytest(*args: str, chromium: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NNVIZ_CHROMIUM=chromium)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300, check=False)


def test_without_chromium_cpython_tests_run_and_the_run_fails_with_one_message_saying_how_to_get_it(tmp_path):
    missing = tmp_path / "no-chromium-here"
    run = run_pytest("tests/test_readouts.py", "tests/test_page.py", chromium=str(missing))
    out = run.stdout
    assert run.returncode == 1, out
    summary = out.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and re.search(r"\d+ deselected", summary), summary
    assert "error" not in summary and "failed" not in summary, summary
    assert out.count("BROWSER TESTS NOT RUN") == 1
    assert f"No Chromium at {missing} (NNVIZ_CHROMIUM)" in out
    assert "apt-get install chromium" in out and "NNVIZ_CHROMIUM=/path/to/chromium" in out
    deselected = re.search(r"(\d+) deselected", summary).group(1)
    assert f"{deselected} browser tests need Chromium" in out  # every test_page test, none run


def test_the_cpython_lane_passes_without_chromium(tmp_path):
    run = run_pytest("-m", "not browser", "tests/test_readouts.py", "tests/test_page.py",
                     chromium=str(tmp_path / "no-chromium-here"))
    assert run.returncode == 0, run.stdout
    assert "BROWSER TESTS NOT RUN" not in run.stdout
