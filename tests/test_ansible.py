"""ansible/playbooks/audit.yml run as README says, on an inventory of localhost aliases
(ansible_connection=local), each collecting its own sample root; one collects this host live.
"""

from __future__ import annotations

import ast
import gzip
import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import jsonschema

from nestaudit.bundle import canonical_sha256, load
from nestaudit.collect import collect
from nestaudit.collect.cli import hostname_from
from nestaudit.collect.spec import COMMANDS

REPO = Path(__file__).resolve().parent.parent
ROOTS = REPO / "samples" / "roots"
PLAYBOOK = "ansible/playbooks/audit.yml"
ANSIBLE_PLAYBOOK = Path(sys.executable).parent / "ansible-playbook"
PY39 = Path("/root/.pyenv/versions/3.9.18/bin/python3.9")
REPORT_SCHEMA = REPO / "nestaudit" / "schemas" / "report.schema.json"
# alias -> (its sample root, the Python the module runs with on that "host")
HOSTS = {
    "lab-l0": ("intel-l0-rhel10-nested-on", "/usr/bin/python3"),
    "lab-l1": ("l1-rhel-under-kvm-exposing", str(PY39) if PY39.exists() else sys.executable),
    "lab-amd": ("amd-nested-off-running", sys.executable),
}


def inventory(tmp_path: Path, hosts: Mapping[str, tuple[str | None, str]]) -> Path:
    lines = ["[lab]"]
    for alias, (root, python) in hosts.items():
        line = f"{alias} ansible_connection=local ansible_python_interpreter={python}"
        if root is not None:
            line += f" nestaudit_root={ROOTS / root if '/' not in root else root}"
        lines.append(line)
    path = tmp_path / "inventory.ini"
    path.write_text("\n".join(lines) + "\n")
    return path


def playbook(tmp_path: Path, inv: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-local"),
        "ANSIBLE_REMOTE_TEMP": str(tmp_path / "ansible-remote"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_PIPELINING": "1",  # modules through standard input: fewer files, less time
        "PYTHONPATH": str(REPO),
    }
    nestaudit = f"{sys.executable} -m nestaudit"
    return subprocess.run(
        [str(ANSIBLE_PLAYBOOK), "-i", str(inv), PLAYBOOK,
         "-e", f"nestaudit_command='{nestaudit}'", *extra],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )


def recap(output: str) -> dict[str, dict[str, int]]:
    """The PLAY RECAP's counts per host."""
    counts = {}
    for line in output.split("PLAY RECAP")[-1].splitlines()[1:]:
        if ":" in line:
            host, rest = line.split(":", 1)
            counts[host.strip()] = {k: int(v) for k, v in (p.split("=") for p in rest.split())}
    return counts


def test_playbook_collects_every_host_into_its_bundle_and_writes_the_fleet_report(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    live = {"this-host": (None, sys.executable)}  # no nestaudit_root: "/", the live host
    result = playbook(tmp_path, inventory(tmp_path, {**HOSTS, **live}), "-e",
                      f"nestaudit_out={out}")
    output = result.stdout + result.stderr
    bundles = out / "bundles"
    assert sorted(p.name for p in bundles.iterdir()) == sorted(
        f"{alias}.json.gz" for alias in [*HOSTS, *live]
    ), output
    names: dict[str, str] = {}
    for alias, (root, python) in HOSTS.items():
        path = bundles / f"{alias}.json.gz"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert gzip.decompress(path.read_bytes())[:1] == b"{"
        data = load(path).data  # valid against the bundle schema
        assert data["source"] == {"type": "root", "path": str(ROOTS / root)}
        expected = collect(root=str(ROOTS / root))
        for section in ("files", "dirs", "commands"):
            assert data[section] == expected[section], (alias, section)
        assert hostname_from(data) == (ROOTS / root / "etc" / "hostname").read_text().strip()
        if python == str(PY39):
            assert data["collector"]["python"].startswith("3.9.")
        names[alias] = str(hostname_from(data))
    this = load(bundles / "this-host.json.gz").data
    assert this["source"] == {"type": "live", "path": None}
    assert this["host"]["hostname"] == socket.gethostname()
    assert set(this["commands"]) >= {c.name for c in COMMANDS}  # live: the commands ran
    names["this-host"] = str(this["host"]["hostname"])
    assert recap(output)["lab-l0"]["changed"] >= 1

    report = out / "report"
    assert result.returncode == 0, output
    fleet = json.loads((report / "fleet.json").read_text("utf-8"))
    jsonschema.validate(fleet, json.loads(REPORT_SCHEMA.read_text("utf-8")))
    assert sorted(h["host"] for h in fleet["hosts"]) == sorted(names.values())
    shas = {h["bundle"]["sha256"] for h in fleet["hosts"]}
    assert shas == {canonical_sha256(load(p).data) for p in bundles.iterdir()}


def test_check_mode_collects_writes_nothing_and_names_a_bad_root(tmp_path: Path) -> None:
    out = tmp_path / "out"
    hosts = {**dict(list(HOSTS.items())[:1]), "not-a-host": (str(tmp_path), sys.executable)}
    result = playbook(tmp_path, inventory(tmp_path, hosts), "--check", "-e",
                      f"nestaudit_out={out}")
    output = result.stdout + result.stderr
    assert result.returncode != 0  # the bad root fails its host, and only it
    counts = recap(output)
    assert counts["not-a-host"]["failed"] == 1
    assert f"{tmp_path}: not a host root" in output
    for alias in list(HOSTS)[:1]:
        assert counts[alias]["failed"] == 0 and counts[alias]["changed"] == 1, output
    assert not out.exists()  # check mode: the bundles that would be written are not


def test_output_folder_is_required(tmp_path: Path) -> None:
    result = playbook(tmp_path, inventory(tmp_path, dict(list(HOSTS.items())[:1])))
    assert result.returncode != 0
    assert "give the output folder: -e nestaudit_out=DIR" in result.stdout + result.stderr


def test_module_needs_only_the_standard_library_on_the_host() -> None:
    """Besides the standard library, the module imports Ansible's own module_utils (which
    Ansible ships with every module) and nestaudit's collector (which it brings along)."""
    source = REPO / "ansible" / "library" / "nestaudit_collect.py"
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    outside = {m for m in imported if m.split(".")[0] not in sys.stdlib_module_names}
    assert outside == {"ansible.module_utils.basic", "nestaudit.collect", "nestaudit.errors"}
