"""The replacement pass: every string of a bundle's records through the `Rewriter`, keys
(host paths, command names) included. Base64 content is decoded, rewritten and encoded
again, and sizes are updated, so the bundle keeps its structure."""

from __future__ import annotations

import base64
import re
from pathlib import PurePath
from typing import Any

from nestaudit.collect.spec import VIRSH_DUMPXML
from nestaudit.redact.rewrite import Rewriter
from nestaudit.sources.sos import mangle

Record = dict[str, Any]


def _content(rw: Rewriter, host_path: str, record: Record) -> None:
    if "content" not in record:
        return
    if record.get("encoding") == "base64":
        raw = base64.b64decode(str(record["content"]))
        text = raw.decode("utf-8", errors="surrogateescape")
        new = rw.content(host_path, text).encode("utf-8", errors="surrogateescape")
        record["content"] = base64.b64encode(new).decode("ascii")
    else:
        new = rw.content(host_path, str(record["content"])).encode("utf-8")
        record["content"] = new.decode("utf-8")
    record["size"] = len(new)


def _links_and_reason(rw: Rewriter, record: Record) -> None:
    for key in ("resolved", "alias_of"):
        if key in record:
            record[key] = rw.path(str(record[key]))
    _reason(rw, record)


def _reason(rw: Rewriter, record: Record) -> None:
    if "reason" in record:
        record["reason"] = rw.text(str(record["reason"]))


def _files(rw: Rewriter, records: dict[str, Record]) -> dict[str, Record]:
    files: dict[str, Record] = {}
    for host_path, record in records.items():
        _content(rw, host_path, record)
        _links_and_reason(rw, record)
        files[rw.path(host_path)] = record
    return files


def _dirs(rw: Rewriter, records: dict[str, Record]) -> dict[str, Record]:
    dirs: dict[str, Record] = {}
    for host_path, record in records.items():
        if "entries" in record:
            record["entries"] = [rw.path(e) for e in record["entries"]]
        _links_and_reason(rw, record)
        dirs[rw.path(host_path)] = record
    return dirs


def _stats(rw: Rewriter, records: dict[str, Record]) -> dict[str, Record]:
    stats: dict[str, Record] = {}
    for host_path, record in records.items():
        _reason(rw, record)
        stats[rw.path(host_path)] = record
    return stats


def _argv(rw: Rewriter, argv: list[str], renamed: tuple[str, str] | None) -> list[str]:
    argv = [rw.text(a) for a in argv]
    if renamed is not None:
        old, new = renamed
        argv = [new if a == old else a for a in argv]
    return argv


def _command_source(rw: Rewriter, source: str, renamed: tuple[str, str] | None) -> str:
    """Where a command's output came from; a sos file name holds the domain mangled."""
    source = rw.text(source)
    if renamed is not None:
        old_tail, new_tail = mangle(renamed[0]), mangle(renamed[1])
        if source.endswith(old_tail):
            source = source[: -len(old_tail)] + new_tail
    return source


def _command(rw: Rewriter, name: str, record: Record) -> tuple[str, Record]:
    """The rewritten name and record of one command; `virsh dumpxml <domain>` takes the
    domain's label when domain names are redacted."""
    domain = name[len(VIRSH_DUMPXML):] if name.startswith(VIRSH_DUMPXML) else None
    renamed = (domain, rw.domain_label(domain)) if domain is not None and rw.domains else None
    record["argv"] = _argv(rw, record.get("argv", []), renamed)
    for key in ("stdout", "stderr"):
        if key in record:
            record[key] = rw.command_output(name, str(record[key]))
    _reason(rw, record)
    if "source" in record:
        record["source"] = _command_source(rw, str(record["source"]), renamed)
    if domain is None:
        return rw.text(name), record
    return VIRSH_DUMPXML + (renamed[1] if renamed else rw.text(domain)), record


def _host(rw: Rewriter, bundle: dict[str, Any]) -> None:
    host = bundle.get("host")
    if isinstance(host, dict) and host.get("hostname"):
        hostname = str(host["hostname"])
        if hostname.lower() in ("localhost", "localhost.localdomain"):
            return
        host["hostname"] = rw.labels.dns_name(hostname)


def without_host_names(rw: Rewriter, text: str) -> str:
    """`text` with every host name of the bundle replaced wherever no letter or digit
    touches it, then rewritten: an input's path names the host as its tools spell it
    (sosreport-node7-2024-03-01-abcdefg.tar.xz, sos's older sosreport-node7.0123456-...),
    guarded short names included, for a path is not evidence whose meaning must stay."""
    for name in sorted(rw.found.hostnames, key=len, reverse=True):
        label = rw.labels.dns_name(name).replace("\\", "\\\\")
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])",
                      label, text, flags=re.I)
    return rw.text(text)


def redacted_origin(rw: Rewriter, origin: str) -> str:
    """What a redacted report calls an input: the last part of its path, redacted; the
    folders above it (a user's, a customer's) are not shown at all."""
    name = PurePath(origin).name or origin
    return without_host_names(rw, name)


def _source(rw: Rewriter, bundle: dict[str, Any]) -> None:
    """The input's path (a sosreport's file name holds the host name) and what it lacked."""
    source = bundle.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("path"), str):
        return
    source["path"] = without_host_names(rw, source["path"])
    if isinstance(source.get("lacking"), list):
        source["lacking"] = [rw.path(str(p)) for p in source["lacking"]]


def replace_values(rw: Rewriter, bundle: dict[str, Any]) -> None:
    """Rewrite `bundle` in place: files, dirs, stats, commands, host and source."""
    bundle["files"] = _files(rw, bundle.get("files", {}))
    bundle["dirs"] = _dirs(rw, bundle.get("dirs", {}))
    bundle["stats"] = _stats(rw, bundle.get("stats", {}))
    bundle["commands"] = dict(
        _command(rw, name, record) for name, record in bundle.get("commands", {}).items()
    )
    _host(rw, bundle)
    _source(rw, bundle)
