"""Read a sosreport (a folder, or a .tar.xz/.tar.gz/.tar/.tar.bz2 archive) as a bundle.

A sosreport stores the host's files at their host paths under its top folder
(`proc/cpuinfo`, `sys/module/kvm_intel/parameters/nested`, `etc/libvirt/qemu/vm.xml`), so
the folder is read as a host root by the collector's own probes (`collect(root=...)`).
Command outputs live under `sos_commands/<plugin>/<mangled command>`; the few the analysis
uses become bundle `commands` entries:

    sos_commands/kernel/uname_-a                 -> "uname -a"
    sos_commands/kernel/lsmod                    -> "lsmod"
    sos_commands/hardware/dmidecode              -> "dmidecode"
    sos_commands/processor/lscpu                 -> "lscpu"
    sos_commands/host/hostname                   -> "hostname"
    sos_commands/virsh/virsh_-r_list_--all       -> "virsh list --all"
    sos_commands/virsh/virsh_-r_capabilities     -> "virsh capabilities"
    sos_commands/virsh/virsh_-r_domcapabilities  -> "virsh domcapabilities"
    sos_commands/virsh/virsh_-r_dumpxml_<dom>    -> "virsh dumpxml <dom>"
    sos_commands/*/systemd-detect-virt, virt-what (when a plugin ran them)

sos's virsh listing is the `list --all` table, not the collector's `list --all --name`, so it
is stored as "virsh list --all" and never as "virsh list". Plugin folders are not trusted to
be stable across sos versions (virsh output moved between the libvirt and virsh plugins),
so every plugin folder is searched. When `sos_reports/manifest.json` exists (sos >= 4.0)
it gives each command line exactly, its exit code and whether the program was missing;
without it, file names are matched in their mangled form (sos replaces every character
other than letters, digits, `-`, `.` and `/` by `_`, then `/` by `.`).

What a sosreport does not carry is recorded in `source.lacking` instead of being reported
as absent: a probed host path that came out `missing` is kept as `missing` only when the sos
plugin that copies that path ran (then the host truly lacked it); otherwise its record is
dropped and the path listed. `/dev/kvm` is never copied (sos copies no device nodes):
its stat is read from the block plugin's `ls -lanR /dev` listing
(`sos_commands/block/ls_-lanR_.dev`: type, mode and device number, or missing when the
listing has no `kvm`), and dropped and listed when the sosreport has no such listing.
Commands the analysis would use and the sosreport does not hold (with output) are listed
by name.
"""

from __future__ import annotations

import json
import lzma
import re
import shlex
import tarfile
import tempfile
import zlib
from pathlib import Path
from typing import Any

from nestaudit.collect import collect
from nestaudit.errors import CollectError, InputError
from nestaudit.sources.archive import extract_safely, is_archive_name

MARKERS = ("sos_commands", "sos_reports", "version.txt")
MANIFEST = "sos_reports/manifest.json"
MAX_OUTPUT = 4 * 1024 * 1024

# Host paths the collector probes, and the sos plugin whose copy spec always includes
# them (sos 4.x). A path missing from a sosreport whose plugin ran is missing on the host.
COVERAGE: tuple[tuple[str, str], ...] = (
    ("/proc/cpuinfo", "processor"),
    ("/proc/modules", "kernel"),
    ("/proc/cmdline", "kernel"),
    ("/sys/module/", "kernel"),
    ("/etc/modprobe.d", "kernel"),
    ("/proc/meminfo", "memory"),
    ("/etc/os-release", "release"),
    ("/usr/lib/os-release", "release"),
    ("/etc/redhat-release", "release"),
    ("/etc/hostname", "networking"),
    ("/sys/class/dmi/id/", "hardware"),
    ("/etc/libvirt/qemu", "libvirt"),
    ("/run/libvirt/qemu", "libvirt"),
)

# Commands the analysis reads; those the sosreport lacks are listed in source.lacking.
WANTED_COMMANDS = (
    "uname -a",
    "lsmod",
    "dmidecode",
    "lscpu",
    "hostname",
    "systemd-detect-virt",
    "systemd-detect-virt --container",
    "systemd-detect-virt --vm",
    "virt-what",
    "virsh list --all",
    "virsh capabilities",
)

