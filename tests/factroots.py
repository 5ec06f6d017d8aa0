"""Inputs of the fact tests: the corpus cases (tests/corpus), small fake host roots, and
bundles collected from them with what a root cannot hold added."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nestaudit.bundle import Bundle, from_data
from nestaudit.collect import collect
from nestaudit.facts import HostFacts, build_facts

CORPUS = Path(__file__).parent / "corpus"
CASES: list[dict[str, Any]] = json.loads((CORPUS / "cases.json").read_text("utf-8"))


def present(case: dict[str, Any]) -> bool:
    return (CORPUS / str(case["dir"])).is_dir()


def cases_with(key: str) -> list[dict[str, Any]]:
    return [c for c in CASES if key in c and present(c)]


def case_id(case: dict[str, Any]) -> str:
    return str(case["dir"])


def write_root(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def file_record(text: str) -> dict[str, Any]:
    return {"status": "ok", "content": text, "encoding": "utf-8",
            "size": len(text.encode("utf-8"))}


def command_record(argv: list[str], stdout: str, exit_code: int = 0) -> dict[str, Any]:
    return {"argv": argv, "status": "ok", "exit_code": exit_code, "stdout": stdout,
            "stderr": ""}


def bundle_of(
    root: Path,
    files: dict[str, str] | None = None,
    commands: dict[str, dict[str, Any]] | None = None,
    dirs: dict[str, dict[str, Any]] | None = None,
    drop: tuple[str, ...] = (),
) -> Bundle:
    """Collect `root` (files only, as --root does) and add evidence a root cannot hold."""
    data = collect(root=str(root))
    for prefix in drop:
        data["files"] = {k: v for k, v in data["files"].items() if not k.startswith(prefix)}
    for path, text in (files or {}).items():
        data["files"][path] = file_record(text)
    data["commands"].update(commands or {})
    data["dirs"].update(dirs or {})
    return from_data(data, str(root))


def facts_of(root: Path, **extra: Any) -> HostFacts:
    return build_facts(bundle_of(root, **extra))


INTEL = (
    "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Test Xeon\n"
    "flags\t\t: fpu lm vmx ept\n\n"
    "processor\t: 1\nvendor_id\t: GenuineIntel\nmodel name\t: Test Xeon\n"
    "flags\t\t: fpu lm vmx ept\n\n"
)
AMD = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: Test EPYC\nflags\t\t: lm svm npt\n"
S390 = (
    "vendor_id       : IBM/S390\n# processors    : 1\nfeatures\t: esan3 zarch sie\n"
    "processor 0: version = 00,  identification = 4729E7,  machine = 2964\n"
)
INTEL_LOADED = {
    "proc/cpuinfo": INTEL,
    "proc/modules": "kvm_intel 479232 0 - Live 0x0\nkvm 1425408 1 kvm_intel, Live 0x0\n",
    "proc/sys/kernel/osrelease": "5.14.0-503.el9.x86_64\n",
    "proc/cmdline": "BOOT_IMAGE=/vmlinuz-5.14.0 root=/dev/mapper/rhel-root ro quiet\n",
}


XML_HEAD = "<domain type='kvm'><name>{name}</name><uuid>{uuid}</uuid>" \
           "<os><type arch='x86_64' machine='q35'>hvm</type></os>"


def domain_xml(name: str, cpu: str, extra: str = "",
               uuid: str = "C7A5FDBD-EDAF-9455-926A-D65C16DB1809") -> str:
    return XML_HEAD.format(name=name, uuid=uuid) + cpu + extra + "</domain>\n"
