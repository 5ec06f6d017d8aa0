"""Time issue 12's hostile inputs through the command line, and the modprobe.d scaling.

Run by hand: `python benchmarks/bench_hostile.py [--against DIR] [--scaling] [--timeout S]`.
Each case is built as tests/test_hostile_limits.py builds it (the same builders), each verb
run as a fresh process; the table gives case, verb, seconds and exit code ("timeout" when
it ran past --timeout). `--against /work/main` runs another checkout's code on the same
inputs (the figures before a change). `--scaling` times `check` on roots with 10,000,
30,000 and 100,000 files in /etc/modprobe.d.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import test_hostile_limits as cases  # noqa: E402

# verbs the test suite leaves out for time (PDF rendering, redaction of megabytes)
EXTRA_ROOT_VERBS = {"redact": ("redact", "-o", "out.json"),
                    "ticket": ("ticket", "-o", "out.tar.gz"), "audit": ("audit", "-o", "out")}
EXTRA_SOS_VERBS = {"ticket": ("ticket", "-o", "out.tar.gz"), "audit": ("audit", "-o", "out")}


def timed(code: Path, argv: list[object], cwd: Path, timeout: float) -> tuple[float, str]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(cwd / "xdg"), "PYTHONPATH": str(code)}
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "nestaudit", *map(str, argv)], cwd=cwd,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, "timeout"
    crashed = " traceback" if b"Traceback" in done.stderr else ""
    return time.perf_counter() - start, f"{done.returncode}{crashed}"


def fresh(base: Path) -> Path:
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    return base


def runs(work: Path) -> Iterator[tuple[str, str, Callable[[], list[object]], Path]]:
    """(case, verb, prepare -> argv, cwd) for every hostile case and verb."""
    for case, (name, build, _) in cases.BUNDLES.items():
        for verb, command in cases.BUNDLE_VERBS.items():
            def argv(name: str = name, build: Callable[[Path], None] = build,
                     command: tuple[str, ...] = command) -> list[object]:
                build(fresh(work) / name)
                return [command[0], name, *command[1:]]
            yield case, verb, argv, work
    for case, build_root in cases.ROOTS.items():
        for verb, command in {**cases.ROOT_VERBS, **EXTRA_ROOT_VERBS}.items():
            def argv_root(build: Callable[[Path], None] = build_root, verb: str = verb,
                          command: tuple[str, ...] = command) -> list[object]:
                root = fresh(work) / "root"
                shutil.copytree(cases.ROOT, root, symlinks=True)
                build(root)
                if verb == "collect":
                    return ["collect", "--root", root, *command[1:]]
                return [command[0], root, *command[1:]]
            yield case, verb, argv_root, work
    for case, build_sos in cases.SOSES.items():
        for verb, command in {**cases.SOS_VERBS, **EXTRA_SOS_VERBS}.items():
            def argv_sos(build: Callable[[Path], None] = build_sos, verb: str = verb,
                         command: tuple[str, ...] = command) -> list[object]:
                sos = fresh(work) / "sosreport-host-2025"
                shutil.copytree(cases.SOS, sos, symlinks=True)
                build(sos)
                if verb == "collect":
                    return ["collect", "--from-sos", sos, "-o", "out.json"]
                return [command[0], sos, *command[1:]]
            yield case, verb, argv_sos, work
    for case, (build_rule, _) in cases.RULES.items():
        for verb, rule_command in cases.RULE_VERBS.items():
            def argv_rule(build: Callable[[Path], object] = build_rule,
                          command: tuple[object, ...] = rule_command) -> list[object]:
                build(fresh(work) / "hostile.yaml")
                return ["hostile.yaml" if a == "RULES" else a for a in command]
            yield case, verb, argv_rule, work


def scaling(code: Path, work: Path, timeout: float) -> None:
    print("\nmodprobe.d files  check seconds  exit")
    for count in (10_000, 30_000, 100_000):
        root = fresh(work) / "root"
        shutil.copytree(cases.ROOT, root, symlinks=True)
        folder = root / "etc" / "modprobe.d"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(count):
            (folder / f"f{i:06d}.conf").write_text("options kvm_intel nested=1\n")
        seconds, code_ = timed(code, ["check", root], work, timeout)
        print(f"{count:>17,}  {seconds:>13.1f}  {code_}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", type=Path, default=REPO, help="checkout whose code runs")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--scaling", action="store_true", help="also the modprobe.d scaling")
    parser.add_argument("--only", default="", help="run only cases whose name holds this")
    args = parser.parse_args()
    code = args.against.resolve()
    with tempfile.TemporaryDirectory(prefix="nestaudit-hostile-") as tmp:
        work = Path(tmp) / "case"
        print(f"code: {code}\n{'case':<28} {'verb':<11} {'seconds':>8}  exit")
        for case, verb, prepare, cwd in runs(work):
            if args.only not in case:
                continue
            try:
                argv = prepare()
            except Exception as exc:  # noqa: BLE001 - a builder that needs root says so
                print(f"{case:<28} {verb:<11} {'-':>8}  skipped ({type(exc).__name__})")
                continue
            seconds, exit_ = timed(code, argv, cwd, args.timeout)
            print(f"{case:<28} {verb:<11} {seconds:>8.2f}  {exit_}", flush=True)
        if args.scaling:
            scaling(code, work, max(args.timeout, 600.0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
