"""The collector: what it records for every kind of trouble a host can throw at it."""

from __future__ import annotations

import ast
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from nestaudit import bundle as bundle_mod
from nestaudit.collect import collect, probe
from nestaudit.errors import CollectError

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
PY39 = Path("/root/.pyenv/versions/3.9.18/bin/python3.9")
# The modules `python3 -m nestaudit collect` imports on a bare host.
COLLECTOR_FILES = [
    REPO / "nestaudit" / "__init__.py",
    REPO / "nestaudit" / "__main__.py",
    REPO / "nestaudit" / "cli.py",
    REPO / "nestaudit" / "errors.py",
    REPO / "nestaudit" / "output.py",
    REPO / "nestaudit" / "terminal.py",
    *sorted((REPO / "nestaudit" / "collect").glob("*.py")),
]


def make_root(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "root"
    for rel, content in files.items():
        target = root / rel.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)
    root.mkdir(exist_ok=True)
    return root


def test_missing_root_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CollectError, match=r"nope: no such directory"):
        collect(root=str(tmp_path / "nope"))
    result = run_cli("collect", "--root", str(tmp_path / "nope"), "-o", str(tmp_path / "b.json"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no such directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "b.json").exists()


def test_root_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(CollectError, match="not a directory"):
        collect(root=str(tmp_path / "f"))


def test_every_corpus_case_collects_into_a_valid_bundle() -> None:
    cases = sorted({p for p in CORPUS.glob("*/*") if p.is_dir()})
    assert len(cases) > 60
    for case in cases:
        data = collect(root=str(case))
        bundle = bundle_mod.from_data(data, str(case))
        assert data["source"] == {"type": "root", "path": str(case)}
        assert data["commands"] == {}, "a root never runs commands"
        cpuinfo = case / "proc" / "cpuinfo"
        if cpuinfo.exists():
            assert bundle.text("/proc/cpuinfo") == cpuinfo.read_text()


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"etc/hostname": "h\n"})
    (root / "proc").mkdir()
    os.mkfifo(root / "proc" / "cpuinfo")
    # In a child with a deadline: opening a FIFO for reading would block forever.
    result = run_cli("collect", "--root", str(root), "-o", "-", timeout=30)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)["files"]["/proc/cpuinfo"]
    assert record["status"] == "not_regular"
    assert record["type"] == "fifo"
    assert "content" not in record


def test_device_node_is_stat_only(tmp_path: Path) -> None:
    root = make_root(tmp_path, {})
    (root / "dev").mkdir()
    (root / "dev" / "kvm").symlink_to("/dev/null")  # resolves inside the root: missing
    data = collect(root=str(root))
    assert data["stats"]["/dev/kvm"]["status"] == "missing"
    live = collect(root=None, timeout=5)
    assert live["stats"]["/dev/kvm"]["status"] in ("ok", "missing", "denied")
    if live["stats"]["/dev/kvm"]["status"] == "ok":
        assert live["stats"]["/dev/kvm"]["type"] == "char"


def test_huge_file_is_capped_and_marked(tmp_path: Path) -> None:
    root = make_root(tmp_path, {})
    big = root / "proc" / "cpuinfo"
    big.parent.mkdir(parents=True)
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # 100 MB, sparse: cheap to make
    cap = 1024 * 1024
    data = collect(root=str(root), cap=cap)
    record = data["files"]["/proc/cpuinfo"]
    assert record["status"] == "too_large"
    assert record["truncated"] is True
    assert record["size"] == cap
    bundle_mod.from_data(data, "big")
    default = collect(root=str(root))["files"]["/proc/cpuinfo"]
    assert default["status"] == "too_large" and default["size"] == 4 * 1024 * 1024


def test_total_cap_stops_reading(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"proc/cpuinfo": "a" * 1000, "proc/modules": "b" * 1000})
    data = collect(root=str(root), total_cap=1500)
    assert data["files"]["/proc/cpuinfo"]["status"] == "ok"
    assert data["files"]["/proc/modules"]["status"] == "too_large"
    assert data["files"]["/proc/modules"]["size"] == 500


