"""Run read-only commands with a timeout, killing the whole process group on expiry.

Standard library only and Python 3.9 compatible.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence

MAX_OUTPUT = 4 * 1024 * 1024


def _text(data: bytes | None) -> str:
    if not data:
        return ""
    return data[:MAX_OUTPUT].decode("utf-8", errors="replace")


def run(argv: Sequence[str], timeout: float) -> dict[str, object]:
    """Run `argv` and return its evidence record; never raises.

    The child gets its own session so a timeout kills it and anything it started (a
    `virsh` waiting on a dead daemon, say), and stdin is closed so nothing can prompt.
    """
    record: dict[str, object] = {"argv": list(argv)}
    if shutil.which(argv[0]) is None:
        record.update({"status": "missing", "reason": f"{argv[0]}: command not found"})
        return record
    env = dict(os.environ, LC_ALL="C", LANG="C")
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
    except OSError as exc:
        record.update({"status": "error", "reason": exc.strerror or str(exc)})
        return record
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        out, err = proc.communicate()
        record.update(
            {
                "status": "timeout",
                "reason": f"no answer within {timeout:g} s; killed",
                "stdout": _text(out),
                "stderr": _text(err),
                "duration": round(time.monotonic() - started, 3),
            }
        )
        return record
    record.update(
        {
            "status": "ok",
            "exit_code": proc.returncode,
            "stdout": _text(out),
            "stderr": _text(err),
            "duration": round(time.monotonic() - started, 3),
        }
    )
    return record
