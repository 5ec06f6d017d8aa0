"""Collect every sample root into samples/bundles/<name>.json.

Usage (from anywhere): `python samples/regenerate.py [--check] [NAME ...]`

Each root is collected with `nestaudit.collect.collect(root="samples/roots/<name>")`, the
path given relative to the repository so that the bundle records no checkout location;
`collected_at` is pinned to COLLECTED_AT and `as_root` to true, so the committed bundles
are reproducible. Every bundle is validated against the schema before it is written.
With --check nothing is written: the exit code is 1 when a committed bundle's evidence
differs from a fresh collection (or is missing), else 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ROOTS = HERE / "roots"
BUNDLES = HERE / "bundles"
COLLECTED_AT = "2026-11-20T09:00:00Z"
# The parts of a bundle that hold evidence (the rest says who collected, when, with what).
EVIDENCE = ("source", "host", "files", "dirs", "stats", "commands")

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from nestaudit.bundle import from_data  # noqa: E402
from nestaudit.collect import collect  # noqa: E402
from nestaudit.output import write_json  # noqa: E402


def root_names() -> list[str]:
    return sorted(p.name for p in ROOTS.iterdir() if p.is_dir() and not p.is_symlink())


def relative_root(name: str) -> str:
    return f"samples/roots/{name}"


def collect_sample(name: str) -> dict[str, Any]:
    """Collect one sample root as the committed bundle has it (run with cwd = repo root)."""
    data = collect(root=relative_root(name))
    data["collected_at"] = COLLECTED_AT
    data["as_root"] = True
    from_data(data, relative_root(name))
    return data


def evidence(data: dict[str, Any]) -> dict[str, Any]:
    """The evidence of a bundle, with /dev/kvm-style stat modes left out.

    A mode comes from the checkout (git stores 644/755 only and the umask decides), so it
    is not part of what a sample asserts.
    """
    picked = {key: data.get(key) for key in EVIDENCE}
    stats = {
        path: {k: v for k, v in record.items() if k != "mode"}
        for path, record in (data.get("stats") or {}).items()
    }
    picked["stats"] = stats
    return picked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only, write nothing")
    parser.add_argument("names", nargs="*", help="roots to collect (default: all)")
    args = parser.parse_args(argv)
    os.chdir(REPO)
    names = args.names or root_names()
    unknown = sorted(set(names) - set(root_names()))
    if unknown:
        print(f"samples/roots: no root named {', '.join(unknown)}", file=sys.stderr)
        return 2
    stale = []
    BUNDLES.mkdir(exist_ok=True)
    for name in names:
        data = collect_sample(name)
        target = BUNDLES / f"{name}.json"
        if args.check:
            try:
                committed = json.loads(target.read_text("utf-8"))
            except (OSError, ValueError):
                committed = {}
            if evidence(committed) != evidence(data):
                stale.append(name)
            continue
        write_json(str(target), data)
        print(f"wrote {target.relative_to(REPO)}")
    if not args.names:
        wanted = {f"{n}.json" for n in names}
        for old in sorted(BUNDLES.glob("*.json")):
            if old.name not in wanted:
                if args.check:
                    stale.append(old.stem)
                else:
                    old.unlink()
                    print(f"removed {old.relative_to(REPO)} (no such root)")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
