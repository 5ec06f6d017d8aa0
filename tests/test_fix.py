"""`nestaudit fix --format sh`: the script parses and passes shellcheck for every sample, its
dry run changes nothing, `--apply` on a copy of a sample root makes the persistent change
once (a second run changes nothing) and collecting that root again turns the finding into a
pass; steps on the running system refuse under another ROOT; hostile domain names reach
virsh and virt-xml as one argument each."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_remediation import HOSTILE, _hostile_bundle

from nestaudit.bundle import load
from nestaudit.cli import main
from nestaudit.fix import FixFormat, write_fix
from nestaudit.fix.plan import plan, rule_order
from nestaudit.fix.sh import script
from nestaudit.inputs import load_input
from nestaudit.judge import assess
from nestaudit.judge.registry import load_rules
from nestaudit.vocabulary import Outcome

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples" / "bundles").glob("*.json"))
ROOTS = REPO / "samples" / "roots"
BASH = shutil.which("bash") or "bash"
SHELLCHECK = shutil.which("shellcheck")
RULES = load_rules()


def _script_for(*bundles: Path) -> str:
    return write_fix(assess([load(b) for b in bundles]), RULES, FixFormat.SH)


def _run(script_path: Path, *args: str, root: Path, env: dict[str, str] | None = None,
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BASH, str(script_path), *args], capture_output=True, text=True, timeout=60,
        check=False, env={"PATH": os.environ["PATH"], "ROOT": str(root), **(env or {})},
    )


def _tree(root: Path) -> str:
    """One digest of every file's path, mode and bytes under `root`."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file() and not path.is_symlink():
            digest.update(oct(path.stat().st_mode).encode() + path.read_bytes())
    return digest.hexdigest()


def test_shellcheck_is_installed() -> None:
    assert SHELLCHECK is not None, "shellcheck is needed (apt-get install shellcheck)"


