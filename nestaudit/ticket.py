"""`nestaudit ticket`: one redacted package to attach to a support case.

Every input is loaded (bundle, host root or sosreport), redacted with ONE redaction key so
that labels agree across bundles and nesting chains still link, judged together into one
report, and written as a `.tar.gz`:

    nestaudit-ticket-01234567/
        README.txt            what is inside and how it was made
        SHA256SUMS            `sha256sum -c SHA256SUMS` inside this folder checks the rest
        bundles/host-1a2b3c4d.json
        report.html  report.json  report.pdf

Bundle files are named by the redacted host label, never by the input's file name (which
often carries the host name). The archive is reproducible: members sorted, owner root,
every time stamp (tar and gzip) taken from the newest bundle's `collected_at`. When the PDF
cannot be rendered here, the package holds the other files and README.txt says why.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nestaudit import DOC_URL, __version__
from nestaudit.bundle import Bundle, from_data
from nestaudit.collect.spec import HOSTNAME, KERNEL_HOSTNAME
from nestaudit.errors import NestauditError, RenderError
from nestaudit.output import dumps_json, write_bytes

if TYPE_CHECKING:
    from nestaudit.redact import Redactor
    from nestaudit.waivers import WaiverFile

SUFFIX = ".tar.gz"
TOP = "nestaudit-ticket"
_CASE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_HOST_LABEL = re.compile(r"host-[0-9a-f]{8}")


@dataclass(frozen=True)
class Member:
    """One file of the package: its path below the top folder and its bytes."""

    name: str
    data: bytes


def _check_output(output: str) -> None:
    if not output.endswith(SUFFIX):
        raise NestauditError(f"{output}: a ticket package is a {SUFFIX} file; name it so")
    folder = Path(output).resolve().parent
    if not folder.is_dir():
        raise NestauditError(f"{output}: the folder {folder} does not exist")
    if Path(output).is_dir():
        raise NestauditError(f"{output}: is a directory")


def top_folder(case: str | None) -> str:
    """The package's top folder: nestaudit-ticket, or nestaudit-ticket-<case>."""
    if case is None:
        return TOP
    if not _CASE.fullmatch(case):
        raise NestauditError(
            f"--case {case!r}: use up to 64 letters, digits, '.', '_' or '-' "
            "(it names the package's folder)"
        )
    return f"{TOP}-{case}"


def host_label(data: dict[str, Any]) -> str | None:
    """The redacted host label (host-1a2b3c4d) of a redacted bundle, None when it has none.

    Read from host.hostname, /etc/hostname, /proc/sys/kernel/hostname or `hostname`; only a
    value the redactor produced is accepted, so an unredacted name never names a file.
    """
    host = data.get("host")
    candidates = [host.get("hostname") if isinstance(host, dict) else None]
    for path in (HOSTNAME, KERNEL_HOSTNAME):
        record = data.get("files", {}).get(path, {})
        if record.get("status") == "ok" and record.get("encoding") == "utf-8":
            candidates.append(record.get("content"))
    command = data.get("commands", {}).get("hostname", {})
    if command.get("status") == "ok":
        candidates.append(command.get("stdout"))
    for value in candidates:
        if isinstance(value, str) and value.strip():
            first = value.strip().splitlines()[0].split(".", 1)[0].lower()
            if _HOST_LABEL.fullmatch(first):
                return first
    return None


def _file_names(redacted: Sequence[dict[str, Any]]) -> list[str]:
    """`bundles/<label>.json` for each bundle; `-2`, `-3` for a host given twice."""
    names: list[str] = []
    used: set[str] = set()
    for index, data in enumerate(redacted, start=1):
        base = host_label(data) or f"bundle-{index}"
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        names.append(f"bundles/{name}.json")
    return names


def _epoch(collected_at: str, origin: str) -> int:
    try:
        when = datetime.fromisoformat(collected_at.replace("Z", "+00:00"))
    except ValueError as exc:
        raise NestauditError(f"{origin}: collected_at {collected_at!r} is not a time") from exc
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0, int(when.timestamp()))


def _readme(
    folder: str,
    case: str | None,
    bundles: Sequence[Bundle],
    names: Sequence[str],
    mapping_name: str,
    newest: str,
    pdf_problem: str | None,
) -> str:
    lines = [
        f"{folder}: a nestaudit support-ticket package"
        + (f" for case {case}" if case else ""),
        "",
        "What is inside",
        "  report.html   the report: verdicts, findings and fixes for every host and",
        "                nesting chain (one self-contained file, opens offline)",
        "  report.json   the same report as data (the nestaudit report contract)",
    ]
    if pdf_problem is None:
        lines.append("  report.pdf    the same report, printable")
    else:
        lines.append(f"  report.pdf    NOT INCLUDED: it could not be rendered here: {pdf_problem}")
    lines += [
        "  bundles/      the evidence each report was judged from, one redacted bundle",
        "                per input; `nestaudit check bundles/*.json` judges them again",
        "  SHA256SUMS    checksums of every other file; verify with",
        "                `sha256sum -c SHA256SUMS` run inside this folder",
        "",
        "How it was made",
        f"  nestaudit {__version__} (`nestaudit ticket`) read {len(bundles)} input(s), "
        "redacted them,",
        "  judged them together and rendered the reports. Evidence collected up to "
        f"{newest};",
        "  the files' time stamps are that time, so the same inputs give the same package.",
        f"  Rules follow the RHEL 10 chapter \"Creating nested virtual machines\": {DOC_URL}",
        "",
        "Redaction",
        "  Host and DNS names, IPv4 and IPv6 addresses, MAC addresses, UUIDs, machine-id,",
        "  serial numbers, asset tags and user names in paths were replaced by pseudonyms",
        "  (host-..., domain-....invalid, 240.x.x.x, 2001:db8:..., 02:..., serial-...,",
        "  user-...). The same value got the same pseudonym in every bundle here, so an L1",
        "  still links to its domain on the L0. The key and the table of original values",
        f"  are in the redaction key file ({mapping_name}), which stayed with the sender",
        "  and is not in this package; only the sender can map a pseudonym back.",
        "",
        "Bundles (replaced values, by kind: number of distinct values)",
    ]
    for bundle, name in zip(bundles, names):
        kinds = bundle.data.get("redaction", {}).get("kinds", {})
        counted = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items())) or "nothing found"
        lines.append(f"  {name}: {bundle.source['type']} collected {bundle.collected_at}; "
                     f"{counted}")
    return "\n".join(lines) + "\n"


