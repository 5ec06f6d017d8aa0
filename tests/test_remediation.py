"""Remediation is paste-safe: every command any sample or a host with hostile domain names
gets parses as bash and keeps each name one word; every XML snippet parses and is a `<cpu>`
libvirt accepts; alternatives read as one choice in every format; an edit names its file and
the line it replaces; the virt-xml forms printed are the ones virt-install's tests run."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

import pytest

from factroots import INTEL_LOADED, bundle_of, command_record, domain_xml, write_root
from nestaudit.bundle import Bundle, load
from nestaudit.engine import Step, StepTemplate
from nestaudit.engine.model import CpuEdit
from nestaudit.engine.rulefile import load_rules
from nestaudit.engine.steps import fill
from nestaudit.engine.templates import Template
from nestaudit.errors import RuleError
from nestaudit.judge import assess
from nestaudit.judge.assessment import Assessment
from nestaudit.render import OutputFormat, render
from nestaudit.render.steps import parts
from nestaudit.report import from_json, to_json
from nestaudit.vocabulary import StepKind

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples" / "bundles").glob("*.json"))
VIRT_INSTALL = REPO / "tests" / "corpus" / "virt-install"
BASH = shutil.which("bash")

HOSTILE = [
    "vm$(pwned)`pwned`;pwned",
    "it's \"quoted\"",
    "two words",
    "line\nbreak",
    "-leading-dash",
    "plain",
]
HOST_MODEL = "Cascadelake-Server"
DOMCAPS = (
    "<domainCapabilities><arch>x86_64</arch><cpu>"
    "<mode name='host-passthrough' supported='yes'/>"
    f"<mode name='host-model' supported='yes'><model fallback='forbid'>{HOST_MODEL}</model>"
    "<vendor>Intel</vendor></mode></cpu></domainCapabilities>\n"
)


def _hostile_bundle(root: Path, domcaps: bool = True) -> Bundle:
    """An Intel host with nesting off (now and at the next load, kvm.conf line 2 says so)
    running one VM per hostile name; the first is host-model, the others a named model
    (one of them a model name that is itself hostile XML)."""
    files = {
        **INTEL_LOADED,
        "sys/module/kvm_intel/parameters/nested": "N\n",
        "etc/modprobe.d/kvm.conf": "# site settings\noptions kvm_intel nested=0\n",
        "etc/os-release": 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="10.0"\n',
    }
    for i, name in enumerate(HOSTILE):
        model = "<cpu mode='host-model'/>" if i == 0 else (
            "<cpu mode='custom' match='exact'><model>Haswell&lt;/model&gt;&amp;</model></cpu>"
            if i == 1 else "<cpu mode='custom' match='exact'><model>Skylake-Client</model></cpu>"
        )
        uuid = f"6f1c2a8e-0000-4000-8000-{i:012d}"
        xml = domain_xml(escape(name), model, uuid=uuid)
        files[f"etc/libvirt/qemu/vm{i}.xml"] = xml
        files[f"run/libvirt/qemu/vm{i}.xml"] = (
            f"<domstatus state='running' reason='booted' pid='{100 + i}'>"
            + xml.replace("<domain type='kvm'>", f"<domain type='kvm' id='{i + 1}'>")
            + "</domstatus>"
        )
    root = write_root(root, files)
    commands = {}
    if domcaps:
        commands["virsh domcapabilities"] = command_record(["virsh", "domcapabilities"], DOMCAPS)
    return bundle_of(root, commands=commands)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    return assess([_hostile_bundle(tmp_path_factory.mktemp("hostile"))])


def _steps(assessment: Assessment) -> Iterator[Step]:
    for host in assessment.hosts:
        for finding in host.findings:
            yield from finding.remediation


def _shell_lines(step: Step) -> list[str]:
    """Every line a reader may paste from `step`: its command, the command making an edit,
    the one checking it, and `virsh edit` for a domain edit."""
    lines: list[str] = []
    if step.kind is StepKind.COMMAND:
        lines += step.text.split("\n")
    for part in parts(step):
        if part.lang == "sh" and part.code is not None:
            lines += part.code.split("\n")
    if step.check:
        lines.append(step.check)
    return lines


def _bash_n(lines: list[str], where: Path) -> None:
    assert BASH is not None
    script = where / "steps.sh"
    script.write_text("\n".join(lines) + "\n", "utf-8")
    done = subprocess.run([BASH, "-n", str(script)], capture_output=True, text=True,
                          timeout=30, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(BASH is None, reason="needs bash")
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_command_is_valid_bash(sample: Path, tmp_path: Path) -> None:
    lines = [line for step in _steps(assess([load(sample)])) for line in _shell_lines(step)]
    _bash_n(lines, tmp_path)


@pytest.mark.skipif(BASH is None, reason="needs bash")
def test_hostile_names_parse_as_bash_and_stay_one_word(hostile: Assessment,
                                                       tmp_path: Path) -> None:
    steps = list(_steps(hostile))
    lines = [line for step in steps for line in _shell_lines(step)]
    _bash_n(lines, tmp_path)
    # one runnable shutdown line per running VM, the name one argument
    (shutdowns,) = [s for s in steps if s.text.startswith("virsh shutdown --domain")
                    and s.text.count("\n") == len(HOSTILE) - 1]
    argvs = [shlex.split(line) for line in shutdowns.text.split("\n")]
    assert all(argv[:3] == ["virsh", "shutdown", "--domain"] and len(argv) == 4 for argv in argvs)
    # what bash makes of each line: the names, whole (a newline written as $'\x0a')
    ran = [_bash_words(line, tmp_path) for line in shutdowns.text.split("\n")]
    assert sorted(argv[3] for argv in ran) == sorted(HOSTILE)
    for step in steps:
        if step.domain is None:
            continue
        edit = parts(step)[-2].code or ""
        assert len(shlex.split(edit)) == 4
        assert _bash_words(edit, tmp_path) == ["virsh", "edit", "--domain", step.domain]
        if step.domain.startswith("-"):
            assert step.command is None  # virt-xml would take the name for an option
        elif step.command is not None:
            assert len(shlex.split(step.command)) == 5
            argv = _bash_words(step.command, tmp_path)
            assert argv[:3] == ["virt-xml", step.domain, "--edit"], argv


def _bash_words(line: str, where: Path) -> list[str]:
    """The words bash runs for `line`, with virsh, virt-xml and `pwned` as stubs that
    record their arguments: a name that ran code would show as a call to pwned."""
    bin_dir = where / "bin"
    if not bin_dir.is_dir():
        bin_dir.mkdir()
        for tool in ("virsh", "virt-xml", "pwned"):
            stub = bin_dir / tool
            stub.write_text(f'#!/bin/sh\nprintf "%s\\0" {tool} "$@" >> "$OUT"\n', "utf-8")
            stub.chmod(0o755)
    out = where / "calls"
    out.write_bytes(b"")
    assert BASH is not None
    subprocess.run([BASH, "-c", line], check=True, timeout=30, env={
        "PATH": f"{bin_dir}:/usr/bin:/bin", "OUT": str(out), "LANG": "C.UTF-8"})
    return out.read_bytes().decode("utf-8").split("\0")[:-1]


@pytest.mark.skipif(BASH is None, reason="needs bash")
def test_pasted_lines_run_nothing_of_the_names(hostile: Assessment, tmp_path: Path) -> None:
    """Each virsh line run by bash: one call, of virsh, with every name whole."""
    names = set(HOSTILE)
    for step in _steps(hostile):
        if step.kind is not StepKind.COMMAND or not step.text.startswith("virsh"):
            continue
        for line in step.text.split("\n"):
            words = _bash_words(line, tmp_path)
            assert words[0] == "virsh" and "pwned" not in words[:1]
            assert not ({w for w in words if "pwned" in w} - names)
            assert len(words) == len(shlex.split(line))


def _cpu_snippets(assessment: Assessment) -> list[tuple[str, ET.Element]]:
    return [(s.domain or "", ET.fromstring(s.text)) for s in _steps(assessment)
            if s.kind is StepKind.EDIT and s.domain is not None]


def _valid_libvirt_cpu(cpu: ET.Element) -> bool:
    """host-passthrough alone, or a custom CPU naming a model and requiring vmx or svm."""
    if cpu.tag != "cpu":
        return False
    if cpu.get("mode") == "host-passthrough":
        return len(cpu) == 0
    model = cpu.find("model")
    feature = cpu.find("feature")
    return (
        cpu.get("mode") == "custom" and model is not None and bool(model.text)
        and model.text not in ("none", "unknown") and feature is not None
        and feature.get("policy") == "require" and feature.get("name") in ("vmx", "svm")
    )


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_xml_snippet_is_a_valid_cpu(sample: Path) -> None:
    for _, cpu in _cpu_snippets(assess([load(sample)])):
        assert _valid_libvirt_cpu(cpu), ET.tostring(cpu, encoding="unicode")


def test_hostile_xml_snippets_parse_and_host_model_gets_a_valid_fix(
    hostile: Assessment, tmp_path: Path
) -> None:
    snippets = _cpu_snippets(hostile)
    # the VM whose model the CPU map does not know is not told to change (whether its
    # guest sees vmx is unknown); every other one is
    assert {d for d, _ in snippets} == set(HOSTILE) - {HOSTILE[1]}
    assert all(_valid_libvirt_cpu(cpu) for _, cpu in snippets)
    models = {d: cpu.findtext("model") for d, cpu in snippets if cpu.get("mode") == "custom"}
    # host-model: the model domcapabilities says it expands to, never "none"
    assert models[HOSTILE[0]] == HOST_MODEL
    assert models[HOSTILE[2]] == "Skylake-Client"
    # without domcapabilities a host-model domain is offered host-passthrough only
    bare = assess([_hostile_bundle(tmp_path / "bare", domcaps=False)])
    first = [cpu for d, cpu in _cpu_snippets(bare) if d == HOSTILE[0]]
    assert [cpu.get("mode") for cpu in first] == ["host-passthrough"] * len(first) and first


def test_a_host_value_in_xml_is_escaped_and_in_a_command_quoted() -> None:
    template = StepTemplate(StepKind.EDIT, Template.parse(""), domain="domain.name",
                            cpu=CpuEdit(models=("domain.cpu_model",), require="domain.virt_flag"))
    values = {"domain.name": HOSTILE[0], "domain.cpu_model": "Has'well</model>&",
              "domain.virt_flag": "vmx"}
    (step,) = fill([template], values, HOSTILE[0])
    cpu = ET.fromstring(step.text)
    assert cpu.findtext("model") == "Has'well</model>&" and _valid_libvirt_cpu(cpu)
    assert shlex.split(step.command or "") == [
        "virt-xml", HOSTILE[0], "--edit", "--cpu", "Has'well</model>&,require=vmx"]
    # a model virt-xml's option parser would split gets no virt-xml line, only the snippet
    (split,) = fill([template], {**values, "domain.cpu_model": "a,b=c"}, HOSTILE[0])
    assert split.command is None and ET.fromstring(split.text).findtext("model") == "a,b=c"


def test_alternatives_are_one_choice_in_every_format() -> None:
    sample = assess(
        [load(REPO / "samples" / "bundles" / "amd-l0-rhel10-nested-on-running.json")])
    text = render(sample, OutputFormat.TEXT).decode()
    md = render(sample, OutputFormat.MD).decode()
    html = render(sample, OutputFormat.HTML).decode()
    junit = render(sample, OutputFormat.JUNIT).decode()
    named = "a named CPU model with svm required"
    for out, first, second in (
        (text, "option 1: host-passthrough", f"option 2: {named}"),
        (md, "**Option 1: host-passthrough", f"**Option 2: {named}"),
        (html, "<strong>Option 1:</strong> host-passthrough",
         f"<strong>Option 2:</strong> {named}"),
        (junit, "option 1: host-passthrough", f"option 2: {named}"),
    ):
        assert "Do one of these:" in out
        assert first in out and second in out
        assert out.index("Do one of these:") < out.index(first) < out.index(second)

def test_the_json_keeps_the_contract_and_reads_back(hostile: Assessment) -> None:
    """The contract's kinds and text, the structure in added fields, read back the same."""
    report = to_json(hostile)
    steps = [s for h in report["hosts"] for f in h["findings"] for s in f["remediation"]]
    assert {s["kind"] for s in steps} <= {"hint", "command", "edit"}
    assert {s["option"] for s in steps if "option" in s} >= {
        "a named CPU model with vmx required"}
    again = from_json(report)
    assert [f.remediation for h in again.hosts for f in h.findings] == [
        f.remediation for h in hostile.hosts for f in h.findings]


