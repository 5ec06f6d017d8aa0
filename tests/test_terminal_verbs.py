"""Every verb, given a host whose domain name, DMI strings and files carry terminal
controls, prints none of them raw: each is shown escaped (nestaudit/terminal.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_ROOT = REPO / "samples" / "roots" / "intel-cmdline-override"
# ESC (clear screen, OSC retitle ended by BEL), the one-byte CSI and the bidi override.
IN_FILE_NAME = "vm\x1b[2J\x1b]0;owned\x07\u202egnp"
IN_XML = "vm\u202eexe\x9b2J"  # XML 1.0 cannot carry ESC or BEL; C1 and bidi it can
IN_DMI = "Evil\x1b]0;retitled\x07 Corp\u202e"
IN_FILE = "options kvm_intel nested=1 \x1b[31m\u202e\n"
# What a terminal acts on: C0 but TAB and LF, DEL, C1, bidi and zero-width controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "root"
    shutil.copytree(SAMPLE_ROOT, root, symlinks=True)
    qemu = root / "etc" / "libvirt" / "qemu"
    xml = (qemu / "rhel9.6-l1.xml").read_text()
    (qemu / "rhel9.6-l1.xml").unlink()
    (qemu / "autostart" / "rhel9.6-l1.xml").unlink()
    xml = xml.replace("<name>rhel9.6-l1</name>", f"<name>{IN_XML}</name>")
    (qemu / f"{IN_FILE_NAME}.xml").write_text(xml)
    dmi = root / "sys" / "class" / "dmi" / "id"
    for name in ("sys_vendor", "product_name"):
        (dmi / name).write_text(IN_DMI + "\n")
    (root / "etc" / "hostname").write_text("host\x1b[2J\u202eevil\n")
    (root / "etc" / "modprobe.d" / "kvm.conf").write_text(IN_FILE)
    return root


def nestaudit(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CONFIG_HOME": str(cwd / "config")}
    return subprocess.run(
        [sys.executable, "-m", "nestaudit", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, timeout=120, check=False, env=env,
    )


@pytest.fixture(scope="module")
def hostile_bundle(hostile_root: Path) -> Path:
    out = hostile_root.parent / "hostile.json"
    result = nestaudit("collect", "--root", hostile_root, "-o", out, cwd=hostile_root.parent)
    assert result.returncode == 0, result.stderr
    return out


VERBS: dict[str, list[str]] = {
    "show": ["show", "{bundle}"],
    "facts text": ["facts", "{bundle}"],
    "facts json": ["facts", "--format", "json", "{bundle}"],
    "check text": ["check", "--color", "always", "{bundle}"],
    "check md": ["check", "--format", "md", "{bundle}"],
    "check json": ["check", "--format", "json", "{bundle}"],
    "check xml": ["check", "--format", "junit", "{bundle}"],
    "check root": ["check", "{root}"],
    "report md": ["report", "--format", "md", "-o", "-", "{bundle}"],
    "audit": ["audit", "-o", "{tmp}/audit", "{bundle}"],
    "collect to stdout": ["collect", "--root", "{root}", "-o", "-"],
    "redact": ["redact", "-o", "-", "{bundle}"],
    "ticket": ["ticket", "-o", "{tmp}/t.tar.gz", "{bundle}"],
}


@pytest.mark.parametrize("verb", VERBS.values(), ids=VERBS.keys())
def test_no_raw_control_reaches_the_terminal(
    verb: list[str], hostile_root: Path, hostile_bundle: Path, tmp_path: Path
) -> None:
    args = [a.format(bundle=hostile_bundle, root=hostile_root, tmp=tmp_path) for a in verb]
    result = nestaudit(*args, cwd=tmp_path)
    assert result.returncode in (0, 1, 3), (result.returncode, result.stderr)
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        # nestaudit's own colours are ESC [ ... m; everything else must be escaped.
        bare = re.sub(r"\x1b\[[0-9;]*m", "", text) if "always" in verb else text
        found = sorted({f"U+{ord(c):04X}" for c in RAW.findall(bare)})
        assert not found, f"{stream} of {' '.join(verb)} carries {found}"


def test_the_reader_sees_that_something_was_there(hostile_bundle: Path, tmp_path: Path) -> None:
    shown = nestaudit("show", hostile_bundle, cwd=tmp_path).stdout
    assert "vm\\x1b[2J\\x1b]0;owned\\x07\\u202egnp" in shown
    text = nestaudit("check", hostile_bundle, cwd=tmp_path).stdout
    assert "vm\\u202eexe\\x9b2J" in text
    md = nestaudit("check", "--format", "md", hostile_bundle, cwd=tmp_path).stdout
    assert "\\u202e" in md
