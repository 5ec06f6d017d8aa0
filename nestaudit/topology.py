"""The topology file: what the evidence cannot show, stated by the person who knows.

Example (YAML):

    domains:
      - host: l0.example.com        # optional
        domain: win2k22-l1
        use: wsl2                   # the Windows L1 runs WSL2 only (21.2 Supported)
      - domain: ci-runner
        role: L1                    # it runs its own VMs, though no evidence shows it
      - domain: legacy-vm
        os: {family: rhel, version: "9.6"}   # no libosinfo metadata in its XML
      - domain: rhel9.6-l1
        bundle: l1.json             # this input was collected inside that domain
    hosts:
      - host: l1-vmware.example.com
        l0: {os: {family: rhel, version: "10.0"}}   # the L0 no bundle shows

Validated against schemas/topology.schema.json, then against the inputs: a host or domain
name no input shows is an error naming it (`check_names`), never silently ignored. Errors
name the file and the place. The format is documented in docs/topology.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any, NamedTuple

from nestaudit.errors import InputError
from nestaudit.resources import PACKAGE
from nestaudit.values import OS, Version


@cache
def schema() -> dict[str, Any]:
    text = (PACKAGE / "schemas" / "topology.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


class DomainNote(NamedTuple):
    domain: str
    host: str | None = None
    use: str | None = None
    os: OS | None = None
    bundle: str | None = None
    role: str | None = None

    @property
    def in_use(self) -> bool:
        """The note says the domain hosts VMs: `role: L1`, or a WSL2 or Hyper-V use."""
        return self.role == "L1" or self.use is not None

    def matches(self, host: str, domain: str) -> bool:
        return self.domain == domain and (self.host is None or self.host == host)


class HostNote(NamedTuple):
    host: str
    l0_os: OS | None = None
    l0_host: str | None = None


class Topology(NamedTuple):
    """What a topology file states: notes on domains and on hosts."""

    domains: tuple[DomainNote, ...] = ()
    hosts: tuple[HostNote, ...] = ()
    origin: str = ""

    def domain(self, host: str, domain: str) -> DomainNote | None:
        for note in self.domains:
            if note.matches(host, domain):
                return note
        return None

    def host(self, name: str) -> HostNote | None:
        for note in self.hosts:
            if note.host == name:
                return note
        return None


NO_TOPOLOGY = Topology()


def _known(kind: str, name: str, where: str, known: Iterable[str]) -> str:
    names = sorted(set(known))
    listed = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    return f"{kind} {name!r}{where} is in no input (the inputs show: {listed or 'none'})"


def check_names(topology: Topology, domains: Mapping[str, Iterable[str]]) -> None:
    """Raise InputError naming the first host or domain of `topology` that no input shows;
    `domains` maps each input's host name to its domains' names."""
    problem = None
    for note in topology.domains:
        if note.host is not None and note.host not in domains:
            problem = _known("host", note.host, "", domains)
        elif note.host is not None and note.domain not in domains[note.host]:
            problem = _known("domain", note.domain, f" (on {note.host})", domains[note.host])
        elif note.host is None and not any(note.domain in d for d in domains.values()):
            problem = _known("domain", note.domain, "",
                             (n for d in domains.values() for n in d))
        if problem:
            break
    for host in topology.hosts:
        if problem is None and host.host not in domains:
            problem = _known("host", host.host, "", domains)
    if problem is not None:
        raise InputError(f"{topology.origin or 'topology'}: {problem}")


def redacted(topology: Topology, host: Callable[[str], str],
             domain: Callable[[str], str]) -> Topology:
    """The topology with its host and domain names as a redaction labels them, so that it
    still names the redacted inputs' hosts and domains."""
    return topology._replace(
        domains=tuple(
            n._replace(domain=domain(n.domain), host=host(n.host) if n.host else None)
            for n in topology.domains
        ),
        hosts=tuple(
            h._replace(host=host(h.host), l0_host=host(h.l0_host) if h.l0_host else None)
            for h in topology.hosts
        ),
    )


def _os(data: Mapping[str, Any] | None) -> OS | None:
    if not data:
        return None
    family = str(data["family"])
    version = Version.parse(str(data["version"]))
    kind = str(data.get("kind", ""))
    label = str(data.get("label") or f"{family} {kind} {data['version']}".replace("  ", " "))
    return OS(family=family, version=version, kind=kind, label=label)


def load_topology(path: str) -> Topology:
    """Read and validate a topology file; InputError names the file and what is wrong."""
    import yaml
    from jsonschema import Draft202012Validator

    from nestaudit import limits

    try:
        text = limits.read_regular(path, limits.MAX_YAML_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such topology file") from None
    except (limits.LimitError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    refused = limits.yaml_problem(text)
    if refused is not None:
        where = f"line {refused[0]}: " if refused[0] else ""
        raise InputError(f"{path}: {where}refused YAML: {refused[1]}")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"{path}: {where}{problem}") from None
    data = {} if data is None else data
    errors = sorted(
        (f"{e.json_path}: {e.message}" for e in Draft202012Validator(schema()).iter_errors(data)),
    )
    if errors:
        raise InputError(f"{path}: invalid topology: {errors[0]}")
    domains = tuple(
        DomainNote(
            domain=str(d["domain"]),
            host=d.get("host"),
            use=d.get("use"),
            os=_os(d.get("os")),
            bundle=d.get("bundle"),
            role=d.get("role"),
        )
        for d in data.get("domains", [])
    )
    hosts = tuple(
        HostNote(
            host=str(h["host"]),
            l0_os=_os((h.get("l0") or {}).get("os")),
            l0_host=(h.get("l0") or {}).get("host"),
        )
        for h in data.get("hosts", [])
    )
    return Topology(domains=domains, hosts=hosts, origin=path)
