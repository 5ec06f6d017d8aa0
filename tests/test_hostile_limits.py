"""Issue 12's hostile inputs that test_faults.py, test_file_modes.py and
test_redact_leaks.py do not cover, through the command line: each is built here, run as a
subprocess (a generous timeout guards against a hang; it is not a timing assertion), and
must end in one line on stderr naming the file, exit 2, no traceback and no output file;
or, where the hostile item is one piece of evidence among others (a sosreport's FIFO
manifest), be read as unreadable and judged as usual.

The limits are nestaudit/limits.py's and engine/regex.py's; the same cases, timed, are
benchmarks/bench_hostile.py. Device nodes need root (CI is root); elsewhere they skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "bundles" / "ubuntu-l0.json"
ROOT = REPO / "samples" / "roots" / "ubuntu-l0"
SOS = REPO / "tests" / "fixtures" / "sos" / "intel-l0-rhel10-nested-on"
MiB = 1024 * 1024


def run(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(cwd / "xdg"), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "nestaudit", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, timeout=120, check=False, env=env,
    )


def refused(result: subprocess.CompletedProcess[str], name: str, needle: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and needle in lines[0], lines[0]


# --- bundles: the file, its gzip and its JSON -----------------------------------------------


def _bomb(path: Path) -> None:
    """A gzip member expanding past the 256 MiB cap (~260 KiB on disk)."""
    deflate = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * MiB
    with path.open("wb") as out:
        out.write(deflate.compress(b'{"kind": "'))
        for _ in range(260):
            out.write(deflate.compress(zeros))
        out.write(deflate.flush())


def _truncated(path: Path) -> None:
    whole = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    data = whole.compress(SAMPLE.read_bytes()) + whole.flush()
    path.write_bytes(data[: len(data) // 2])


def _deep(path: Path) -> None:
    path.write_text('{"kind": "nestaudit-bundle", "x": ' + "[" * 200_000 + "]" * 200_000 + "}")


def _deep_decodable(path: Path) -> None:
    # 500 levels: orjson decodes it (it refuses 1024), the decoded document is refused
    path.write_text('{"kind": "nestaudit-bundle", "x": ' + "[" * 499 + "]" * 499 + "}")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _sparse(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(300 * MiB)  # over the 256 MiB cap, never read


BUNDLES: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "gzip-bomb": ("bomb.json.gz", _bomb, "decompresses to more than the limit of 268435456"),
    "truncated-gzip": ("cut.json.gz", _truncated, "truncated gzip data"),
    "deep-json": ("deep.json", _deep, "JSON nested 200001 levels deep, over the limit of 64"),
    "deep-decodable-json": ("deep500.json", _deep_decodable,
                            "JSON nested 500 levels deep, over the limit of 64"),
    "fifo-bundle": ("fifo.json", _fifo, "not a regular file"),
    "huge-bundle": ("huge.json", _sparse, "over the limit of 268435456"),
}

# each verb with the output it would write (checked to be absent afterwards)
BUNDLE_VERBS: dict[str, tuple[str, ...]] = {
    "check": ("check",),
    "show": ("show",),
    "facts": ("facts",),
    "report": ("report", "-o", "out.html"),
    "redact": ("redact", "-o", "out.json"),
    "ticket": ("ticket", "-o", "out.tar.gz"),
    "audit": ("audit", "-o", "out"),
}


@pytest.mark.parametrize("verb", list(BUNDLE_VERBS))
@pytest.mark.parametrize("case", list(BUNDLES))
def test_hostile_bundles_are_one_line_and_exit_2(tmp_path: Path, case: str, verb: str) -> None:
    name, build, needle = BUNDLES[case]
    build(tmp_path / name)
    command = BUNDLE_VERBS[verb]
    before = set(os.listdir(tmp_path))
    result = run(*command[:1], name, *command[1:], cwd=tmp_path)
    refused(result, name, needle)
    assert set(os.listdir(tmp_path)) - {"xdg"} == before  # nothing written, not even a key


# --- roots: a megabyte word where the kernel's and modprobe's words are read ----------------


def _cmdline_word(root: Path) -> None:
    (root / "proc" / "cmdline").write_text(
        'BOOT_IMAGE=/vmlinuz ro kvm_intel.nested="' + "x " * 1_500_000 + '" quiet\n'
    )


def _modprobe_word(root: Path) -> None:
    folder = root / "etc" / "modprobe.d"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kvm.conf").write_text('options kvm_intel nested=1 x="' + "y " * 1_500_000 + '"\n')


ROOTS: dict[str, Callable[[Path], None]] = {
    "cmdline-3MB-word": _cmdline_word,
    "modprobe-3MB-word": _modprobe_word,
}
# redact, ticket and audit scan the whole bundle for identifying values at ~3 s a MB: linear
# but over this suite's 10 s a test (benchmarks/bench_hostile.py times them)
ROOT_VERBS = {
    "check": ("check",),
    "facts": ("facts",),
    "collect": ("collect", "-o", "out.json"),
    "report": ("report", "-o", "out.md"),
}


@pytest.mark.parametrize("verb", list(ROOT_VERBS))
@pytest.mark.parametrize("case", list(ROOTS))
def test_a_megabyte_word_is_read_in_one_pass(tmp_path: Path, case: str, verb: str) -> None:
    """shlex took over a minute on these; the kernel's rules take one pass. The host is
    judged as usual (kvm_intel nested is 1 either way: the word is one parameter)."""
    root = tmp_path / "root"
    shutil.copytree(ROOT, root, symlinks=True)
    ROOTS[case](root)
    command = ROOT_VERBS[verb]
    args = ("--root", root, *command[1:]) if verb == "collect" else (root, *command[1:])
    result = run(command[0], *args, cwd=tmp_path)
    assert "Traceback" not in result.stderr and result.returncode in (0, 1), result.stderr
    if verb == "facts":
        assert "kvm.nested" in result.stdout


def test_thousands_of_modprobe_files_are_judged(tmp_path: Path) -> None:
    """Each file one piece of evidence for kvm.nested; the log is a dict (test_limits.py
    has the 200,000-item case in-process, bench_hostile.py the 100k scaling)."""
    root = tmp_path / "root"
    shutil.copytree(ROOT, root, symlinks=True)
    folder = root / "etc" / "modprobe.d"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(5_000):
        (folder / f"f{i:05d}.conf").write_text("options kvm_intel nested=1\n")
    result = run("check", "--format", "json", root, cwd=tmp_path)
    assert "Traceback" not in result.stderr and result.returncode in (0, 1), result.stderr
    assert "f04999.conf" in result.stdout


# --- sosreports: FIFOs, devices and /dev/zero where sos writes a file -----------------------


def _sos_fifos(sos: Path) -> None:
    for rel in ("sos_reports/manifest.json", "version.txt"):
        (sos / rel).unlink()
        os.mkfifo(sos / rel)


def _sos_zero_links(sos: Path) -> None:
    (sos / "sos_reports" / "manifest.json").unlink()
    (sos / "sos_reports" / "manifest.json").symlink_to("/dev/zero")
    (sos / "version.txt").unlink()
    (sos / "version.txt").symlink_to("../../../../../../../../dev/zero")


def _sos_devices(sos: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root (CI is root)")
    output = next(p for p in sorted((sos / "sos_commands" / "kernel").iterdir()) if p.is_file())
    for path in (sos / "version.txt", sos / "sos_reports" / "manifest.json", output):
        path.unlink()
        os.mknod(path, 0o644 | 0o020000, os.makedev(1, 5))  # /dev/zero's numbers


SOSES: dict[str, Callable[[Path], None]] = {
    "fifo-manifest-and-version": _sos_fifos,
    "links-to-dev-zero": _sos_zero_links,
    "device-nodes": _sos_devices,
}
# audit and ticket read a sosreport through the same loader as these; they add the PDF,
# whose rendering alone passes this suite's 10 s a test (bench_hostile.py runs them)
SOS_VERBS = {
    "check": ("check",),
    "facts": ("facts",),
    "collect": ("collect", "--from-sos"),
    "report": ("report", "-o", "out.md"),
    "redact": ("redact", "-o", "out.json"),
}


@pytest.mark.parametrize("verb", list(SOS_VERBS))
@pytest.mark.parametrize("case", list(SOSES))
def test_a_sosreport_with_hostile_files_is_read_as_unreadable(
    tmp_path: Path, case: str, verb: str
) -> None:
    """The collector's rules: the manifest and version.txt are unreadable (so which plugins
    ran is not known, and the sosreport's absent paths say nothing), the host is judged."""
    sos = tmp_path / "sosreport-host-2025"
    shutil.copytree(SOS, sos, symlinks=True)
    SOSES[case](sos)
    command = SOS_VERBS[verb]
    if verb == "collect":
        result = run("collect", "--from-sos", sos, "-o", "out.json", cwd=tmp_path)
    else:
        result = run(command[0], sos, *command[1:], cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode in (0, 1), result.stderr
    if len(command) > 1 or verb == "collect":
        assert any(p.name.startswith("out") for p in tmp_path.iterdir())


# --- rule and topology files ---------------------------------------------------------------


def _laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\nrules: *a9\n"


_REDOS_RULE = """\
rules:
  - id: redos-arch
    limitation: NV-KVM
    title: A pattern that backtracks
    description: Hostile.
    scope: host
    severity: info
    applies: {fact: host.arch, known: true}
    violated: {fact: host.arch, matches: "^(a+)+$"}
    message: {fail: "x", pass: "y"}
"""

RULES: dict[str, tuple[Callable[[Path], object], str]] = {
    "billion-laughs": (lambda p: p.write_text(_laughs()), "line 1: refused YAML: anchor &a0"),
    "deep-yaml": (lambda p: p.write_text("rules: " + "[" * 100 + "]" * 100 + "\n"),
                  "line 1: refused YAML: nested deeper than the limit of 64"),
    "huge-yaml": (lambda p: p.write_text("# " + "x" * (2 * MiB) + "\nrules: []\n"),
                  "over the limit of 1048576"),
    "fifo-yaml": (lambda p: os.mkfifo(p), "not a regular file (a FIFO)"),
    "redos-regex": (lambda p: p.write_text(_REDOS_RULE),
                    "line 9: rule redos-arch: violated.matches: regular expression '^(a+)+$' "
                    "refused: a quantifier inside a repeated group"),
}
RULE_VERBS = {
    "rules lint": ("rules", "lint", "RULES"),
    "check": ("check", "--rules", "RULES", SAMPLE),
    "report": ("report", "--rules", "RULES", SAMPLE, "-o", "out.html"),
    "audit": ("audit", "--rules", "RULES", SAMPLE, "-o", "out"),
}


@pytest.mark.parametrize("verb", list(RULE_VERBS))
@pytest.mark.parametrize("case", list(RULES))
def test_hostile_rule_files_are_refused_with_the_line(tmp_path: Path, case: str, verb: str) -> None:
    build, needle = RULES[case]
    build(tmp_path / "hostile.yaml")
    before = set(os.listdir(tmp_path))
    args = ["hostile.yaml" if a == "RULES" else a for a in RULE_VERBS[verb]]
    refused(run(*args, cwd=tmp_path), "hostile.yaml", needle)
    assert set(os.listdir(tmp_path)) - {"xdg"} == before


def test_a_topology_with_aliases_is_refused(tmp_path: Path) -> None:
    (tmp_path / "topology.yaml").write_text(_laughs().replace("rules:", "domains:"))
    result = run("check", "--topology", "topology.yaml", SAMPLE, cwd=tmp_path)
    refused(result, "topology.yaml", "line 1: refused YAML: anchor &a0")


def test_a_fact_longer_than_the_regex_subject_cap_is_an_error_finding(tmp_path: Path) -> None:
    """A bounded pattern on a hostile 100,000-character CPU model: not searched; the rule
    ends in error (exit 2, verdicts.md) naming the fact and the length."""
    root = tmp_path / "root"
    shutil.copytree(ROOT, root, symlinks=True)
    cpuinfo = root / "proc" / "cpuinfo"
    long_name = "Intel(R) Xeon(R) " + "x" * 100_000
    cpuinfo.write_text("\n".join(
        f"model name\t: {long_name}" if line.startswith("model name") else line
        for line in cpuinfo.read_text().splitlines()
    ) + "\n")
    (tmp_path / "r.yaml").write_text(_REDOS_RULE.replace("host.arch, matches: \"^(a+)+$\"",
                                                         'cpu.model, matches: "Xeon.*v4$"'))
    result = run("check", "--rules", "r.yaml", root, cwd=tmp_path)
    assert "Traceback" not in result.stderr and result.returncode == 2, result.stderr
    assert "rules ended in error: redos-arch" in result.stderr
    shown = run("check", "--rules", "r.yaml", "--format", "json", root, cwd=tmp_path).stdout
    assert "over the limit of 4096" in shown and "cpu.model" in shown
