"""Host facts (nestaudit/facts/host.py): identity and container markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from factroots import INTEL_LOADED, facts_of, write_root
from nestaudit.values import Version


def test_host_identity_from_files(tmp_path: Path) -> None:
    facts = facts_of(write_root(tmp_path, {
        **INTEL_LOADED, "proc/sys/kernel/hostname": "hv01.example.com\n"}))
    assert facts.host.name == "hv01.example.com"
    assert facts.host.kernel == "5.14.0-503.el9.x86_64"
    assert facts.host.kernel_version == Version((5, 14, 0))
    assert facts.host.arch == "x86_64"
    assert facts.host.source == "root"
    assert facts.host.container is None


@pytest.mark.parametrize(
    ("files", "engine"),
    [
        ({".dockerenv": ""}, "docker"),
        ({"run/.containerenv": 'engine="podman-5.2.2"\n'}, "podman"),
        ({"run/systemd/container": "lxc\n"}, "lxc"),
        ({"proc/1/cgroup": "0::/kubepods.slice/crio-abc.scope\n"}, "crio"),
    ],
)
def test_container_markers(tmp_path: Path, files: dict[str, str], engine: str) -> None:
    facts = facts_of(write_root(tmp_path, {**INTEL_LOADED, **files}))
    assert facts.host.container == engine
    assert facts.evidence("host.container")
