"""Which machine the numbers come from, and how busy it was: timings mean little without it."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from pathlib import Path

from harness import ROOT, chromium_path


def _read(path: str, pattern: str) -> str | None:
    try:
        m = re.search(pattern, Path(path).read_text(), re.M)
    except OSError:
        return None
    return m.group(1).strip() if m else None


def machine_info():
    import numpy

    mem_kb = _read("/proc/meminfo", r"^MemTotal:\s+(\d+)")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=False).stdout.strip() or None
    return {
        "nproc": os.cpu_count(),
        "cpu": _read("/proc/cpuinfo", r"^model name\s*:(.*)$") or platform.processor(),
        "memory_gb": round(int(mem_kb) / 1024 / 1024, 1) if mem_kb else None,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "chromium_path": chromium_path(),
        "git_commit": commit,
        "loadavg_start": list(os.getloadavg()),
    }
