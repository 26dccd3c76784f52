"""Which machine the numbers come from, and how busy it was: timings mean little without it."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from pathlib import Path

from harness import ROOT, chromium_path


def cpu_busy(seconds=1.0):
    """Share of all CPUs busy over `seconds` (from /proc/stat), before we start anything; None if unknown."""
    def sample():
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields[:8]), idle
    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return 1.0 - (idle1 - idle0) / (total1 - total0) if total1 > total0 else None


def machine_info(browser_version=None):
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, check=False,
                                text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    from importlib.metadata import version

    import numpy

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem_gb,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "playwright": version("playwright"),
        "chromium": browser_version,
        "chromium_path": chromium_path(),
        "git_commit": commit,
        "loadavg_start": list(os.getloadavg()),
        "cpu_busy_before": cpu_busy(),
    }