def test_binary_garbage_is_stored_base64(tmp_path: Path) -> None:
    garbage = bytes(range(256)) * 4 + b"\xff\xfe\x00"
    root = make_root(tmp_path, {"etc/machine-id": garbage})
    data = collect(root=str(root))
    record = data["files"]["/etc/machine-id"]
    assert record["status"] == "ok"
    assert record["encoding"] == "base64"
    assert base64.b64decode(record["content"]) == garbage
    bundle_mod.from_data(data, "garbage")


def test_symlink_loop_is_an_error_not_a_hang(tmp_path: Path) -> None:
    root = make_root(tmp_path, {})
    (root / "etc").mkdir()
    (root / "etc" / "os-release").symlink_to("os-release2")
    (root / "etc" / "os-release2").symlink_to("os-release")
    data = collect(root=str(root))
    record = data["files"]["/etc/os-release"]
    assert record["status"] == "error"
    assert "loop" in record["reason"]
    # os-release's fallback is only read when /etc/os-release is missing, not broken
    assert "/usr/lib/os-release" not in data["files"]


def test_link_out_of_the_root_is_not_followed_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside-secret"
    outside.write_text("SECRET OUTSIDE THE ROOT\n")
    root = make_root(tmp_path, {})
    (root / "etc").mkdir()
    (root / "etc" / "hostname").symlink_to(str(outside))  # absolute: re-rooted
    (root / "etc" / "machine-id").symlink_to("../../../../../../" + str(outside))  # relative
    data = collect(root=str(root))
    for path in ("/etc/hostname", "/etc/machine-id"):
        record = data["files"][path]
        assert record["status"] == "missing", record
    assert "SECRET" not in json.dumps(data)


def test_links_resolve_inside_the_root_and_are_stored_once(tmp_path: Path) -> None:
    xml = "<domain type='kvm'><name>vm1</name></domain>\n"
    root = make_root(
        tmp_path,
        {"run/libvirt/qemu/vm1.xml": xml, "usr/lib/os-release": 'ID="rhel"\n'},
    )
    (root / "var").mkdir()
    (root / "var" / "run").symlink_to("../run")
    (root / "etc").mkdir()
    (root / "etc" / "os-release").symlink_to("/usr/lib/os-release")  # absolute, as on RHEL
    data = collect(root=str(root))
    bundle = bundle_mod.from_data(data, "links")
    assert data["dirs"]["/var/run/libvirt/qemu"]["alias_of"] == "/run/libvirt/qemu"
    assert "/var/run/libvirt/qemu/vm1.xml" not in data["files"]
    assert data["files"]["/run/libvirt/qemu/vm1.xml"]["content"] == xml
    assert bundle.dir_entries("/var/run/libvirt/qemu") == ["vm1.xml"]
    assert data["files"]["/etc/os-release"]["resolved"] == "/usr/lib/os-release"
    assert bundle.text("/etc/os-release") == 'ID="rhel"\n'


def test_resolve_clamps_dotdot_at_the_root(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"a/b": "x"})
    assert probe.resolve(str(root), "/../../a/./b") == "/a/b"


