"""Make N varied bundles from the samples, as a fleet's would differ.

Bundle i is sample i mod S (S samples) of group i div S. Within a group every UUID is
renamed the same way, so an L1 sample still links to the domain of its L0 sample, and
across groups no two hosts share one; host names carry the group. Each bundle gets its own
cpuinfo: a few flags that no rule reads left out, and the model, stepping, microcode and
MHz lines changed, so no two cpuinfo texts are equal (a cache of whole cpuinfo texts would
not help a real fleet, and does not help here).

Run by hand: `python benchmarks/fleet_bundles.py N DIR [--gzip-every K]`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import uuid
from functools import cache
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "bundles"
CPUINFO = "/proc/cpuinfo"
HOSTNAMES = ("/etc/hostname", "/proc/sys/kernel/hostname")
NAMESPACE = uuid.UUID("6c0c6c4e-2f8f-4f0e-9a55-6e6573746175")

# Flags whose absence changes no fact a rule reads (thermal, power and monitoring bits).
SPARE_FLAGS = ("tm", "tm2", "pbe", "est", "dtherm", "ida", "arat", "pln", "pts", "epb", "xtpr",
               "acpi", "dts", "monitor", "ht", "ss")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@cache
def samples() -> tuple[tuple[str, str], ...]:
    """(name, JSON text) of every sample bundle, sorted by name."""
    return tuple((p.stem, p.read_text("utf-8")) for p in sorted(SAMPLES.glob("*.json")))


def _renamed_uuids(text: str, group: int) -> str:
    def rename(match: re.Match[str]) -> str:
        new = str(uuid.uuid5(NAMESPACE, f"{group}:{match.group(0).lower()}"))
        return new.upper() if match.group(0).isupper() else new

    return _UUID.sub(rename, text)


def _vary_cpuinfo(text: str, index: int) -> str:
    """Cpuinfo of bundle `index`: spare flags dropped by the index's bits, model lines
    changed by the index (the same change on every processor, as on a real host)."""
    dropped = {f for bit, f in enumerate(SPARE_FLAGS) if index >> bit & 1}
    ghz = f"{1 + index % 3}.{index % 100:02d}GHz"
    out = []
    for number, line in enumerate(text.split("\n")):
        key, sep, value = line.partition(":")
        name = key.strip()
        if sep and name == "flags":
            kept = [f for f in value.split() if f not in dropped]
            line = f"{key}: {' '.join(kept)}"
        elif sep and name == "model name":
            line = f"{key}: {re.sub(r'[0-9.]+GHz', ghz, value.strip())} #{index}"
        elif sep and name == "stepping":
            line = f"{key}: {index % 16}"
        elif sep and name == "microcode":
            line = f"{key}: {hex(0x5000000 + index)}"
        elif sep and name == "cpu MHz":
            line = f"{key}: {1000 + (index * 7 + number) % 3000}.{index % 1000:03d}"
        out.append(line)
    return "\n".join(out)


def _set(record: dict[str, Any], content: str) -> None:
    record["content"] = content
    record["size"] = len(content.encode("utf-8"))


def make_bundle(index: int) -> dict[str, Any]:
    """The data of bundle `index`."""
    pool = samples()
    name, text = pool[index % len(pool)]
    group = index // len(pool)
    data: dict[str, Any] = json.loads(_renamed_uuids(text, group))
    files = data["files"]
    for path in HOSTNAMES:
        record = files.get(path)
        if record is not None and record.get("status") == "ok" and "content" in record:
            host = record["content"].strip().split(".")[0] or name
            _set(record, f"{host}-g{group:05d}.fleet.example.com\n")
    cpu = files.get(CPUINFO)
    if cpu is not None and cpu.get("status") == "ok" and "content" in cpu:
        _set(cpu, _vary_cpuinfo(cpu["content"], index))
    data["source"] = {**data["source"], "path": f"fleet/{name}-g{group:05d}"}
    return data


def write_bundles(folder: Path, count: int, gzip_every: int = 0) -> list[Path]:
    """Write bundles 0..count-1 into `folder`; every `gzip_every`-th is gzip-compressed."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        raw = json.dumps(make_bundle(index), sort_keys=True).encode("utf-8")
        packed = gzip_every and index % gzip_every == gzip_every - 1
        path = folder / f"b{index:05d}.json{'.gz' if packed else ''}"
        path.write_bytes(gzip.compress(raw, 1) if packed else raw)
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--gzip-every", type=int, default=0,
                        help="compress every K-th bundle with gzip (0: none)")
    args = parser.parse_args()
    write_bundles(args.folder, args.count, args.gzip_every)
    print(f"{args.count} bundles in {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
