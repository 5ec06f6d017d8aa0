"""The bundle `commands` a sosreport holds, from `sos_commands/<plugin>/<mangled command>`.

sos >= 4.0 lists in its manifest each command line, its exit code and its output file; the
output files themselves are also matched by the name sos gives them, which is all older
sosreports offer. Of two records for one command, the one with output wins.

    sos_commands/kernel/uname_-a                 -> "uname -a"
    sos_commands/virsh/virsh_-r_dumpxml_<dom>    -> "virsh dumpxml <dom>"
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

from nestaudit.collect.spec import VIRSH_DUMPXML
from nestaudit.sources.sos.files import read_member
from nestaudit.sources.sos.manifest import MANIFEST, manifest_plugins, read_manifest

MAX_OUTPUT = 4 * 1024 * 1024
_MAX_EXEC = 4096  # characters of a manifest's command line

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
_DUMPXML_FILE = re.compile(r"^virsh_(?:-r_)?dumpxml_(.+)$")

Record = dict[str, Any]


def mangle(command: str) -> str:
    """The file name sos gives a command's output (its `_mangle_command`, without the cap)."""
    name = re.sub(r"^/(usr/|)(bin|sbin)/", "", command)
    name = re.sub(r"[^\w\-\./]+", "_", name)
    return name.replace("/", ".").strip(" ._-")


def plugin_folders(root: Path) -> list[Path]:
    """The sosreport's `sos_commands/<plugin>` folders, sorted; symbolic links are skipped."""
    commands_dir = root / "sos_commands"
    if not commands_dir.is_dir():
        return []
    return sorted(d for d in commands_dir.iterdir() if d.is_dir() and not d.is_symlink())


def read_output(root: Path, relative: str) -> str | None:
    """A command output file inside the sosreport (its first MAX_OUTPUT bytes), or None if
    absent, outside it or not a regular file."""
    return read_member(root, relative, MAX_OUTPUT)


# -- command lines -> bundle command names ---------------------------------------------------


def _virsh_subcommand(args: list[str]) -> list[str]:
    """virsh's arguments from its subcommand on, past the options before it (-r, -c URI)."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-r", "--readonly", "-q", "--quiet") or arg.startswith("--connect="):
            i += 1
        elif arg in ("-c", "--connect"):
            i += 2
        else:
            return args[i:]
    return []


def _virsh_name(rest: list[str]) -> str | None:
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
            return VIRSH_DUMPXML + names[0]
    return None


def command_name(argv: list[str]) -> str | None:
    """The bundle command name for a command line sos ran, or None when not one we use."""
    if not argv:
        return None
    prog = argv[0].rsplit("/", 1)[-1]
    if prog != "virsh":
        return _SIMPLE.get((prog, *argv[1:]))
    return _virsh_name(_virsh_subcommand(argv[1:]))


def _better(old: Record | None, new: Record) -> bool:
    return old is None or (old["status"] != "ok" and new["status"] == "ok")


def _keep(found: dict[str, Record], name: str, record: Record) -> None:
    if _better(found.get(name), record):
        found[name] = record


# -- from the manifest -----------------------------------------------------------------------


def _without_output(argv: list[str], code: object) -> Record:
    """The status and reason of a command sos ran and kept no output of."""
    if code == 127:
        return {"status": "missing", "source": MANIFEST,
                "reason": f"{argv[0]}: command not found when sos ran"}
    if code == 124:
        return {"status": "timeout", "source": MANIFEST,
                "reason": "sos stopped the command at its timeout"}
    return {"status": "error", "source": MANIFEST,
            "reason": f"sos kept no output (exit code {code})"}


def _manifest_record(root: Path, entry: object) -> tuple[str, Record] | None:
    """The bundle name and record of one manifest command entry; None when not one we use."""
    if not isinstance(entry, dict) or not isinstance(entry.get("exec"), str):
        return None
    if len(entry["exec"]) > _MAX_EXEC:
        return None  # none of ours is that long, and shlex is quadratic on a long word
    try:
        argv = shlex.split(entry["exec"])
    except ValueError:
        return None
    name = command_name(argv)
    if name is None:
        return None
    code = entry.get("return_code")
    filepath = entry.get("filepath")
    record: Record = {"argv": argv}
    text = read_output(root, filepath) if isinstance(filepath, str) else None
    if text is None:
        record.update(_without_output(argv, code))
        return name, record
    record.update({"status": "ok", "stdout": text, "source": filepath})
    if isinstance(code, int):
        record["exit_code"] = code
    return name, record


def _from_manifest(root: Path, manifest: dict[str, Any]) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for plugin in manifest_plugins(manifest).values():
        entries = plugin.get("commands", []) if isinstance(plugin, dict) else []
        for entry in entries:
            named = _manifest_record(root, entry)
            if named is not None:
                _keep(found, *named)
    return found


# -- from the output files' names ------------------------------------------------------------


def _output_files() -> dict[str, tuple[str, tuple[str, ...]]]:
    """The bundle name and argv of each command we use, by the file name sos gives it."""
    by_file = {mangle(" ".join(argv)): (name, argv) for argv, name in _SIMPLE.items()}
    virsh_names: dict[tuple[str, ...], str] = {("list", "--all"): "virsh list --all"}
    virsh_names.update({(sub,): f"virsh {sub}" for sub in _VIRSH_PLAIN})
    for virsh in (("virsh", "-r"), ("virsh",)):
        for sub, name in virsh_names.items():
            argv = (*virsh, *sub)
            by_file[mangle(" ".join(argv))] = (name, argv)
    return by_file


_OUTPUT_FILES = _output_files()


def _virsh_domains(table: str) -> list[str]:
    """Domain names from `virsh list --all` (two header lines, name in column 2)."""
    names = []
    for line in table.splitlines()[2:]:
        fields = line.split()
        if len(fields) >= 2:
            names.append(fields[1])
    return names


def _add_output(
    found: dict[str, Record], root: Path, path: Path, name: str, argv: list[str]
) -> None:
    relative = path.relative_to(root).as_posix()
    text = read_output(root, relative)
    if text is not None:
        _keep(found, name, {"argv": argv, "status": "ok", "stdout": text, "source": relative})


def _from_files(root: Path) -> dict[str, Record]:
    """Match `sos_commands/<plugin>/<file>` names against the commands we use."""
    files = sorted(p for d in plugin_folders(root) for p in d.iterdir() if p.is_file())
    found: dict[str, Record] = {}
    dumps: list[tuple[Path, str]] = []
    for path in files:
        known = _OUTPUT_FILES.get(path.name)
        if known is not None:
            _add_output(found, root, path, known[0], list(known[1]))
            continue
        match = _DUMPXML_FILE.match(path.name)
        if match:
            dumps.append((path, match.group(1)))
    # sos mangles a domain's name in the file name; the listing has it as written
    listing = found.get("virsh list --all")
    real_names = {mangle(d): d for d in _virsh_domains(listing["stdout"])} if listing else {}
    for path, mangled in dumps:
        domain = real_names.get(mangled, mangled)
        _add_output(found, root, path, VIRSH_DUMPXML + domain, ["virsh", "-r", "dumpxml", domain])
    return found


def sos_commands(root: Path) -> dict[str, Record]:
    """The bundle `commands` a sosreport folder holds (see the module docstring)."""
    manifest = read_manifest(root)
    found = _from_manifest(root, manifest) if manifest is not None else {}
    for name, record in _from_files(root).items():
        _keep(found, name, record)
    return dict(sorted(found.items()))