def test_a_file_edit_names_the_line_it_replaces_or_appends(hostile: Assessment) -> None:
    (persistent,) = [f for h in hostile.hosts for f in h.findings
                     if f.rule == "nested-persistent"]
    (edit,) = [s for s in persistent.remediation if s.kind is StepKind.EDIT]
    assert (edit.path, edit.line, edit.replaces, edit.text) == (
        "/etc/modprobe.d/kvm.conf", 2, "options kvm_intel nested=0", "options kvm_intel nested=1")
    assert edit.command == "sed -i '2c options kvm_intel nested=1' /etc/modprobe.d/kvm.conf"
    text = render(hostile, OutputFormat.TEXT).decode()
    assert "In /etc/modprobe.d/kvm.conf, line 2 now reads:" in text
    # a host whose kvm.conf sets nothing gets an append
    clean = assess([load(REPO / "samples" / "bundles" / "intel-module-not-loaded.json")])
    (default,) = [s for h in clean.hosts for f in h.findings if f.rule ==
                  "nested-persistent-default" for s in f.remediation]
    assert (default.line, default.replaces) == (None, None)
    assert default.command == (
        "printf '%s\\n' 'options kvm_intel nested=1' >> /etc/modprobe.d/kvm.conf")
    assert parts(default)[0].words == "Append to /etc/modprobe.d/kvm.conf:"


