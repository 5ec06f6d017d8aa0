"""The bundle of a sosreport: the collector's probes over its folder, then what sos adds
(command outputs, the /dev listing, the host record) and what it lacks."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from nestaudit.collect import collect, escape_names
from nestaudit.collect.spec import HOSTNAME
from nestaudit.errors import CollectError, InputError
from nestaudit.sources.archive import extract_safely, is_archive_name
from nestaudit.sources.sos.commands import WANTED_COMMANDS, Record, sos_commands
from nestaudit.sources.sos.devices import device_stats
from nestaudit.sources.sos.manifest import covered, plugins_run
from nestaudit.sources.sos.recognise import sos_root
from nestaudit.sources.sos.runinfo import run_info

_ARCH = re.compile(
    r"^(x86_64|i[3-6]86|aarch64|arm\w*|s390x?|ppc64(le)?|ppc|riscv(32|64)|mips\w*"
    r"|loongarch64|sparc64|ia64|alpha)$"
)


def parse_uname(line: str) -> tuple[str | None, str | None, str | None]:
    """(nodename, kernel release, machine) from one `uname -a` line.

        Linux vm 6.18.44-fc-v782 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux
        Linux h 5.14.0-570.el9.x86_64 #1 SMP PREEMPT_DYNAMIC ... 2025 x86_64 x86_64 x86_64 GNU/Linux
    """
    fields = line.split()
    if len(fields) < 3:
        return None, None, None
    tail = fields[3:]
    if tail and ("linux" in tail[-1].lower() or "gnu" in tail[-1].lower()):
        tail = tail[:-1]
    machine = None
    for field in reversed(tail):
        if _ARCH.match(field):
            machine = field
        elif field != "unknown":
            break
    return fields[1], fields[2], machine


def _first_line(text: str | None) -> str | None:
    if text is None:
        return None
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None


def _output(commands: dict[str, Record], name: str) -> str | None:
    record = commands.get(name)
    if record is None or record["status"] != "ok":
        return None
    return str(record.get("stdout", ""))


def _lscpu_arch(lscpu: str | None) -> str | None:
    for line in (lscpu or "").splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Architecture" and value.strip():
            return value.strip()
    return None


def _hostname_file(files: dict[str, Any]) -> str | None:
    record = files.get(HOSTNAME)
    if record and record.get("status") == "ok" and record.get("encoding") == "utf-8":
        return _first_line(str(record.get("content", "")))
    return None


def _host(commands: dict[str, Record], files: dict[str, Any]) -> dict[str, str | None]:
    node = release = machine = None
    uname = _first_line(_output(commands, "uname -a"))
    if uname is not None:
        node, release, machine = parse_uname(uname)
    if machine is None:
        machine = _lscpu_arch(_output(commands, "lscpu"))
    hostname = _first_line(_output(commands, "hostname")) or node or _hostname_file(files)
    return {"hostname": hostname, "arch": machine, "kernel": release}


def _drop_uncovered(
    bundle: dict[str, Any], plugins: frozenset[str] | None, version: str | None
) -> list[str]:
    """Drop the `missing` file and folder records no plugin that ran would have copied,
    and return their paths: the sosreport lacks them, the host may not."""
    lacking: list[str] = []
    for section in ("files", "dirs"):
        records: dict[str, Any] = bundle[section]
        for host_path in list(records):
            if records[host_path]["status"] == "missing" and not covered(
                host_path, plugins, version
            ):
                del records[host_path]
                lacking.append(host_path)
    return lacking


def _bundle_from_dir(root: Path, origin: str) -> dict[str, Any]:
    try:
        bundle = collect(root=str(root))
    except CollectError as exc:
        raise InputError(f"{origin}: cannot read the sosreport: {exc}") from exc
    sos: dict[str, Any] = dict(run_info(root))
    plugins = plugins_run(root)
    sos["plugins"] = sorted(plugins) if plugins is not None else None
    lacking = _drop_uncovered(bundle, plugins, sos["version"])
    lacking += device_stats(root, bundle["stats"])
    commands = sos_commands(root)
    lacking.extend(
        name for name in WANTED_COMMANDS
        if commands.get(name, {}).get("status") != "ok"
    )
    bundle["commands"] = commands
    bundle["host"] = _host(commands, bundle["files"])
    bundle["as_root"] = None
    bundle["source"] = {"type": "sosreport", "path": origin, "lacking": sorted(set(lacking)),
                        "sos": sos}
    if sos["collected_at"] is not None:
        # when sos ran, never when nestaudit read it; without it the time stays the
        # conversion's and `source.sos` says the collection time is not known
        bundle["collected_at"] = sos["collected_at"]
    return escape_names(bundle)  # a file name that is not UTF-8, kept losslessly


def bundle_from_sos(path: Path) -> dict[str, Any]:
    """Read the sosreport at `path` (folder or archive) into a bundle dict.

    Archives are extracted with `extract_safely` into a temporary folder that is removed
    before returning. Raises InputError with one line naming `path` for anything that is
    not a readable sosreport.
    """
    p = Path(path)
    origin = str(path)
    if p.is_dir():
        return _bundle_from_dir(sos_root(p, origin), origin)
    if not p.exists():
        raise InputError(f"{origin}: no such file or directory")
    if not is_archive_name(p):
        raise InputError(
            f"{origin}: not a sosreport (neither a folder nor a .tar, .tar.gz, .tgz, "
            f".tar.xz or .tar.bz2 archive)"
        )
    with tempfile.TemporaryDirectory(prefix="nestaudit-sos-") as tmp:
        top = extract_safely(p, Path(tmp))
        return _bundle_from_dir(sos_root(top, origin), origin)
