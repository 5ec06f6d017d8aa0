"""The redactor: one mapping file's secret applied to bundles, one after another."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nestaudit.redact.labels import Labeller
from nestaudit.redact.mapping import new_mapping, read_mapping, write_mapping
from nestaudit.redact.replace import redacted_origin, replace_values, without_host_names
from nestaudit.redact.rewrite import Rewriter
from nestaudit.redact.scan import scan


@dataclass(frozen=True)
class Redacted:
    """A redacted bundle, and the name a report may give its input (never its path)."""

    data: dict[str, Any]
    origin: str


class Redactor:
    """Redacts bundles with the secret of one mapping file (created if absent)."""

    def __init__(
        self, mapping_path: Path, *, redact_domains: bool = False, keep_originals: bool = True
    ) -> None:
        self.mapping_path = Path(mapping_path)
        self.redact_domains = redact_domains
        self.keep_originals = keep_originals
        if self.mapping_path.exists():
            self._mapping = read_mapping(self.mapping_path)
        else:
            self._mapping = new_mapping()
            self.save()
        self._labeller = Labeller(
            bytes.fromhex(self._mapping["secret"]),
            self._mapping.setdefault("labels", {}),
            keep_originals=keep_originals,
        )

    def label(self, kind: str, value: str) -> str:
        """The label of `value` (canonicalised per kind: lower case, compressed address)."""
        return self._labeller.label(kind, value)

    def dns_name(self, name: str) -> str:
        """host label(s) for a DNS name: first label as a host, the rest as a domain."""
        return self._labeller.dns_name(name)

    def save(self) -> None:
        """Write the mapping file (mode 0600)."""
        write_mapping(self.mapping_path, self._mapping)

    def redact_input(
        self, bundle: dict[str, Any], origin: str, *, redact_domains: bool | None = None
    ) -> Redacted:
        """A redacted deep copy of `bundle` and its input's redacted name; the mapping file
        is updated and saved."""
        domains = self.redact_domains if redact_domains is None else redact_domains
        self._labeller.seen.clear()
        out = copy.deepcopy(bundle)
        rewriter = Rewriter(self._labeller, scan(out, domains), domains)
        replace_values(rewriter, out)
        out["redaction"] = {
            "kinds": {k: len(v) for k, v in sorted(self._labeller.seen.items())},
            # the file's name only, and even that may name the host (node7-key.json)
            "mapping": without_host_names(rewriter, self.mapping_path.name),
            "domains": domains,
        }
        name = redacted_origin(rewriter, origin)
        self.save()
        return Redacted(out, name)

    def redact_bundle(
        self, bundle: dict[str, Any], *, redact_domains: bool | None = None
    ) -> dict[str, Any]:
        """A redacted deep copy of `bundle`; the mapping file is updated and saved."""
        return self.redact_input(bundle, "", redact_domains=redact_domains).data

def redact_bundle(
    bundle: dict[str, Any], mapping_path: Path, *, redact_domains: bool = False
) -> dict[str, Any]:
    """Shorthand: redact one bundle with the mapping file at `mapping_path`."""
    return Redactor(mapping_path, redact_domains=redact_domains).redact_bundle(bundle)