_SIMPLE = {
    ("uname", "-a"): "uname -a",
    ("lsmod",): "lsmod",
    ("dmidecode",): "dmidecode",
    ("lscpu",): "lscpu",
    ("hostname",): "hostname",
    ("systemd-detect-virt",): "systemd-detect-virt",
    ("systemd-detect-virt", "--container"): "systemd-detect-virt --container",
    ("systemd-detect-virt", "--vm"): "systemd-detect-virt --vm",
    ("virt-what",): "virt-what",
}
_VIRSH_PLAIN = ("capabilities", "domcapabilities", "nodeinfo", "version")

_ARCH = re.compile(
    r"^(x86_64|i[3-6]86|aarch64|arm\w*|s390x?|ppc64(le)?|ppc|riscv(32|64)|mips\w*"
    r"|loongarch64|sparc64|ia64|alpha)$"
)


def mangle(command: str) -> str:
    """The file name sos gives a command's output (its `_mangle_command`, without the cap)."""
    name = re.sub(r"^/(usr/|)(bin|sbin)/", "", command)
    name = re.sub(r"[^\w\-\./]+", "_", name)
    return name.replace("/", ".").strip(" ._-")


# -- recognising a sosreport -----------------------------------------------------------------


def _is_sos_dir(path: Path) -> bool:
    return path.is_dir() and any((path / m).exists() for m in MARKERS)


def _sos_root(path: Path, origin: str) -> Path:
    """The sosreport folder at `path`, or its only sub-folder when that is one."""
    if _is_sos_dir(path):
        return path
    try:
        children = [c for c in path.iterdir() if c.is_dir() and not c.is_symlink()]
    except OSError as exc:
        raise InputError(f"{origin}: cannot read the folder: {exc.strerror or exc}") from exc
    if len(children) == 1 and _is_sos_dir(children[0]):
        return children[0]
    raise InputError(
        f"{origin}: not a sosreport (no sos_commands/, sos_reports/ or version.txt in it)"
    )


def _archive_looks_like_sos(path: Path, scan: int = 5000) -> bool:
    try:
        with tarfile.open(path, mode="r|*") as tar:
            for index, info in enumerate(tar):
                parts = [p for p in info.name.split("/") if p not in ("", ".")]
                if index == 0 and parts and parts[0].startswith("sosreport"):
                    return True
                if any(p in MARKERS for p in parts[:2]):
                    return True
                if index >= scan:
                    break
    except (tarfile.TarError, EOFError, lzma.LZMAError, zlib.error, OSError):
        # A damaged sosreport must reach bundle_from_sos, which names the damage.
        return path.name.startswith("sosreport")
    return False


def is_sosreport(path: str | Path) -> bool:
    """Whether `path` is a sosreport: a folder holding sos_commands/, sos_reports/ or
    version.txt (or whose only sub-folder does), or a tar archive whose members look so.

    An archive named `sosreport*` that cannot be read counts as one, so that reading it
    reports the damage instead of "not a bundle". Never raises.
    """
    p = Path(path)
    try:
        if p.is_dir():
            if _is_sos_dir(p):
                return True
            children = [c for c in p.iterdir() if c.is_dir() and not c.is_symlink()]
            return len(children) == 1 and _is_sos_dir(children[0])
        if p.is_file() and is_archive_name(p):
            return _archive_looks_like_sos(p)
    except OSError:
        return False
    return False


# -- plugins that ran ------------------------------------------------------------------------