def _sha256sums(members: Sequence[Member]) -> bytes:
    lines = [f"{hashlib.sha256(m.data).hexdigest()}  {m.name}\n"
             for m in sorted(members, key=lambda m: m.name)]
    return "".join(lines).encode("ascii")


def _tar_gz(folder: str, members: Sequence[Member], mtime: int) -> bytes:
    """A reproducible .tar.gz: sorted members, root-owned, one time stamp everywhere."""

    def info(name: str, kind: bytes, mode: int, size: int = 0) -> tarfile.TarInfo:
        entry = tarfile.TarInfo(name)
        entry.type, entry.mode, entry.size, entry.mtime = kind, mode, size, mtime
        entry.uid = entry.gid = 0
        entry.uname = entry.gname = "root"
        return entry

    dirs = {folder} | {f"{folder}/{m.name.rsplit('/', 1)[0]}" for m in members if "/" in m.name}
    entries: list[tuple[str, bytes | None]] = [(d, None) for d in dirs]
    entries += [(f"{folder}/{m.name}", m.data) for m in members]
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name, data in sorted(entries, key=lambda e: e[0]):
            if data is None:
                tar.addfile(info(name, tarfile.DIRTYPE, 0o755))
            else:
                tar.addfile(info(name, tarfile.REGTYPE, 0o644, len(data)), io.BytesIO(data))
    return gzip.compress(raw.getvalue(), compresslevel=9, mtime=mtime)


def build_members(
    inputs: Sequence[str], *, case: str | None, redactor: Redactor, paper: str = "a4",
    rules: Sequence[str] | None = None, topology: str | None = None,
    waivers: WaiverFile | None = None,
) -> tuple[str, list[Member], int]:
    """The package's top folder, its files (SHA256SUMS last) and its time stamp; `rules`
    are extra rule folders and `topology` a topology file, as `check` takes them."""
    from nestaudit.inputs import load_input
    from nestaudit.judge import assess
    from nestaudit.judge.registry import load_rules
    from nestaudit.render import OutputFormat, render
    from nestaudit.topology import NO_TOPOLOGY, load_topology

    folder = top_folder(case)
    if not inputs:
        raise NestauditError("ticket: give at least one bundle, host root or sosreport")
    originals = [load_input(name) for name in inputs]
    redacted = [redactor.redact_bundle(b.data) for b in originals]
    names = _file_names(redacted)
    # the origin is the file inside the package, never the input's (revealing) file name
    bundles = [from_data(data, name) for data, name in zip(redacted, names)]
    newest = max(bundles, key=lambda b: _epoch(b.collected_at, b.origin))
    mtime = _epoch(newest.collected_at, newest.origin)

    loaded_rules = load_rules(list(rules)) if rules else None
    stated = load_topology(topology) if topology else NO_TOPOLOGY
    if stated is not NO_TOPOLOGY:  # it names the hosts as the redacted bundles do
        stated = redactor.topology(stated)
    report = assess(bundles, loaded_rules, stated)
    if waivers is not None:
        from nestaudit.waivers import apply_waivers

        report = apply_waivers(report, waivers, redactor.dns_name)
    members = [Member(name, dumps_json(b.data).encode("utf-8"))
               for name, b in zip(names, bundles)]
    members.append(Member("report.html", render(report, OutputFormat.HTML)))
    members.append(Member("report.json", render(report, OutputFormat.JSON)))
    pdf_problem = None
    try:
        members.append(Member("report.pdf", render(report, OutputFormat.PDF, paper=paper)))
    except RenderError as exc:
        pdf_problem = str(exc)
    # the key's name as each bundle records it: redacted, since a name may hold the host's
    key_name = str(bundles[0].data["redaction"]["mapping"])
    readme = _readme(folder, case, bundles, names, key_name, newest.collected_at, pdf_problem)
    members.append(Member("README.txt", readme.encode("utf-8")))
    members.append(Member("SHA256SUMS", _sha256sums(members)))
    return folder, members, mtime


def write_ticket(
    inputs: Sequence[str], output: str, *, case: str | None, redactor: Redactor,
    paper: str = "a4", rules: Sequence[str] | None = None, topology: str | None = None,
    waivers: WaiverFile | None = None,
) -> str:
    """Write the ticket package for `inputs` to `output` (a .tar.gz, atomically, mode
    0600: it holds the evidence until the user sends it); return its path. The redaction
    key stays outside the package."""
    _check_output(output)
    folder, members, mtime = build_members(
        inputs, case=case, redactor=redactor, paper=paper, rules=rules, topology=topology,
        waivers=waivers,
    )
    write_bytes(output, _tar_gz(folder, members, mtime), private=True)
    return output
