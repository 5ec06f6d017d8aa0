"""Big hosts for the report tests and the report benchmark: the Intel sample root with
enough extra domain XMLs to reach a given number of domains.

The extra domains are copies of the sample's own, in the proportions of a plausible lab
host: some pass the CPU through, some hide vmx, some run an OS outside the tables, a few
are Windows, a few run another CPU than the one they are saved with (they fail); every
other one is running. `tests/test_big_hosts.py` and
`benchmarks/bench_report.py` build their 211- and 1,000-domain hosts here, so the sizes
the test holds are the sizes the benchmark prints.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from nestaudit import bundle as bundle_mod
from nestaudit.collect import collect
from nestaudit.judge import assess
from nestaudit.judge.assessment import Assessment

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "roots" / "intel-l0-rhel10-nested-on"
QEMU = Path("etc") / "libvirt" / "qemu"
RUN = Path("run") / "libvirt" / "qemu"

SIZES = (211, 1000)
"""The hosts issue 11 measures: 211 domains (a large lab host) and 1,000."""

# (template domain, share of the generated domains)
TEMPLATES = (
    ("rhel9.6-l1", 6),  # host-passthrough, RHEL 9.6
    ("rhel10.0-l1", 4),  # custom model requiring vmx, RHEL 10.0
    ("web-portal", 4),  # host-model without live XML
    ("rhel9.6-novmx", 2),  # vmx disabled
    ("f30", 2),  # Fedora 30: outside the tables
    ("win11", 2),  # Windows 11: the WSL2 notice
    ("kvm-lab", 1),  # running with a CPU other than its saved one: fails, needs a restart
)
LIVE = ("kvm-lab",)
"""Templates whose running copies take the sample's own live XML, not their saved one."""


def sample_domains() -> int:
    """How many domains the sample root defines itself."""
    return len(list((SAMPLE / QEMU).glob("*.xml")))


def make_root(base: Path, domains: int) -> Path:
    """A copy of the Intel sample root under `base` with `domains` domains in all (the
    sample's own and generated ones named bench-NNNN-TEMPLATE)."""
    extra = domains - sample_domains()
    if extra < 0:
        raise ValueError(f"{domains} domains: the sample alone defines {sample_domains()}")
    root = base / "root"
    shutil.copytree(SAMPLE, root, symlinks=True)
    cycle = [name for name, share in TEMPLATES for _ in range(share)]
    texts = {name: (SAMPLE / QEMU / f"{name}.xml").read_text() for name, _ in TEMPLATES}
    live = {name: (SAMPLE / RUN / f"{name}.xml").read_text() for name in LIVE}
    for i in range(extra):
        template = cycle[i % len(cycle)]
        name = f"bench-{i:04d}-{template}"
        xml = _renamed(texts[template], template, name, i)
        (root / QEMU / f"{name}.xml").write_text(xml)
        if template in live:
            (root / RUN / f"{name}.xml").write_text(_renamed(live[template], template, name, i))
        elif i % 2 == 0:
            (root / RUN / f"{name}.xml").write_text(
                f"<domstatus state='running' reason='booted' pid='{1000 + i}'>\n{xml}</domstatus>\n"
            )
    return root


def _renamed(xml: str, template: str, name: str, index: int) -> str:
    return _new_uuid(xml.replace(f"<name>{template}</name>", f"<name>{name}</name>"), index)


def _new_uuid(xml: str, index: int) -> str:
    start = xml.find("<uuid>")
    if start < 0:
        return xml
    end = xml.index("</uuid>", start)
    return f"{xml[: start + 6]}00000000-0000-4000-8000-{index:012d}{xml[end:]}"


def big_bundle(base: Path, domains: int) -> bundle_mod.Bundle:
    """The bundle `nestaudit collect --root` makes of `make_root(base, domains)`."""
    data = collect(root=str(make_root(base, domains)))
    return bundle_mod.from_data(data, f"{domains}-domain host")


def big_assessment(base: Path, domains: int) -> Assessment:
    """The big host judged with the shipped rules."""
    return assess([big_bundle(base, domains)])
