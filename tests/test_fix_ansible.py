"""`nestaudit fix --format ansible`: the playbook of every sample passes --syntax-check, it
stops clearly without `-e target=`, --check against a localhost alias changes nothing on a
copy of a sample root, a real run edits kvm.conf once (a second changes nothing) and skips
every task on the running system, and hostile texts are `!unsafe`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from test_remediation import _hostile_bundle

from nestaudit.bundle import load
from nestaudit.fix import FixFormat, write_fix
from nestaudit.judge import assess
from nestaudit.judge.registry import load_rules

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples" / "bundles").glob("*.json"))
ANSIBLE_PLAYBOOK = Path(sys.executable).parent / "ansible-playbook"
RULES = load_rules()
AMD = "amd-nested-off-running"


def _playbook(tmp_path: Path, *bundles: Path) -> Path:
    path = tmp_path / "fix.yml"
    text = write_fix(assess([load(b) for b in bundles]), RULES, FixFormat.ANSIBLE)
    path.write_text(text, "utf-8")
    return path


def _run(tmp_path: Path, playbook: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    inventory = tmp_path / "inventory"
    inventory.write_text(
        f"fixhost ansible_connection=local ansible_python_interpreter={sys.executable}\n")
    env = {**os.environ, "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-local"),
           "ANSIBLE_REMOTE_TEMP": str(tmp_path / "ansible-remote"), "ANSIBLE_NOCOLOR": "1",
           "ANSIBLE_PIPELINING": "1"}
    return subprocess.run(
        [str(ANSIBLE_PLAYBOOK), "-i", str(inventory), str(playbook), *extra],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )


def _recap(out: str) -> dict[str, int]:
    line = next(x for x in out.splitlines() if x.startswith("fixhost ") and "ok=" in x)
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}


def _root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    shutil.copytree(REPO / "samples" / "roots" / AMD, root, symlinks=True)
    return root


def test_every_sample_playbook_passes_syntax_check(tmp_path: Path) -> None:
    done = _run(tmp_path, _playbook(tmp_path, *SAMPLES), "--syntax-check", "-e", "target=all")
    assert done.returncode == 0, done.stdout + done.stderr


def test_without_target_it_stops_with_a_clear_message(tmp_path: Path) -> None:
    done = _run(tmp_path, _playbook(tmp_path, REPO / "samples" / "bundles" / f"{AMD}.json"))
    assert done.returncode != 0
    assert "give the hosts to fix: ansible-playbook ... -e target=HOSTS" in done.stdout


def test_check_mode_on_a_sample_root_changes_nothing(tmp_path: Path) -> None:
    root = _root(tmp_path)
    playbook = _playbook(tmp_path, REPO / "samples" / "bundles" / f"{AMD}.json")
    done = _run(tmp_path, playbook, "--check", "-e", "target=fixhost", "-e",
                f"nestaudit_root={root}", "-e", "nestaudit_become=false",
                "-e", "nestaudit_disruptive=true")
    assert done.returncode == 0, done.stdout + done.stderr
    recap = _recap(done.stdout)
    assert recap["failed"] == 0 and recap["changed"] == 1  # the kvm.conf line, reported only
    assert (root / "etc/modprobe.d/kvm.conf").read_text() == "options kvm_amd nested=0\n"


def test_a_real_run_edits_once_and_skips_the_running_system(tmp_path: Path) -> None:
    root = _root(tmp_path)
    playbook = _playbook(tmp_path, REPO / "samples" / "bundles" / f"{AMD}.json")
    args = ("-e", "target=fixhost", "-e", f"nestaudit_root={root}",
            "-e", "nestaudit_become=false", "-e", "nestaudit_disruptive=true")
    first = _run(tmp_path, playbook, *args)
    assert first.returncode == 0, first.stdout + first.stderr
    assert _recap(first.stdout)["changed"] == 1
    assert (root / "etc/modprobe.d/kvm.conf").read_text() == "options kvm_amd nested=1\n"
    # every task on the running system skipped: nestaudit_root is not /
    results = dict(re.findall(r"TASK \[(.*?)\] \**\n(\w+):", first.stdout))
    live = {name: r for name, r in results.items() if "virsh" in name or "modprobe " in name}
    assert any("virsh shutdown --domain app01" in n for n in live)
    assert any(n.endswith("modprobe -r kvm_amd") for n in live)
    assert set(live.values()) == {"skipping"}
    second = _run(tmp_path, playbook, *args, "--tags", "NV-NESTED-PERSISTENT")
    assert second.returncode == 0, second.stdout + second.stderr
    assert _recap(second.stdout)["changed"] == 0


def test_tasks_carry_the_limitation_and_disruptive_tags(tmp_path: Path) -> None:
    playbook = _playbook(tmp_path, REPO / "samples" / "bundles" / f"{AMD}.json")
    plays = yaml.load(playbook.read_text(), Loader=_UnsafeLoader)
    assert plays[1]["hosts"] == "{{ target }}"
    tasks = plays[1]["tasks"]
    edit = next(t for t in tasks if "ansible.builtin.lineinfile" in t)
    assert edit["tags"] == ["NV-NESTED-PERSISTENT"]
    assert edit["ansible.builtin.lineinfile"]["line"] == "options kvm_amd nested=1"
    reload = next(t for t in tasks if t.get("ansible.builtin.shell", {}).get("cmd")
                  == "modprobe -r kvm_amd")
    assert reload["tags"] == ["NV-NESTED-ENABLED", "disruptive"]
    assert "(nestaudit_disruptive | default(false) | bool)" in reload["when"]
    checks = [t for t in tasks if t.get("check_mode") is False]
    assert checks and all(t["changed_when"] is False for t in checks)


class Unsafe(str):
    """A string the file tags !unsafe."""


class _UnsafeLoader(yaml.SafeLoader):
    """Reads !unsafe as a marked string: Ansible takes those as they are, never templated."""


def _unsafe(loader: yaml.SafeLoader, node: yaml.Node) -> Unsafe:
    assert isinstance(node, yaml.ScalarNode)
    return Unsafe(loader.construct_scalar(node))


_UnsafeLoader.add_constructor("!unsafe", _unsafe)


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []


def test_host_texts_are_unsafe_and_never_templated(tmp_path: Path) -> None:
    text = write_fix(assess([_hostile_bundle(tmp_path / "host")]), RULES, FixFormat.ANSIBLE)
    plays = yaml.load(text, Loader=_UnsafeLoader)
    shutdowns = [t["ansible.builtin.shell"]["cmd"] for t in plays[1]["tasks"]
                 if t.get("ansible.builtin.shell", {}).get("cmd", "").startswith("virsh shut")]
    assert "virsh shutdown --domain 'vm$(pwned)`pwned`;pwned'" in shutdowns
    named = [s for s in _strings(plays) if "pwned" in s]
    assert named and all(isinstance(s, Unsafe) for s in named)
