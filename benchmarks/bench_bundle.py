"""Where one bundle's CPU goes when `fleet` judges it alone: load, facts, rules, output.

Run by hand: `python benchmarks/bench_bundle.py [--count 600]`. Judges the fleet
benchmark's bundles (benchmarks/fleet_bundles.py, made in --dir once and reused) one at a
time in this process, each stage timed with process_time, and prints the mean CPU per
bundle of each stage. The stages are the ones `fleet`'s workers run (nestaudit.fleet.work),
called one by one so that each is timed on its own; "rules" is judging less building the
facts it starts with. For a figure the machine's load does not move, count instructions:
`valgrind --tool=callgrind --callgrind-out-file=/dev/null python benchmarks/bench_bundle.py
--count N` for two values of N; the difference of the totals over the difference of N is
the instructions per bundle. Add --whole to count what a worker runs: `work.judge_alone`
of each bundle, facts built once (the split builds them twice, to time them on their own).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fleet_bundles import write_bundles  # noqa: E402
from reference import describe  # noqa: E402

from nestaudit import bundle as bundle_mod  # noqa: E402
from nestaudit.facts.build import build_facts  # noqa: E402
from nestaudit.fleet import work  # noqa: E402
from nestaudit.fleet.discover import FOUND, Item  # noqa: E402
from nestaudit.judge.assess import judge_together  # noqa: E402
from nestaudit.topology import NO_TOPOLOGY  # noqa: E402

_T = TypeVar("_T")
STAGES = ("load", "facts", "rules", "output")


def _cpu(fn: Callable[[], _T]) -> tuple[_T, float]:
    start = time.process_time()
    result = fn()
    return result, time.process_time() - start


def _judge(path: str) -> dict[str, float]:
    """One bundle through the stages of `work.judge_alone`: CPU seconds of each."""
    bundle, load = _cpu(lambda: bundle_mod.load(path))
    _, facts = _cpu(lambda: build_facts(bundle))
    (hosts, _), judged = _cpu(
        lambda: judge_together([bundle], None, NO_TOPOLOGY, among_others=True))
    host, _, _ = hosts[0]
    _, output = _cpu(lambda: work.host_out(0, host, bundle))  # its JSON and its row
    # judge_together builds the facts again: what is left of it is the rules' part
    return {"load": load, "facts": facts, "rules": max(0.0, judged - facts), "output": output}


def _whole(files: list[str]) -> int:
    results, seconds = _cpu(
        lambda: [work.judge_alone((i, Item(p, FOUND))) for i, p in enumerate(files)])
    failed = [r for r in results if not isinstance(r, work.Alone)]
    print(f"judge_alone {seconds / len(files) * 1000:6.3f} ms/bundle over {len(files)} bundles"
          + (f"; {len(failed)} NOT JUDGED: {failed[0]}" if failed else ""))
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=600, help="bundles judged (default 600)")
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "nestaudit-bench-fleet" / "1000",
                        help="where the fleet benchmark's bundles are (made when absent)")
    parser.add_argument("--whole", action="store_true",
                        help="run work.judge_alone per bundle, unsplit (for instruction counts)")
    args = parser.parse_args()
    if not args.dir.is_dir() or len(os.listdir(args.dir)) < args.count:
        write_bundles(args.dir, max(args.count, 1000), gzip_every=4)
    every = sorted(str(p) for p in args.dir.iterdir())
    files = every[: args.count]
    print(describe(), flush=True)
    work.setup(None, NO_TOPOLOGY)
    for path in every[:20]:  # rules, schemas and caches loaded before timing (always 20)
        _judge(path)
    code = _whole(files) if args.whole else _split(files)
    print(describe(), flush=True)
    return code


def _split(files: list[str]) -> int:
    spent = dict.fromkeys(STAGES, 0.0)
    for path in files:
        for stage, seconds in _judge(path).items():
            spent[stage] += seconds
    count = len(files)
    total = sum(spent[s] for s in STAGES)
    for stage in STAGES:
        print(f"{stage:<8} {spent[stage] / count * 1000:6.3f} ms/bundle "
              f"({spent[stage] / total:4.0%})")
    print(f"{'total':<8} {total / count * 1000:6.3f} ms/bundle over {count} bundles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
