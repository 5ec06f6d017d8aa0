"""The fact groups' view of a bundle: file text and status, why a file could not be read,
and the commands that ran; with the evidence log the groups write to."""

from __future__ import annotations

from typing import Any

from nestaudit.bundle import Bundle
from nestaudit.facts.evidence import EvidenceLog


class Reader:
    """Small helpers over the bundle that also say why a file could not be read."""

    def __init__(self, bundle: Bundle, ev: EvidenceLog) -> None:
        self.bundle = bundle
        self.ev = ev

    def status(self, path: str) -> str | None:
        record = self.bundle.file_record(path)
        return None if record is None else str(record["status"])

    def text(self, path: str) -> str | None:
        return self.bundle.text(path)

    def why_not(self, path: str) -> str:
        record = self.bundle.file_record(path)
        if record is None:
            return "not collected"
        reason = record.get("reason")
        return f"{record['status']}" + (f" ({reason})" if reason else "")

    def why_not_dir(self, path: str) -> str:
        """Why a directory could not be listed: "not collected", or its status and reason."""
        record = self.bundle.dir_record(path)
        if record is None:
            return "not collected"
        reason = record.get("reason")
        return f"{record['status']}" + (f" ({reason})" if reason else "")

    def command_ok(self, name: str) -> dict[str, Any] | None:
        record = self.bundle.command(name)
        if record is None or record.get("status") != "ok":
            return None
        return record