def test_unreadable_file_is_denied(tmp_path: Path) -> None:
    """Collect as an unprivileged user (CI runs as root, where chmod 000 reads fine)."""
    workdir = Path(tempfile.mkdtemp(prefix="nestaudit-denied-"))
    try:
        os.chmod(workdir, 0o755)
        root = workdir / "root"
        (root / "etc").mkdir(parents=True)
        secret = root / "etc" / "machine-id"
        secret.write_text("0123456789abcdef\n")
        (root / "etc" / "hostname").write_text("visible\n")
        (root / "etc" / "os-release").write_text('ID="rhel"\nVERSION_ID="10.0"\n')  # a marker
        os.chmod(secret, 0o600)
        for d in (root, root / "etc"):
            os.chmod(d, 0o755)
        # A copy of the package: the unprivileged user may not read the checkout or /root.
        shutil.copytree(REPO / "nestaudit", workdir / "nestaudit")
        for dirpath, _dirs, names in os.walk(workdir / "nestaudit"):
            os.chmod(dirpath, 0o755)
            for name in names:
                os.chmod(Path(dirpath) / name, 0o644)
        argv = [
            sys.executable if os.geteuid() != 0 else "/usr/bin/python3",
            "-S",
            "-m",
            "nestaudit",
            "collect",
            "--root",
            str(root),
            "-o",
            "-",
        ]
        if os.geteuid() == 0:
            argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv]
        else:
            os.chmod(secret, 0o000)
        result = subprocess.run(argv, cwd=workdir, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["as_root"] is False
        assert data["files"]["/etc/machine-id"]["status"] == "denied"
        assert data["files"]["/etc/hostname"]["content"] == "visible\n"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


FAKE_VIRSH_HANGS = """#!/bin/sh
# a virsh whose daemon never answers; the child keeps the pipe open too
sleep 60 &
sleep 60
"""

FAKE_VIRSH_WORKS = """#!/bin/sh
case "$*" in
  *"list --all --name"*) printf 'vm-a\\nvm-b\\n\\n' ;;
  *"dumpxml vm-a"*) echo "<domain type='kvm'><name>vm-a</name></domain>" ;;
  *"dumpxml vm-b"*) echo "error: failed to get domain 'vm-b'" >&2; exit 1 ;;
  *"domcapabilities"*) echo "<domainCapabilities><arch>x86_64</arch></domainCapabilities>" ;;
esac
"""


def _fake_path(tmp_path: Path, script: str) -> str:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    virsh = bindir / "virsh"
    virsh.write_text(script)
    virsh.chmod(0o755)
    return f"{bindir}:{os.environ['PATH']}"


def test_hanging_virsh_times_out_and_collection_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", _fake_path(tmp_path, FAKE_VIRSH_HANGS))
    monkeypatch.setattr("nestaudit.collect.LIBVIRT_DIRS", ("/nonexistent-libvirt",))
    data = collect(root=None, timeout=1.0)
    record = data["commands"]["virsh list"]
    assert record["status"] == "timeout"
    assert "1 s" in record["reason"]
    assert record["argv"][:4] == ["virsh", "-r", "-c", "qemu:///system"]
    assert record["duration"] < 10
    bundle_mod.from_data(data, "live")


def test_virsh_outputs_are_recorded_per_domain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", _fake_path(tmp_path, FAKE_VIRSH_WORKS))
    monkeypatch.setattr("nestaudit.collect.LIBVIRT_DIRS", ("/nonexistent-libvirt",))
    data = collect(root=None, timeout=5.0)
    assert data["commands"]["virsh dumpxml vm-a"]["stdout"].startswith("<domain")
    assert data["commands"]["virsh dumpxml vm-b"]["exit_code"] == 1
    assert "virsh dumpxml " not in data["commands"]


def test_live_collection_asks_virsh_what_host_model_expands_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # run whether or not libvirt's files are readable: host-model is no file
    monkeypatch.setenv("PATH", _fake_path(tmp_path, FAKE_VIRSH_WORKS))
    data = collect(root=None, timeout=5.0)
    record = data["commands"]["virsh domcapabilities"]
    assert record["argv"] == ["virsh", "-r", "-c", "qemu:///system", "domcapabilities"]
    assert record["stdout"].startswith("<domainCapabilities>")


def test_cpu_map_takes_only_the_x86_model_files(tmp_path: Path) -> None:
    cpu_map = "usr/share/libvirt/cpu_map/"
    root = make_root(tmp_path, {
        cpu_map + "x86_qemu64.xml": "<cpus><model name='qemu64'/></cpus>\n",
        cpu_map + "x86_features.xml": "<cpus/>\n",
        cpu_map + "arm_cortex-a53.xml": "<cpus/>\n",
        cpu_map + "index.xml": "<cpus/>\n",
        cpu_map + "x86_notes.txt": "not a map file\n",
    })
    data = collect(root=str(root))
    listing = data["dirs"]["/usr/share/libvirt/cpu_map"]
    assert sorted(listing["entries"]) == [
        "arm_cortex-a53.xml", "index.xml", "x86_features.xml", "x86_notes.txt", "x86_qemu64.xml"]
    read = sorted(p for p in data["files"] if p.startswith("/usr/share/libvirt/"))
    assert read == ["/usr/share/libvirt/cpu_map/x86_features.xml",
                    "/usr/share/libvirt/cpu_map/x86_qemu64.xml"]
    assert data["files"][read[1]]["content"] == "<cpus><model name='qemu64'/></cpus>\n"


def test_root_never_runs_commands_even_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    data = collect(root="/")
    assert data["commands"] == {}
    assert data["source"]["type"] == "root"


def test_live_collection_of_this_machine_is_valid() -> None:
    data = collect(timeout=10)
    bundle = bundle_mod.from_data(data, "live")
    assert data["source"] == {"type": "live", "path": None}
    assert data["host"]["arch"] == os.uname().machine
    assert bundle.text("/proc/cpuinfo")
    assert "systemd-detect-virt --vm" in data["commands"]
    assert "systemd-detect-virt --container" in data["commands"]
    assert "virsh domcapabilities" in data["commands"]
    listing = data["dirs"]["/usr/share/libvirt/cpu_map"]
    if listing["status"] == "ok":  # a machine with libvirt: its whole x86 map is read
        wanted = {e for e in listing["entries"] if e.startswith("x86_") and e.endswith(".xml")}
        assert wanted and all(
            data["files"][f"/usr/share/libvirt/cpu_map/{e}"]["status"] == "ok" for e in wanted)


# ---------------------------------------------------------------- standard library, 3.9


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_collector_imports_only_the_standard_library() -> None:
    allowed_own = {
        "nestaudit", "nestaudit.errors", "nestaudit.output", "nestaudit.cli", "nestaudit.terminal"
    }
    for path in COLLECTOR_FILES:
        if path == REPO / "nestaudit" / "cli.py":
            continue  # imports heavy modules inside the verbs; its top level is tested below
        for name in _imports(path):
            top = name.split(".")[0]
            if top == "nestaudit":
                assert name in allowed_own or name.startswith("nestaudit.collect"), (path, name)
            else:
                assert top in sys.stdlib_module_names or top == "__future__", (path, name)


def test_cli_top_level_imports_only_the_standard_library() -> None:
    """Importing the CLI (what `--version` and `collect` pay for) loads the standard library
    and a handful of nestaudit's own standard-library modules, nothing else."""
    code = (
        "import sys; import nestaudit.cli; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('nestaudit') or "
        "m.split('.')[0] not in sys.stdlib_module_names | {'__main__', '_distutils_hack'})))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True,
        cwd=REPO,
    ).stdout.split()
    assert set(out) == {
        "nestaudit", "nestaudit.arguments", "nestaudit.cli", "nestaudit.errors",
        "nestaudit.terminal", "nestaudit.vocabulary",
    }


def test_vermin_says_python_39_is_enough() -> None:
    vermin = shutil.which("vermin") or str(Path(sys.executable).parent / "vermin")
    result = subprocess.run(
        [
            vermin,
            "-t=3.9-",
            "--no-tips",
            "--violations",
            "--eval-annotations",
            *map(str, COLLECTOR_FILES),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_collect_runs_with_site_packages_disabled(tmp_path: Path) -> None:
    root = CORPUS / "nvmx-haswell" / "L0-haswell-i5-4670T-fedora19"
    result = subprocess.run(
        [
            sys.executable,
            "-S",
            "-I",
            "-c",
            f"import sys; sys.path.insert(0, {str(REPO)!r}); "
            "from nestaudit.cli import main; "
            f"sys.exit(main(['collect', '--root', {str(root)!r}, '-o', '-']))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    bundle_mod.from_data(data, "no-site")
    assert "site" not in result.stderr
    check = subprocess.run(
        [
            sys.executable,
            "-S",
            "-I",
            "-c",
            f"import sys; sys.path.insert(0, {str(REPO)!r}); "
            "import nestaudit.cli, nestaudit.collect; "
            "heavy = ('yaml', 'jinja2', 'jsonschema', 'weasyprint'); "
            "print([m for m in heavy if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
    )
    assert check.stdout.strip() == "[]"


@pytest.mark.skipif(not PY39.exists(), reason="no Python 3.9 interpreter on this machine")
def test_collect_runs_under_python_39(tmp_path: Path) -> None:
    root = CORPUS / "virt-what" / "esx4.1"
    out = tmp_path / "b.json.gz"
    result = subprocess.run(
        [str(PY39), "-S", "-m", "nestaudit", "collect", "--root", str(root), "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    data = bundle_mod.load(out).data
    assert data["collector"]["python"].startswith("3.9.")
    live = subprocess.run(
        [str(PY39), "-S", "-m", "nestaudit", "collect", "-o", "-"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert live.returncode == 0, live.stderr
    bundle_mod.from_data(json.loads(live.stdout), "py39-live")


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nestaudit", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_pid1_environment_keeps_only_the_container_entry(tmp_path: Path) -> None:
    env = b"PATH=/usr/bin\0container=podman\0DB_PASSWORD=hunter2\0HOME=/root\0"
    root = make_root(tmp_path, {"proc/1/environ": env})
    data = collect(root=str(root))
    record = data["files"]["/proc/1/environ"]
    assert record["content"] == "container=podman"
    assert "container=" in record["filtered"]
    assert "hunter2" not in json.dumps(data)
    bundle_mod.from_data(data, "environ")


def test_own_status_and_lparcfg_keep_only_the_lines_read(tmp_path: Path) -> None:
    root = make_root(tmp_path, {
        "proc/self/status": "Name:\tpython3\nUid:\t0\t0\t0\t0\nVxID:\t40013\nNxID:\t40013\n",
        "proc/ppc64/lparcfg": "lparcfg 1.9\nserial_number=IBM,03212D8FA\n"
                              "system_type=IBM,8247-21L\nshared_processor_mode=1\n",
    })
    data = collect(root=str(root))
    assert data["files"]["/proc/self/status"]["content"] == "VxID:\t40013\nNxID:\t40013\n"
    assert data["files"]["/proc/ppc64/lparcfg"]["content"] == (
        "system_type=IBM,8247-21L\nshared_processor_mode=1\n")
    assert "03212D8FA" not in json.dumps(data)  # the machine's serial number stays home
    bundle_mod.from_data(data, "filtered")


def test_marker_folders_are_listed_and_never_read(tmp_path: Path) -> None:
    root = make_root(tmp_path, {
        "proc/device-tree/fw-cfg@9020000/compatible": "qemu,fw-cfg-mmio\0",
        "proc/device-tree/compatible": "linux,dummy-virt\0",
        "sys/bus/xen/drivers_probe": "",
        "proc/vz/veinfo": "secret-ish\n",
    })
    data = collect(root=str(root))
    assert data["dirs"]["/proc/device-tree"]["entries"] == ["compatible", "fw-cfg@9020000"]
    assert data["dirs"]["/sys/bus/xen"]["entries"] == ["drivers_probe"]
    assert data["dirs"]["/proc/vz"]["entries"] == ["veinfo"]
    assert data["dirs"]["/proc/bc"]["status"] == "missing"
    assert "/proc/vz/veinfo" not in data["files"]
    assert data["files"]["/proc/device-tree/compatible"]["content"] == "linux,dummy-virt\0"


def test_sparc_machine_description_is_stat_only(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"dev/mdesc": "not to be read\n"})
    data = collect(root=str(root))
    assert data["stats"]["/dev/mdesc"]["status"] == "ok"
    assert "/dev/mdesc" not in data["files"]
    assert "not to be read" not in json.dumps(data)


def test_live_self_paths_are_the_collectors_own_process() -> None:
    data = collect(timeout=10)
    record = data["files"]["/proc/self/cgroup"]
    assert record["status"] == "ok"
    assert record["resolved"] == f"/proc/{os.getpid()}/cgroup"