def _manifest(root: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((root / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _manifest_plugins(manifest: dict[str, Any]) -> dict[str, Any]:
    report = manifest.get("components", {}).get("report", {})
    plugins = report.get("plugins", {}) if isinstance(report, dict) else {}
    return plugins if isinstance(plugins, dict) else {}


def plugins_run(root: Path) -> frozenset[str] | None:
    """The sos plugins that ran, from the manifest or version.txt; None when unknown."""
    manifest = _manifest(root)
    if manifest is not None:
        plugins = _manifest_plugins(manifest)
        if plugins:
            return frozenset(plugins)
    try:
        lines = (root / "version.txt").read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    names = set()
    for line in lines:
        key, sep, _ = line.partition(":")
        key = key.strip()
        if sep and key and key not in ("sosreport", "sos") and " " not in key:
            names.add(key)
    return frozenset(names) if names else None


def _covered(host_path: str, plugins: frozenset[str] | None) -> bool:
    if plugins is None:
        return False
    for prefix, plugin in COVERAGE:
        if host_path == prefix.rstrip("/") or host_path.startswith(prefix.rstrip("/") + "/"):
            return plugin in plugins
    return False


# -- commands --------------------------------------------------------------------------------


def command_name(argv: list[str]) -> str | None:
    """The bundle command name for a command line sos ran, or None when not one we use."""
    if not argv:
        return None
    prog = argv[0].rsplit("/", 1)[-1]
    args = argv[1:]
    if prog != "virsh":
        return _SIMPLE.get((prog, *args))
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-r", "--readonly", "-q", "--quiet"):
            i += 1
        elif arg in ("-c", "--connect"):
            i += 2
        elif arg.startswith("--connect="):
            i += 1
        else:
            rest = args[i:]
            break
    if not rest:
        return None
    sub, sub_args = rest[0], rest[1:]
    if sub == "list" and sub_args == ["--all"]:
        return "virsh list --all"
    if sub in _VIRSH_PLAIN and not sub_args:
        return f"virsh {sub}"
    if sub == "dumpxml":
        names = [a for a in sub_args if not a.startswith("-")]
        if len(names) == 1:
            return f"virsh dumpxml {names[0]}"
    return None


def _read_output(root: Path, relative: str) -> str | None:
    """A command output file inside the sosreport, or None if absent or outside it."""
    candidate = root / relative
    try:
        real = candidate.resolve()
        if not real.is_relative_to(root.resolve()) or not real.is_file():
            return None
        with real.open("rb") as handle:
            data = handle.read(MAX_OUTPUT)
    except OSError:
        return None
    return data.decode("utf-8", errors="replace")


def _better(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    return old is None or (old["status"] != "ok" and new["status"] == "ok")


def _from_manifest(root: Path, manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for plugin in _manifest_plugins(manifest).values():
        entries = plugin.get("commands", []) if isinstance(plugin, dict) else []
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("exec"), str):
                continue
            try:
                argv = shlex.split(entry["exec"])
            except ValueError:
                continue
            name = command_name(argv)
            if name is None:
                continue
            code = entry.get("return_code")
            filepath = entry.get("filepath")
            record: dict[str, Any] = {"argv": argv}
            text = _read_output(root, filepath) if isinstance(filepath, str) else None
            if text is not None:
                record.update({"status": "ok", "stdout": text, "source": filepath})
                if isinstance(code, int):
                    record["exit_code"] = code
            elif code == 127:
                record.update({"status": "missing", "source": MANIFEST,
                               "reason": f"{argv[0]}: command not found when sos ran"})
            elif code == 124:
                record.update({"status": "timeout", "source": MANIFEST,
                               "reason": "sos stopped the command at its timeout"})
            else:
                record.update({"status": "error", "source": MANIFEST,
                               "reason": f"sos kept no output (exit code {code})"})
            if _better(found.get(name), record):
                found[name] = record
    return found


_DEV_LISTING = mangle("ls -lanR /dev")
_LS_TYPES = {"-": "file", "d": "directory", "c": "char", "b": "block", "p": "fifo",
             "s": "socket", "l": "other"}
_LS_ENTRY = re.compile(
    r"^(?P<perm>[-dcbpsl][-rwxsStT]{9})[.+@]?\s+\d+\s+\S+\s+\S+\s+"
    r"(?:(?P<major>\d+),\s*(?P<minor>\d+)|\d+)\s+.*?\s(?P<name>\S+)$"
)


def _ls_mode(perm: str) -> str:
    """The octal mode of an `ls -l` permission string: "crw-rw----" -> "0660"."""
    bits, special = 0, 0
    for i, (char, extra) in enumerate(zip(perm[1:], (0, 0, 4, 0, 0, 2, 0, 0, 1))):
        if char not in "-ST":
            bits |= 1 << (8 - i)
        if char in "sStT":
            special |= extra << 9
            if char in "ST":
                bits &= ~(1 << (8 - i))
    return f"{special | bits:04o}"


def dev_stat(listing: str, name: str, source: str = _DEV_LISTING) -> dict[str, Any]:
    """The stat record of /dev/<name> from `ls -lanR /dev`, as the collector records it;
    `source` (the listing's path in the sosreport) goes into its reason.

        /dev:
        crw-rw----.  1 0 36  10, 232 Nov 20 09:00 kvm
    """
    in_dev = False
    for line in listing.splitlines():
        if line.endswith(":") and not line.startswith((" ", "\t")):
            in_dev = line[:-1] == "/dev"
            continue
        entry = line.strip().split(" -> ", 1)[0]  # a symbolic link's target is not its name
        match = _LS_ENTRY.match(entry) if in_dev else None
        if match and match.group("name") == name:
            perm = match.group("perm")
            record = {"status": "ok", "type": _LS_TYPES[perm[0]], "mode": _ls_mode(perm),
                      "reason": f"from `ls -lanR /dev` in the sosreport ({source})"}
            if match.group("major") is not None:
                record["rdev"] = f"{match.group('major')}:{match.group('minor')}"
            return record
    return {"status": "missing",
            "reason": f"not in `ls -lanR /dev` of the sosreport ({source})"}


def _dev_listing(root: Path) -> tuple[str, str] | None:
    """The block plugin's `ls -lanR /dev` output and its path, when the sosreport has it."""
    commands_dir = root / "sos_commands"
    if not commands_dir.is_dir():
        return None
    for folder in sorted(commands_dir.iterdir()):
        if folder.is_dir() and not folder.is_symlink() and (folder / _DEV_LISTING).is_file():
            relative = f"sos_commands/{folder.name}/{_DEV_LISTING}"
            text = _read_output(root, relative)
            if text is not None and re.search(r"^/dev:$", text, re.M):
                return text, relative
    return None


def _virsh_domains(table: str) -> list[str]:
    """Domain names from `virsh list --all` (two header lines, name in column 2)."""
    names = []
    for line in table.splitlines()[2:]:
        fields = line.split()
        if len(fields) >= 2:
            names.append(fields[1])
    return names


def _from_files(root: Path) -> dict[str, dict[str, Any]]:
    """Match `sos_commands/<plugin>/<file>` names against the commands we use."""
    by_name: dict[str, list[str]] = {}
    for simple in _SIMPLE:
        by_name[mangle(" ".join(simple))] = list(simple)
    for virsh in (("virsh", "-r"), ("virsh",)):
        by_name[mangle(" ".join((*virsh, "list", "--all")))] = [*virsh, "list", "--all"]
        for sub in _VIRSH_PLAIN:
            by_name[mangle(" ".join((*virsh, sub)))] = [*virsh, sub]
    dumpxml = re.compile(r"^virsh_(?:-r_)?dumpxml_(.+)$")
    commands_dir = root / "sos_commands"
    if not commands_dir.is_dir():
        return {}
    files = sorted(
        p for d in commands_dir.iterdir() if d.is_dir() and not d.is_symlink()
        for p in d.iterdir() if p.is_file()
    )
    found: dict[str, dict[str, Any]] = {}
    pending_dumps: list[tuple[Path, str]] = []
    for path in files:
        relative = path.relative_to(root).as_posix()
        known = by_name.get(path.name)
        if known is None:
            match = dumpxml.match(path.name)
            if match:
                pending_dumps.append((path, match.group(1)))
            continue
        name = command_name(known)
        text = _read_output(root, relative)
        if name is None or text is None:
            continue
        record = {"argv": known, "status": "ok", "stdout": text, "source": relative}
        if _better(found.get(name), record):
            found[name] = record
    listing = found.get("virsh list --all")
    real_names = {mangle(d): d for d in _virsh_domains(listing["stdout"])} if listing else {}
    for path, mangled in pending_dumps:
        relative = path.relative_to(root).as_posix()
        domain = real_names.get(mangled, mangled)
        text = _read_output(root, relative)
        if text is None:
            continue
        argv = ["virsh", "-r", "dumpxml", domain]
        record = {"argv": argv, "status": "ok", "stdout": text, "source": relative}
        name = f"virsh dumpxml {domain}"
        if _better(found.get(name), record):
            found[name] = record
    return found


def sos_commands(root: Path) -> dict[str, dict[str, Any]]:
    """The bundle `commands` a sosreport folder holds (see the module docstring)."""
    manifest = _manifest(root)
    found = _from_manifest(root, manifest) if manifest is not None else {}
    for name, record in _from_files(root).items():
        if _better(found.get(name), record):
            found[name] = record
    return dict(sorted(found.items()))


# -- host ------------------------------------------------------------------------------------


def parse_uname(line: str) -> tuple[str | None, str | None, str | None]:
    """(nodename, kernel release, machine) from one `uname -a` line.

        Linux vm 6.18.44-fc-v782 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux
        Linux h 5.14.0-570.el9.x86_64 #1 SMP PREEMPT_DYNAMIC ... 2025 x86_64 x86_64 x86_64 GNU/Linux
    """
    fields = line.split()
    if len(fields) < 3:
        return None, None, None
    tail = fields[3:]
    if tail and ("linux" in tail[-1].lower() or "gnu" in tail[-1].lower()):
        tail = tail[:-1]
    machine = None
    for field in reversed(tail):
        if _ARCH.match(field):
            machine = field
        elif field != "unknown":
            break
    return fields[1], fields[2], machine


def _first_line(text: str | None) -> str | None:
    if text is None:
        return None
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None


def _host(commands: dict[str, dict[str, Any]], files: dict[str, Any]) -> dict[str, str | None]:
    def output(name: str) -> str | None:
        record = commands.get(name)
        if record is None or record["status"] != "ok":
            return None
        return str(record.get("stdout", ""))

    node = release = machine = None
    uname = _first_line(output("uname -a"))
    if uname is not None:
        node, release, machine = parse_uname(uname)
    if machine is None:
        for line in (output("lscpu") or "").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "Architecture" and value.strip():
                machine = value.strip()
                break
    hostname = _first_line(output("hostname")) or node
    if hostname is None:
        record = files.get("/etc/hostname")
        if record and record.get("status") == "ok" and record.get("encoding") == "utf-8":
            hostname = _first_line(str(record.get("content", "")))
    return {"hostname": hostname, "arch": machine, "kernel": release}


# -- the bundle ------------------------------------------------------------------------------


def _bundle_from_dir(root: Path, origin: str) -> dict[str, Any]:
    try:
        bundle = collect(root=str(root))
    except CollectError as exc:
        raise InputError(f"{origin}: cannot read the sosreport: {exc}") from exc
    plugins = plugins_run(root)
    lacking: list[str] = []
    for section in ("files", "dirs"):
        records: dict[str, Any] = bundle[section]
        for host_path in list(records):
            if records[host_path]["status"] == "missing" and not _covered(host_path, plugins):
                del records[host_path]
                lacking.append(host_path)
    listing = _dev_listing(root)
    for host_path in list(bundle["stats"]):  # sos copies no device nodes
        if listing is not None and host_path.startswith("/dev/") and host_path.count("/") == 2:
            text, relative = listing
            bundle["stats"][host_path] = dev_stat(text, host_path[len("/dev/"):], relative)
        else:
            del bundle["stats"][host_path]
            lacking.append(host_path)
    commands = sos_commands(root)
    lacking.extend(
        name for name in WANTED_COMMANDS
        if commands.get(name, {}).get("status") != "ok"
    )
    bundle["commands"] = commands
    bundle["host"] = _host(commands, bundle["files"])
    bundle["as_root"] = None
    bundle["source"] = {"type": "sosreport", "path": origin, "lacking": sorted(set(lacking))}
    return bundle


def bundle_from_sos(path: Path) -> dict[str, Any]:
    """Read the sosreport at `path` (folder or archive) into a bundle dict.

    Archives are extracted with `extract_safely` into a temporary folder that is removed
    before returning. Raises InputError with one line naming `path` for anything that is
    not a readable sosreport.
    """
    p = Path(path)
    origin = str(path)
    if p.is_dir():
        return _bundle_from_dir(_sos_root(p, origin), origin)
    if not p.exists():
        raise InputError(f"{origin}: no such file or directory")
    if not is_archive_name(p):
        raise InputError(
            f"{origin}: not a sosreport (neither a folder nor a .tar, .tar.gz, .tgz, "
            f".tar.xz or .tar.bz2 archive)"
        )
    with tempfile.TemporaryDirectory(prefix="nestaudit-sos-") as tmp:
        top = extract_safely(p, Path(tmp))
        return _bundle_from_dir(_sos_root(top, origin), origin)