@pytest.mark.parametrize("sample", [*SAMPLES, None], ids=lambda p: p.stem if p else "all")
def test_script_passes_bash_n_and_shellcheck(sample: Path | None, tmp_path: Path) -> None:
    path = tmp_path / "fix.sh"
    path.write_text(_script_for(*([sample] if sample else SAMPLES)), "utf-8")
    done = subprocess.run([BASH, "-n", str(path)], capture_output=True, text=True, timeout=30,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert SHELLCHECK is not None
    done = subprocess.run([SHELLCHECK, "-s", "bash", str(path)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout


def _copy(sample: str, tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "root"
    shutil.copytree(ROOTS / sample, root, symlinks=True)
    path = tmp_path / "fix.sh"
    path.write_text(_script_for(REPO / "samples" / "bundles" / f"{sample}.json"), "utf-8")
    return root, path


def test_dry_run_prints_the_change_and_makes_none(tmp_path: Path) -> None:
    root, path = _copy("amd-nested-off-running", tmp_path)
    before = _tree(root)
    done = _run(path, root=root)
    assert done.returncode == 0, done.stderr
    assert ("would: line 1 of /etc/modprobe.d/kvm.conf: 'options kvm_amd nested=0' becomes "
            "'options kvm_amd nested=1'") in done.stdout
    assert "dry run: 1 change(s) to make; nothing was changed" in done.stdout
    assert _tree(root) == before


def test_apply_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    root, path = _copy("amd-nested-off-running", tmp_path)
    first = _run(path, "--apply", "--disruptive", root=root)
    assert first.returncode == 0, first.stderr
    assert "1 change(s) made" in first.stdout
    assert (root / "etc/modprobe.d/kvm.conf").read_text() == "options kvm_amd nested=1\n"
    after_first = _tree(root)
    second = _run(path, "--apply", "--disruptive", root=root)
    assert second.returncode == 0, second.stderr
    assert "0 change(s) made; 0 not made" in second.stdout
    assert "already done: line 1 of /etc/modprobe.d/kvm.conf" in second.stdout
    assert _tree(root) == after_first


def test_steps_on_the_running_system_refuse_under_another_root(tmp_path: Path) -> None:
    root, path = _copy("amd-nested-off-running", tmp_path)
    bin_dir, calls = _stubs(tmp_path)
    done = _run(path, "--apply", "--disruptive", root=root,
                env={"PATH": f"{bin_dir}:{os.environ['PATH']}", "OUT": str(calls)})
    assert done.returncode == 0, done.stderr
    assert calls.read_text() == ""  # neither virsh nor modprobe ran
    for command in ("virsh shutdown --domain app01", "modprobe -r kvm_amd",
                    "modprobe kvm_amd nested=1"):
        assert (f"refused (acts on the running system, and ROOT is {root}): {command}"
                in done.stdout)


def test_apply_then_collect_again_turns_the_persistent_finding_into_a_pass(
        tmp_path: Path) -> None:
    root, path = _copy("amd-nested-off-running", tmp_path)

    def outcome(rule: str) -> Outcome:
        (host,) = assess([load_input(str(root))]).hosts
        return next(f.outcome for f in host.findings if f.rule == rule)

    assert outcome("nested-persistent") is Outcome.FAIL
    assert _run(path, "--apply", root=root).returncode == 0
    assert outcome("nested-persistent") is Outcome.PASS
    assert outcome("nested-enabled") is Outcome.FAIL  # the running module: not under ROOT


def test_a_replaced_line_that_changed_since_collection_stops_the_script(tmp_path: Path) -> None:
    root, path = _copy("amd-nested-off-running", tmp_path)
    (root / "etc/modprobe.d/kvm.conf").write_text("options kvm_amd nested=0 hpage=0\n")
    done = _run(path, "--apply", root=root)
    assert done.returncode == 1
    assert ("error: line 1 of " + str(root) + "/etc/modprobe.d/kvm.conf no longer reads what "
            "was collected; edit it by hand") in done.stderr
    assert (root / "etc/modprobe.d/kvm.conf").read_text() == "options kvm_amd nested=0 hpage=0\n"


_STUB = """#!{python}
import json, os, sys
tool, args = os.path.basename(sys.argv[0]), sys.argv[1:]
with open(os.environ["OUT"], "a") as out:
    out.write(json.dumps([tool, *args]) + "\\n")
state_file = os.environ.get("STATE", "")
state = json.load(open(state_file)) if state_file and os.path.exists(state_file) else {{}}
if tool == "virsh" and args[0] == "domstate":
    print(state.get("off:" + args[-1], "running"))
elif tool == "virsh" and args[0] == "shutdown":
    state["off:" + args[-1]] = "shut off"
elif tool == "virsh" and args[0] == "dumpxml":
    print("<domain><cpu mode='host-passthrough'/></domain>" if state.get("cpu:" + args[-1])
          else "<domain><cpu mode='custom'/></domain>")
elif tool == "virt-xml":
    state["cpu:" + args[0]] = True
if state_file:
    json.dump(state, open(state_file, "w"))
"""


def _stubs(where: Path) -> tuple[Path, Path]:
    """virsh, virt-xml, modprobe and pwned as stubs recording their argv (one JSON list a
    line) and keeping the VMs' state: a name that ran code would show as a call to pwned."""
    bin_dir = where / "bin"
    bin_dir.mkdir()
    for tool in ("virsh", "virt-xml", "modprobe", "pwned"):
        stub = bin_dir / tool
        stub.write_text(_STUB.format(python=sys.executable), "utf-8")
        stub.chmod(0o755)
    calls = where / "calls"
    calls.write_text("")
    return bin_dir, calls


def test_hostile_domain_names_stay_one_argument(tmp_path: Path) -> None:
    """The VMs' changes of a host whose domains have hostile names, run with ROOT=/ against
    stubs (only the changes on VMs: nothing here may edit this machine's files)."""
    assessment = assess([_hostile_bundle(tmp_path / "host")])
    # These VMs' CPU edits are advice (domain-ordinary-cpu, info): taken as failing here, so
    # that the script carries the virt-xml change of each hostile name.
    vm_rules = {"domain-ordinary-cpu", "reload-needs-stopped-vms"}
    (host,) = assessment.hosts
    findings = tuple(
        f._replace(outcome=Outcome.FAIL)
        if f.rule == "domain-ordinary-cpu" and f.outcome is Outcome.INFO else f
        for f in host.findings
    )
    assessment = assessment._replace(hosts=(host._replace(findings=findings),))
    fixes = [f for f in plan(assessment, rule_order(RULES)) if f.finding.rule in vm_rules]
    assert {f.finding.rule for f in fixes} == vm_rules
    path = tmp_path / "fix.sh"
    path.write_text(script(fixes, ["hostile names"]), "utf-8")
    bin_dir, calls = _stubs(tmp_path)
    done = subprocess.run(
        [BASH, str(path), "--apply", "--disruptive"], capture_output=True, text=True,
        timeout=60, check=False,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "OUT": str(calls), "ROOT": "/",
             "STATE": str(tmp_path / "state.json"), "WAIT": "4"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    ran = [json.loads(line) for line in calls.read_text().splitlines()]
    assert not [argv for argv in ran if argv[0] == "pwned"]
    shutdowns = sorted(a[3] for a in ran if a[:3] == ["virsh", "shutdown", "--domain"])
    assert shutdowns == sorted(HOSTILE)
    edits = [a for a in ran if a[0] == "virt-xml"]
    assert edits and all(a[2:] == ["--edit", "--cpu", "host-passthrough"] for a in edits)
    # virt-xml would take a leading dash for an option: that VM is left to virsh edit
    edited = sorted(f.target for f in findings
                    if f.rule == "domain-ordinary-cpu" and f.outcome is Outcome.FAIL)
    assert "vm$(pwned)`pwned`;pwned" in edited and "line\nbreak" in edited
    assert sorted(a[1] for a in edits) == [n for n in edited if not n.startswith("-")]
    # a second run finds every change made
    again = subprocess.run(
        [BASH, str(path), "--apply", "--disruptive"], capture_output=True, text=True,
        timeout=60, check=False,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "OUT": str(calls), "ROOT": "/",
             "STATE": str(tmp_path / "state.json"), "WAIT": "4"},
    )
    assert "0 change(s) made; 0 not made" in again.stdout, again.stdout


def test_comments_hold_no_raw_control_characters(tmp_path: Path) -> None:
    text = write_fix(assess([_hostile_bundle(tmp_path / "host")]), RULES, FixFormat.SH)
    assert "line\nbreak" not in text
    assert not [c for c in text if ord(c) < 32 and c != "\n"]
    assert "line\\x0abreak" in text  # as the comments and messages write it


def test_nothing_to_fix_is_a_script_that_says_so(tmp_path: Path) -> None:
    sample = REPO / "samples" / "bundles" / "intel-l0-ordinary-vms.json"
    assert not [f for h in assess([load(sample)]).hosts for f in h.findings
                if f.outcome is Outcome.FAIL]
    out = tmp_path / "fix.sh"
    assert main(["fix", str(sample), "-o", str(out)]) == 0
    done = _run(out, "--apply", root=tmp_path)
    assert done.returncode == 0
    assert "nestaudit found nothing this script can fix" in done.stdout
    assert os.access(out, os.X_OK)


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fix.sh"
    assert main(["fix", str(tmp_path / "missing.json"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.json" in err
    assert not out.exists()


def test_several_hosts_need_host_to_choose(tmp_path: Path) -> None:
    bundles = [REPO / "samples" / "bundles" / f"{s}.json"
               for s in ("amd-nested-off-running", "intel-nested-on-not-persistent")]
    path = tmp_path / "fix.sh"
    path.write_text(_script_for(*bundles), "utf-8")
    done = _run(path, root=tmp_path)
    assert done.returncode == 2
    assert "pick the host to fix with --host NAME" in done.stderr
    done = _run(path, "--host", "l0-amd-legacy.lab.example.com", root=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "fixing l0-amd-legacy.lab.example.com" in done.stdout
    assert "l0-intel-ws01" not in done.stdout
