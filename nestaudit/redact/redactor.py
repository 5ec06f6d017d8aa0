"""The redactor: one mapping file's secret applied to bundles, one after another."""

from __future__ import annotations

import contextlib
import copy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nestaudit.errors import InputError
from nestaudit.redact.labels import Labeller
from nestaudit.redact.mapping import new_mapping, read_mapping, write_mapping
from nestaudit.redact.replace import redacted_origin, replace_values, without_host_names
from nestaudit.redact.rewrite import Rewriter
from nestaudit.redact.scan import scan

if TYPE_CHECKING:
    from nestaudit.topology import Topology


@dataclass(frozen=True)
class Redacted:
    """A redacted bundle, and the name a report may give its input (never its path)."""

    data: dict[str, Any]
    origin: str


class Redactor:
    """Redacts bundles with the secret of one mapping file.

    A missing file gets a fresh secret, written when the first bundle has been redacted
    (`created` then says so); with `private_folder`, a missing folder for it is made too,
    readable by its owner only.
    """

    def __init__(
        self,
        mapping_path: Path,
        *,
        redact_domains: bool = False,
        keep_originals: bool = True,
        private_folder: bool = False,
    ) -> None:
        self.mapping_path = Path(mapping_path)
        self.redact_domains = redact_domains
        self.keep_originals = keep_originals
        self.private_folder = private_folder
        self.created = False
        self._made_folder = False
        self._on_disk = self.mapping_path.exists()
        self._mapping = read_mapping(self.mapping_path) if self._on_disk else new_mapping()
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

    def topology(self, topology: Topology) -> Topology:
        """`topology` naming hosts (and domains, when they are redacted) by their labels, so
        that it still names the redacted inputs."""
        from nestaudit.topology import redacted

        def domain(name: str) -> str:
            return self.label("libvirt-domain", name) if self.redact_domains else name

        return redacted(topology, self.dns_name, domain)

    def save(self) -> None:
        """Write the mapping file (mode 0600), and its folder first when asked to."""
        if not self._on_disk and self.private_folder and not self.mapping_path.parent.is_dir():
            self._made_folder = _private_folder(self.mapping_path.parent)
        write_mapping(self.mapping_path, self._mapping)
        if not self._on_disk:
            self._on_disk = self.created = True

    def discard_created(self) -> None:
        """Remove the mapping file this redactor created: a command that failed leaves no
        key behind for labels no output holds."""
        if self.created:
            self.mapping_path.unlink(missing_ok=True)
            self._on_disk = self.created = False
        if self._made_folder:
            with contextlib.suppress(OSError):  # not empty: someone else's key is there
                self.mapping_path.parent.rmdir()
            self._made_folder = False

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


def _private_folder(folder: Path) -> bool:
    """Make `folder` (and what is missing above it) with the folder itself 0700; whether
    this call made it."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
        folder.chmod(0o700)  # whatever the umask
    except FileExistsError:
        return False  # made meanwhile by another run
    except OSError as exc:
        raise InputError(
            f"{folder}: cannot make the folder of the redaction key: {exc.strerror or exc}"
        ) from exc
    return True


def redact_bundle(
    bundle: dict[str, Any], mapping_path: Path, *, redact_domains: bool = False
) -> dict[str, Any]:
    """Shorthand: redact one bundle with the mapping file at `mapping_path`."""
    return Redactor(mapping_path, redact_domains=redact_domains).redact_bundle(bundle)