def test_a_command_with_host_values_must_be_argv(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(
        "rules:\n"
        "  - id: pasted\n    limitation: NV-L1-CPU-MODE\n    title: t\n    scope: domain\n"
        "    severity: low\n    violated: {fact: domain.exposes_virt, eq: false}\n"
        "    message: {fail: f, pass: p}\n"
        "    remediation:\n      - kind: command\n        text: \"virsh edit {domain.name}\"\n",
        "utf-8",
    )
    with pytest.raises(RuleError, match=r"remediation\[0\]: a command step needs `argv`"):
        load_rules([tmp_path / "r.yaml"], {"domain.exposes_virt": "domain",
                                           "domain.name": "domain"}, {"NV-L1-CPU-MODE"})


def test_the_virt_xml_forms_are_virt_installs_own() -> None:
    cases = (VIRT_INSTALL / "test_cli.py.txt").read_text("utf-8")
    # the invocation virt-xml's own tests run, and the feature policy spelling of --cpu
    assert '"test --os-variant fedora26 --edit --cpu host-passthrough"' in cases
    assert "--cpu foobar,+x2apic,+x2apicagain,-distest,forbid=foo,forbid=bar,disable=distest2," \
           "optional=opttest,require=reqtest" in cases
    # what it writes for host-passthrough is the snippet nestaudit shows
    diff = (VIRT_INSTALL / "virt-xml-edit-clear-cpu.xml").read_text("utf-8")
    assert '+  <cpu mode="host-passthrough"/>' in diff
    built = (VIRT_INSTALL / "virt-xml-build-cpu.xml").read_text("utf-8")
    assert built.startswith('<cpu mode="custom" match="exact">\n  <model>pentium3</model>')
    bundle = load(REPO / "samples" / "bundles" / "intel-nested-off-persistent-on.json")
    edits = [s for s in _steps(assess([bundle])) if s.domain is not None]
    assert any(s.text == '<cpu mode="host-passthrough"/>' for s in edits)
    assert {tuple(shlex.split(s.command or "")[2:]) for s in edits} == {
        ("--edit", "--cpu", "host-passthrough"), ("--edit", "--cpu", "Broadwell,require=vmx")}


def test_a_command_check_is_filled_in_and_quoted_like_its_argv(hostile: Assessment,
                                                               tmp_path: Path) -> None:
    """One check line per command line (`each`), the names whole and quoted; `prints`
    pipes to grep, `not` negates."""
    (shutdowns,) = [s for s in _steps(hostile) if s.text.startswith("virsh shutdown")
                    and s.text.count("\n") == len(HOSTILE) - 1]
    checks = (shutdowns.check or "").split("\n")
    assert len(checks) == len(shutdowns.text.split("\n")) == len(HOSTILE)
    for line, check in zip(shutdowns.text.split("\n"), checks):
        name = shlex.split(line)[3] if "$'" not in line else None
        assert check.endswith(" | grep -qxF -e 'shut off'")
        if name is not None:
            assert shlex.split(check)[:4] == ["virsh", "domstate", "--domain", name]
    bundle = load(REPO / "samples" / "bundles" / "amd-nested-off-running.json")
    reload = {s.text: s.check for s in _steps(assess([bundle])) if s.text.startswith("modprobe")}
    assert reload == {
        "modprobe -r kvm_amd": "! grep -qsxF -e N -e 0 /sys/module/kvm_amd/parameters/nested",
        "modprobe kvm_amd nested=1": "grep -qsxF -e Y -e 1 /sys/module/kvm_amd/parameters/nested",
    }


@pytest.mark.parametrize(("step", "problem"), [
    ("{kind: hint, text: t, check: {argv: [\"true\"]}}", "a hint step takes no `check`"),
    ("{kind: edit, path: /etc/x, text: t, check: {argv: [\"true\"]}}",
     "a edit step takes no `check`"),
])
def test_only_a_command_declares_a_check(tmp_path: Path, step: str, problem: str) -> None:
    (tmp_path / "r.yaml").write_text(
        "rules:\n"
        "  - id: checked\n    limitation: NV-L1-CPU-MODE\n    title: t\n    scope: domain\n"
        "    severity: low\n    violated: {fact: domain.exposes_virt, eq: false}\n"
        f"    message: {{fail: f, pass: p}}\n    remediation:\n      - {step}\n",
        "utf-8",
    )
    with pytest.raises(RuleError, match=re.escape(problem)):
        load_rules([tmp_path / "r.yaml"], {"domain.exposes_virt": "domain"}, {"NV-L1-CPU-MODE"})
