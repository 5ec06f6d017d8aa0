"""Build the fact model from a bundle's raw evidence: `build_facts(bundle) -> HostFacts`.

Each part reads its sources through the Bundle API, records where every value came from,
and leaves a fact UNKNOWN when its evidence is absent or unreadable: a probe that could not
read a file never turns into "no".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from nestaudit.bundle import Bundle
from nestaudit.collect.spec import (
    CMDLINE,
    CONTAINERENV,
    CPUINFO,
    DEV_KVM,
    DMI_DIR,
    DMI_FIELDS,
    DOCKERENV,
    DT_HYPERVISOR,
    DT_PARTITION,
    HOSTNAME_FILES,
    HYPERVISOR_TYPE,
    KVM_CONF,
    LIBVIRT_DIRS,
    LIVE_DOMAINS,
    MODPROBE_DIRS,
    MODULES,
    OS_RELEASE,
    OS_RELEASE_FALLBACK,
    OSRELEASE,
    PERSISTENT_DOMAINS,
    PID1_CGROUP,
    PID1_ENVIRON,
    REDHAT_RELEASE,
    SYSINFO,
    SYSTEMD_CONTAINER,
    VIRSH_DUMPXML,
    XEN_CAPABILITIES,
    module_parameters,
)
from nestaudit.facts.exposure import exposure
from nestaudit.facts.model import (
    CpuFacts,
    DomainFacts,
    DomainsSummary,
    Evidence,
    EvidenceKey,
    HostFacts,
    HostInfo,
    KvmFacts,
    Maybe,
    OsFacts,
    VirtFacts,
)
from nestaudit.facts.parsers import container as containers
from nestaudit.facts.parsers import hypervisor as hv
from nestaudit.facts.parsers.cmdline import parse_cmdline
from nestaudit.facts.parsers.cpuinfo import (
    CpuInfo,
    missing_detail,
    parse_cpuinfo,
    virt_flags_needed,
)
from nestaudit.facts.parsers.dmidecode import parse_dmidecode
from nestaudit.facts.parsers.domainxml import ParsedDomain, parse_domain_xml
from nestaudit.facts.parsers.modprobe import OptionAssignment, applied_files, parse_options
from nestaudit.facts.parsers.modules import kvm_modules, parse_modules
from nestaudit.facts.parsers.osinfo import guest_os
from nestaudit.facts.parsers.osrelease import (
    OsRelease,
    os_family,
    parse_os_release,
    parse_redhat_release,
)
from nestaudit.facts.parsers.params import parse_bool
from nestaudit.facts.parsers.sysinfo import SysInfo, parse_sysinfo
from nestaudit.values import UNKNOWN, Version

_ARCH_SUFFIXES = (
    "x86_64", "aarch64", "s390x", "ppc64le", "ppc64", "i686", "i586", "i386",
    "loongarch64", "riscv64", "armv7hl",
)
_ARCH_ALIASES = {
    "amd64": "x86_64", "arm64": "aarch64", "i386": "i686", "i486": "i686", "i586": "i686",
    "armv7l": "armv7hl",
}
_NESTED_ON_SINCE = Version((4, 20))


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Evidence:
    """Collects evidence while facts are built; frozen into HostFacts at the end."""

    def __init__(self) -> None:
        self.items: dict[EvidenceKey, list[Evidence]] = {}

    def add(self, name: str, source: str, excerpt: str, domain: str | None = None) -> None:
        item = Evidence(source, _clip(excerpt))
        bucket = self.items.setdefault((name, domain), [])
        if item not in bucket:
            bucket.append(item)

    def frozen(self, domains: list[str]) -> dict[EvidenceKey, tuple[Evidence, ...]]:
        """The evidence by (fact, domain); a derived fact without its own evidence shares
        that of the fact it derives from."""
        out = {key: tuple(value) for key, value in self.items.items()}
        scopes: list[str | None] = [None, *domains]
        for scope in scopes:
            for fact, base in _DERIVED.items():
                if (fact, scope) not in out:
                    for candidate in base:
                        if (candidate, scope) in out:
                            out[(fact, scope)] = out[(candidate, scope)]
                            break
        return out


# derived fact -> the facts whose evidence it shares (first one present wins)
_DERIVED: dict[str, tuple[str, ...]] = {
    "host.kernel_version": ("host.kernel",),
    "cpu.virt_flags_needed": ("cpu.vendor",),
    "cpu.virt_flags_missing_detail": ("cpu.virt_flags_missing",),
    "os.version_text": ("os.version",),
    "os.major": ("os.version",),
    "os.name": ("os.id",),
    "kvm.nested_persistent_source": ("kvm.nested_persistent",),
    "kvm.nested_persistent_explicit": ("kvm.nested_persistent",),
    "kvm.nested_assignments": ("kvm.nested_persistent",),
    "kvm.nested_conflict": ("kvm.nested_persistent",),
    "kvm.nested_overridden_by": ("kvm.nested_persistent",),
    "kvm.hpage_persistent": ("kvm.nested_persistent",),
    "virt.hypervisor_sources": ("virt.hypervisor",),
    "virt.hypervisor_disagreement": ("virt.hypervisor",),
    "virt.aws_metal": ("virt.cloud",),
    "virt.s390_level": ("virt.hypervisor",),
    "domains.count": ("domains.readable",),
    "domains.names": ("domains.readable",),
    "domains.running": ("domains.readable",),
    "domains.exposing": ("domains.readable",),
    "domains.hugepages": ("domains.readable",),
    "domains.problems": ("domains.readable",),
    "domain.active": ("domain.running",),
    "domain.state": ("domain.running",),
    "domain.cpu_model": ("domain.cpu_mode",),
    "domain.cpu_features": ("domain.cpu_mode",),
    "domain.virt_flag": ("domain.exposes_virt",),
    "domain.exposure_reason": ("domain.exposes_virt",),
    "domain.os_family": ("domain.os_id",),
    "domain.os_version": ("domain.os_id",),
    "domain.os_kind": ("domain.os_id",),
    "domain.os_label": ("domain.os_id",),
    "domain.name": ("domain.xml_source",),
    "domain.uuid": ("domain.xml_source",),
    "domain.arch": ("domain.xml_source",),
    "domain.type": ("domain.xml_source",),
    "domain.xml_live": ("domain.xml_source",),
    "domain.title": ("domain.xml_source",),
    "domain.description": ("domain.xml_source",),
    "domain.hugepages": ("domain.xml_source",),
    "domain.parse_problem": ("domain.xml_source",),
}


class _Reader:
    """Small helpers over the bundle that also say why a file could not be read."""

    def __init__(self, bundle: Bundle, ev: _Evidence) -> None:
        self.bundle = bundle
        self.ev = ev

    def status(self, path: str) -> str | None:
        record = self.bundle.file_record(path)
        return None if record is None else str(record["status"])

    def text(self, path: str) -> str | None:
        return self.bundle.text(path)

    def why_not(self, path: str) -> str:
        record = self.bundle.file_record(path)
        if record is None:
            return "not collected"
        reason = record.get("reason")
        return f"{record['status']}" + (f" ({reason})" if reason else "")

    def command_ok(self, name: str) -> dict[str, Any] | None:
        record = self.bundle.command(name)
        if record is None or record.get("status") != "ok":
            return None
        return record


# --------------------------------------------------------------------------- host


def _normal_arch(value: str) -> str:
    value = value.strip()
    return _ARCH_ALIASES.get(value, value)


def _arch_from_release(release: str) -> str | None:
    for suffix in _ARCH_SUFFIXES:
        if release.endswith("." + suffix) or release.endswith("-" + suffix):
            return _normal_arch(suffix)
    return None


def _host(r: _Reader, cpu: CpuInfo | None, container: Maybe[str | None]) -> HostInfo:
    ev = r.ev
    host: Mapping[str, Any] = r.bundle.data.get("host") or {}
    name: Maybe[str] = UNKNOWN
    if host.get("hostname"):
        name = str(host["hostname"])
        ev.add("host.name", "bundle host record", name)
    else:
        for path in HOSTNAME_FILES:
            text = r.text(path)
            if text and text.strip():
                name = text.strip().splitlines()[0].strip()
                ev.add("host.name", path, name)
                break
    kernel: Maybe[str] = UNKNOWN
    if host.get("kernel"):
        kernel = str(host["kernel"])
        ev.add("host.kernel", "bundle host record (uname -r)", kernel)
    else:
        text = r.text(OSRELEASE)
        if text and text.strip():
            kernel = text.strip()
            ev.add("host.kernel", OSRELEASE, kernel)
    kernel_version: Maybe[Version] = UNKNOWN
    if isinstance(kernel, str):
        parsed = Version.parse(kernel)
        if parsed is not None:
            kernel_version = parsed
            ev.add("host.kernel_version", "host.kernel", kernel)
    arch: Maybe[str] = UNKNOWN
    if host.get("arch"):
        arch = _normal_arch(str(host["arch"]))
        ev.add("host.arch", "bundle host record (uname -m)", str(host["arch"]))
    elif isinstance(kernel, str) and _arch_from_release(kernel):
        arch = _arch_from_release(kernel) or UNKNOWN
        ev.add("host.arch", OSRELEASE, kernel)
    elif cpu is not None and cpu.arch_hint:
        arch = cpu.arch_hint
        hint = f"vendor_id: {cpu.vendor_id}" if cpu.vendor_id else f"CPU layout of {cpu.vendor}"
        ev.add("host.arch", CPUINFO, hint)
    source = str(r.bundle.source.get("type", "root"))
    ev.add("host.source", "bundle source", source)
    return HostInfo(
        name=name, arch=arch, kernel=kernel, kernel_version=kernel_version,
        source=source, container=container, system_uuid=_system_uuid(r),
    )


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _system_uuid(r: _Reader) -> Maybe[str | None]:
    """SMBIOS system UUID, lower-case: on an L1 it equals its libvirt domain's <uuid>."""
    candidates: list[tuple[str, str]] = []
    text = r.text(f"{DMI_DIR}/product_uuid")
    if text is not None:
        candidates.append((f"{DMI_DIR}/product_uuid", text.strip()))
    dmidecode = r.command_ok("dmidecode")
    if dmidecode is not None:
        parsed = parse_dmidecode(str(dmidecode.get("stdout", "")))
        if "product_uuid" in parsed:
            candidates.append(("dmidecode", parsed["product_uuid"].strip()))
    for source, value in candidates:
        lowered = value.lower()
        if _UUID.match(lowered) and len(set(lowered) - {"-"}) > 1:
            r.ev.add("host.system_uuid", source, value)
            return lowered
    if candidates:
        r.ev.add("host.system_uuid", candidates[0][0], candidates[0][1] or "(empty)")
        return None  # read, but a placeholder such as "Not Settable" or all zeros
    return UNKNOWN


def _container(r: _Reader) -> Maybe[str | None]:
    ev = r.ev
    name = "host.container"
    unreadable = False
    found: str | None = None

    def seen(source: str, excerpt: str, engine: str) -> None:
        nonlocal found
        ev.add(name, source, excerpt)
        if found is None:
            found = engine

    for path in (SYSTEMD_CONTAINER, PID1_ENVIRON, CONTAINERENV, DOCKERENV, PID1_CGROUP):
        status = r.status(path)
        if status is None:
            if path == PID1_ENVIRON:
                continue  # read by newer collectors only
            unreadable = True
            continue
        if status == "missing":
            continue
        text = r.text(path)
        if text is None:
            unreadable = True
            ev.add(name, path, r.why_not(path))
            continue
        if path == SYSTEMD_CONTAINER and text.strip():
            seen(path, text.strip(), containers.normalise(text))
        elif path == PID1_ENVIRON:
            engine = containers.from_environ(text)
            if engine:
                seen(path, f"container={engine}", engine)
        elif path == CONTAINERENV:
            seen(path, "present", containers.from_containerenv(text))
        elif path == DOCKERENV:
            seen(path, "present", "docker")
        elif path == PID1_CGROUP:
            engine = containers.from_cgroup(text)
            if engine:
                seen(path, text.strip().splitlines()[0], engine)
    detect = r.command_ok("systemd-detect-virt --container")
    if detect is not None:
        out = str(detect.get("stdout", "")).strip()
        if out and out != "none":
            seen("systemd-detect-virt --container", out, containers.normalise(out))
        elif out == "none":
            ev.add(name, "systemd-detect-virt --container", "none")
            unreadable = False  # the command looked for every engine and found none
    if found is not None:
        return found
    if not unreadable:
        ev.add(name, "container markers", "none present")
    return UNKNOWN if unreadable else None


# --------------------------------------------------------------------------- cpu


def _cpu(r: _Reader, info: CpuInfo | None, arch: Maybe[str]) -> CpuFacts:
    ev = r.ev
    path = CPUINFO
    if info is None:
        if r.status(path) is not None:
            ev.add("cpu.flags", path, r.why_not(path) if r.text(path) is None else "no CPU found")
        return CpuFacts(
            vendor=UNKNOWN, model=UNKNOWN, count=UNKNOWN, flags=UNKNOWN,
            virt_flags_needed=UNKNOWN, virt_flags_missing=UNKNOWN,
            virt_flags_missing_detail=UNKNOWN, hypervisor_flag=UNKNOWN,
        )
    ev.add("cpu.vendor", path, f"vendor_id: {info.vendor_id}" if info.vendor_id else info.vendor)
    if info.model:
        ev.add("cpu.model", path, info.model)
    ev.add("cpu.count", path, f"{info.count} CPUs")
    arch_value = arch if isinstance(arch, str) else info.arch_hint
    if info.vendor == "unknown":
        return CpuFacts(
            vendor=UNKNOWN, model=info.model if info.model is not None else UNKNOWN,
            count=info.count, flags=info.common_flags, virt_flags_needed=UNKNOWN,
            virt_flags_missing=UNKNOWN, virt_flags_missing_detail=UNKNOWN,
            hypervisor_flag=UNKNOWN,
        )
    needed = virt_flags_needed(info.vendor, arch_value)
    missing, detail = missing_detail(info, needed)
    for flag in needed:
        lacking = len(info.cpus_lacking(flag))
        where = "every CPU" if not lacking else f"{info.count - lacking} of {info.count} CPUs"
        from_vmx_line = flag == "ept" and info.ept_from_vmx_line
        note = " (ept from the 'vmx flags' line)" if from_vmx_line else ""
        for fact in ("cpu.flags", "cpu.virt_flags_missing"):
            ev.add(fact, path, f"{flag} on {where}{note}")
    x86 = info.vendor_id is not None and info.vendor != "ibm"
    hyper = x86 and any("hypervisor" in f for f in info.cpu_flags)
    ev.add("cpu.hypervisor_flag", path,
           ("hypervisor flag present" if hyper else "no hypervisor flag") if x86
           else f"not an x86 CPU ({info.vendor})")
    return CpuFacts(
        vendor=info.vendor,
        model=info.model if info.model is not None else UNKNOWN,
        count=info.count,
        flags=info.common_flags,
        virt_flags_needed=needed,
        virt_flags_missing=missing,
        virt_flags_missing_detail=detail,
        hypervisor_flag=hyper,
    )


# --------------------------------------------------------------------------- os


def _os(r: _Reader) -> OsFacts:
    ev = r.ev
    release: OsRelease | None = None
    source = ""
    for path in (OS_RELEASE, OS_RELEASE_FALLBACK):
        text = r.text(path)
        if text is not None:
            release, source = parse_os_release(text), path
            break
    if release is None or release.get("ID") is None:
        text = r.text(REDHAT_RELEASE)
        if text is not None:
            release, source = parse_redhat_release(text), REDHAT_RELEASE
    if release is None or release.get("ID") is None:
        return OsFacts(id=UNKNOWN, name=UNKNOWN, version=UNKNOWN, version_text=UNKNOWN,
                       is_rhel=UNKNOWN, family=UNKNOWN, major=UNKNOWN)
    os_id = (release.get("ID") or "").lower()
    ev.add("os.id", source, f"ID={os_id}")
    ev.add("os.is_rhel", source, f"ID={os_id}")
    id_like = release.get("ID_LIKE") or ""
    ev.add("os.family", source, f"ID={os_id} ID_LIKE={id_like}".strip())
    name_text = release.get("PRETTY_NAME") or release.get("NAME")
    if name_text:
        ev.add("os.name", source, name_text)
    version_text = release.get("VERSION_ID")
    version: Maybe[Version] = UNKNOWN
    major: Maybe[int] = UNKNOWN
    if version_text:
        ev.add("os.version", source, f"VERSION_ID={version_text}")
        parsed = Version.parse(version_text)
        if parsed is not None:
            version, major = parsed, parsed.parts[0]
    return OsFacts(
        id=os_id,
        name=name_text if name_text else UNKNOWN,
        version=version,
        version_text=version_text if version_text else UNKNOWN,
        is_rhel=os_id == "rhel",
        family=os_family(os_id, id_like),
        major=major,
    )


# --------------------------------------------------------------------------- kvm


class _Persistent(NamedTuple):
    value: Maybe[bool]
    source: Maybe[str]
    explicit: Maybe[bool]
    default: Maybe[bool]
    assignments: Maybe[list[str]]
    conflict: Maybe[bool]
    overridden_by: Maybe[str | None]


_UNKNOWN_PERSISTENT = _Persistent(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN)


class _Modprobe:
    """modprobe.d as modprobe applies it, plus the kernel command line (read once)."""

    def __init__(self, r: _Reader) -> None:
        self.readable: Maybe[bool] = True
        self.notes: list[tuple[str, str]] = []
        self.options: list[OptionAssignment] = []
        listings: list[tuple[str, list[str]]] = []
        for directory in MODPROBE_DIRS:
            record = r.bundle.dir_record(directory)
            if record is None:
                if self.readable is True:
                    self.readable = UNKNOWN
                self.notes.append((directory, "not collected"))
                continue
            status = record["status"]
            if status == "missing":
                self.notes.append((directory, "no such directory"))
                continue
            entries = r.bundle.dir_entries(directory)
            if entries is None:
                self.readable = False
                self.notes.append((directory, f"{status}: {record.get('reason', '')}".strip()))
                continue
            self.notes.append((directory, f"{len(entries)} entries"))
            listings.append((directory, entries))
        for name, directory in applied_files(listings):
            shown = f"{directory}/{name}"
            text = r.text(f"{r.bundle.dir_path(directory)}/{name}")
            if text is None:
                self.readable = False
                self.notes.append((shown, r.why_not(f"{r.bundle.dir_path(directory)}/{name}")))
                continue
            self.options.extend(parse_options(shown, text))
        cmdline = r.text(CMDLINE)
        self.cmdline_read = cmdline is not None
        self.cmdline = parse_cmdline(cmdline) if cmdline is not None else []
        self.cmdline_note = "read" if cmdline is not None else r.why_not(CMDLINE)

    def resolve(
        self, ev: _Evidence, fact: str, module: str, param: str, default: Maybe[bool],
        default_note: str,
    ) -> _Persistent:
        # (place, value, shown, line text), in applied order
        assignments: list[tuple[str, str, str, str]] = [
            (opt.place, opt.value, f"{opt.place}: {param}={opt.value}", opt.text)
            for opt in self.options
            if opt.module == module and opt.param == param
        ]
        assignments.extend(
            ("kernel command line", item.value or "1", f"kernel command line: {item.token}",
             item.token)
            for item in self.cmdline
            if item.module == module and item.param == param
        )
        for place, _, _, text in assignments:
            source = CMDLINE if place == "kernel command line" else place
            ev.add(fact, source, text)
        if not self.cmdline_read:
            ev.add(fact, CMDLINE, f"not read ({self.cmdline_note}): a boot-time override "
                                  "could not be checked")
        shown = [a[2] for a in assignments]
        values = [parse_bool(a[1]) for a in assignments]
        seen_conflict = len({v for v in values if v is not None}) > 1
        # unread configuration may hide a disagreement, never undo one seen
        conflict: Maybe[bool] = True if seen_conflict else (
            False if self.readable is True else UNKNOWN)
        if not assignments:
            if self.readable is not True:
                for directory, note in self.notes:
                    ev.add(fact, directory, note)
                return _Persistent(UNKNOWN, UNKNOWN, UNKNOWN, default, UNKNOWN, UNKNOWN, UNKNOWN)
            ev.add(fact, "kernel default", default_note)
            return _Persistent(default, "kernel default", False, default, [], False, None)
        winner_place, winner_raw = assignments[-1][0], assignments[-1][1]
        value: Maybe[bool] = UNKNOWN
        parsed = values[-1]
        certain = winner_place == "kernel command line" or self.readable is True
        if parsed is not None and certain:
            value = parsed
        elif parsed is None:
            ev.add(fact, winner_place, f"{param}={winner_raw} is not a valid boolean")
        overridden: Maybe[str | None] = None
        own = [(a, v) for a, v in zip(assignments, values) if a[0].startswith(KVM_CONF + ":")]
        if own and isinstance(value, bool) and not winner_place.startswith(KVM_CONF + ":"):
            if own[-1][1] is not None and own[-1][1] != value:
                overridden = winner_place
        elif not isinstance(value, bool):
            overridden = UNKNOWN
        return _Persistent(
            value=value,
            source=winner_place if certain else UNKNOWN,
            explicit=True,
            default=default,
            assignments=shown,
            conflict=conflict,
            overridden_by=overridden,
        )


def _nested_default(module: str, kernel: Maybe[Version]) -> tuple[Maybe[bool], str]:
    if module == "kvm_amd":
        return True, "kvm_amd: nested has always defaulted to on"
    if module == "kvm":
        return False, "s390 kvm: nested defaults to off"
    if module == "kvm_intel":
        if not isinstance(kernel, Version):
            return UNKNOWN, "kvm_intel: on since Linux 4.20, and the kernel version is unknown"
        on = kernel >= _NESTED_ON_SINCE
        return on, f"kvm_intel: on since Linux 4.20; kernel {kernel} => {'on' if on else 'off'}"
    return UNKNOWN, f"{module}: no known default"


def _kvm(r: _Reader, info: CpuInfo | None, host: HostInfo) -> KvmFacts:
    ev = r.ev
    bundle = r.bundle
    modules_text = r.text(MODULES)
    names = parse_modules(modules_text) if modules_text is not None else None
    kvm_mods: Maybe[list[str]] = UNKNOWN
    if names is not None:
        kvm_mods = kvm_modules(names)
        for line in (modules_text or "").splitlines():
            if line.split()[:1] and line.split()[0] in kvm_mods:
                ev.add("kvm.modules_loaded", MODULES, line)
        if not kvm_mods:
            ev.add("kvm.modules_loaded", MODULES, "no kvm module listed")
    else:
        ev.add("kvm.modules_loaded", MODULES, r.why_not(MODULES))

    # /dev/kvm
    dev_kvm: Maybe[bool] = UNKNOWN
    stat = bundle.stat(DEV_KVM)
    if stat is not None:
        status = stat.get("status")
        if status == "ok":
            kind = stat.get("type")
            if kind == "char":
                dev_kvm = True
                ev.add("kvm.dev_kvm", DEV_KVM, f"character device, mode {stat.get('mode')}")
            elif kind == "file" and host.source != "live":
                dev_kvm = True
                ev.add("kvm.dev_kvm", DEV_KVM,
                       "regular file standing in for the device node (root collection)")
            else:
                dev_kvm = False
                ev.add("kvm.dev_kvm", DEV_KVM, f"exists but is a {kind}, not a device")
        elif status == "missing":
            dev_kvm = False
            ev.add("kvm.dev_kvm", DEV_KVM, "does not exist")
        else:
            ev.add("kvm.dev_kvm", DEV_KVM, f"{status}: {stat.get('reason', '')}")

    # which module carries `nested`
    arch = host.arch
    module: Maybe[str | None] = UNKNOWN
    if arch == "s390x":
        module = "kvm"
    elif info is not None and info.vendor == "intel":
        module = "kvm_intel"
    elif info is not None and info.vendor == "amd":
        module = "kvm_amd"
    elif isinstance(arch, str) and arch not in ("x86_64", "i686"):
        module = None
    elif info is not None:
        module = None  # an x86 CPU of another vendor
    else:
        # no cpuinfo: a loaded vendor module still names itself
        for candidate in ("kvm_intel", "kvm_amd"):
            listed = names is not None and candidate in names
            if listed or bundle.dir_entries(module_parameters(candidate)) is not None:
                module = candidate
                break
    if isinstance(module, str):
        ev.add("kvm.module", "cpu.vendor / host.arch", f"{module}")

    def loaded(mod: str, fact: str) -> Maybe[bool]:
        params = module_parameters(mod)
        if names is not None and mod in names:
            ev.add(fact, MODULES, f"{mod} listed")
            return True
        if bundle.dir_entries(params) is not None:
            ev.add(fact, params, "directory present (module loaded or built in)")
            return True
        if names is not None:
            ev.add(fact, MODULES, f"{mod} not listed")
            return False
        return UNKNOWN

    module_loaded: Maybe[bool] = loaded(module, "kvm.module_loaded") if isinstance(
        module, str) else UNKNOWN
    if arch == "aarch64":
        kvm_loaded: Maybe[bool] = dev_kvm
        ev.add("kvm.kvm_loaded", DEV_KVM, "aarch64: KVM is built in; /dev/kvm tells")
    else:
        kvm_loaded = loaded("kvm", "kvm.kvm_loaded")

    def runtime(mod: Maybe[str | None], param: str, fact: str) -> Maybe[bool]:
        if not isinstance(mod, str):
            return UNKNOWN
        directory = module_parameters(mod)
        path = f"{bundle.dir_path(directory)}/{param}"
        text = r.text(path)
        shown = f"{directory}/{param}"
        if text is None:
            ev.add(fact, shown, r.why_not(path))
            return UNKNOWN
        ev.add(fact, shown, text.strip())
        value = parse_bool(text)
        return UNKNOWN if value is None else value

    nested = runtime(module, "nested", "kvm.nested")
    hpage = runtime("kvm", "hpage", "kvm.hpage") if arch == "s390x" else UNKNOWN

    modprobe = _Modprobe(r)
    for directory, note in modprobe.notes:
        ev.add("kvm.modprobe_readable", directory, note)
    if isinstance(module, str):
        default, note = _nested_default(module, host.kernel_version)
        ev.add("kvm.nested_default", "kernel default", note)
        pers = modprobe.resolve(ev, "kvm.nested_persistent", module, "nested", default, note)
    else:
        pers = _UNKNOWN_PERSISTENT
    if arch == "s390x":
        hpage_pers = modprobe.resolve(ev, "kvm.hpage_persistent", "kvm", "hpage", False,
                                      "s390 kvm: hpage defaults to off").value
    else:
        hpage_pers = UNKNOWN
    return KvmFacts(
        modules_loaded=kvm_mods,
        module=module,
        module_loaded=module_loaded,
        kvm_loaded=kvm_loaded,
        dev_kvm=dev_kvm,
        nested=nested,
        hpage=hpage,
        nested_persistent=pers.value,
        nested_persistent_source=pers.source,
        nested_persistent_explicit=pers.explicit,
        nested_default=pers.default,
        nested_assignments=pers.assignments,
        nested_conflict=pers.conflict,
        nested_overridden_by=pers.overridden_by,
        hpage_persistent=hpage_pers,
        modprobe_readable=modprobe.readable,
    )


# --------------------------------------------------------------------------- virt


def _dmi(r: _Reader) -> dict[str, str] | None:
    out: dict[str, str] = {}
    probed = False
    for field_name in DMI_FIELDS:
        path = f"{DMI_DIR}/{field_name}"
        if r.status(path) is not None:
            probed = True
        text = r.text(path)
        if text is not None and text.strip():
            out[field_name] = text.strip()
    if not out:
        return {} if probed else None
    return out


def _virt(r: _Reader, cpu: CpuFacts, host: HostInfo) -> VirtFacts:
    ev = r.ev
    votes: list[hv.Vote] = []
    clouds: list[tuple[str, str]] = []

    sysinfo: SysInfo | None = None
    sysinfo_text = r.text(SYSINFO)
    if sysinfo_text is not None and ("LPAR" in sysinfo_text or "Control Program" in sysinfo_text):
        sysinfo = parse_sysinfo(sysinfo_text)
        level = sysinfo.level
        if level is not None:
            votes.append(hv.Vote(SYSINFO, level))
            if sysinfo.control_programs:
                excerpt = f"VM00 Control Program: {sysinfo.control_programs[0]}"
            else:
                excerpt = f"LPAR {sysinfo.lpar}, no hypervisor level above it"
            for fact in ("virt.hypervisor", "virt.s390_level", "virt.role"):
                ev.add(fact, SYSINFO, excerpt)

    for command in ("systemd-detect-virt --vm", "systemd-detect-virt"):
        detect = r.command_ok(command)
        if detect is None:
            continue
        said = hv.systemd_detect_virt(str(detect.get("stdout", "")))
        if said is not None:
            votes.append(hv.Vote(command, said))
            ev.add("virt.hypervisor", command, str(detect.get("stdout", "")).strip())
            break

    what = r.command_ok("virt-what")
    if what is not None and what.get("exit_code", 0) == 0:
        out = str(what.get("stdout", ""))
        hyper, cloud, _ = hv.virt_what(out)
        votes.append(hv.Vote("virt-what", hyper))
        ev.add("virt.hypervisor", "virt-what", out.strip().replace("\n", ", ") or "(no output)")
        if cloud:
            clouds.append(("virt-what", cloud))

    xen_type = r.text(HYPERVISOR_TYPE)
    if xen_type is not None and xen_type.strip():
        value = "xen" if xen_type.strip().lower() == "xen" else "other"
        votes.append(hv.Vote(HYPERVISOR_TYPE, value))
        ev.add("virt.hypervisor", HYPERVISOR_TYPE, xen_type.strip())
    caps = r.text(XEN_CAPABILITIES)
    if caps is not None:
        votes.append(hv.Vote(XEN_CAPABILITIES, "xen"))
        ev.add("virt.hypervisor", XEN_CAPABILITIES, caps.strip() or "present (domU)")
    compatible = r.text(DT_HYPERVISOR)
    if compatible is not None and compatible.strip("\x00 \n"):
        votes.append(hv.Vote(DT_HYPERVISOR,
                             hv.device_tree_hypervisor(compatible)))
        ev.add("virt.hypervisor", DT_HYPERVISOR,
               compatible.replace("\x00", " ").strip())
    if r.text(DT_PARTITION) is not None and not any(
        v.source == DT_HYPERVISOR for v in votes
    ):
        votes.append(hv.Vote(DT_PARTITION, "powervm"))
        ev.add("virt.hypervisor", DT_PARTITION, "present")

    flag = cpu.hypervisor_flag
    dmi_sets: list[tuple[str, dict[str, str]]] = []
    dmi = _dmi(r)
    if dmi:
        dmi_sets.append((DMI_DIR, dmi))
    dmidecode = r.command_ok("dmidecode")
    if dmidecode is not None:
        parsed = parse_dmidecode(str(dmidecode.get("stdout", "")))
        if parsed:
            dmi_sets.append(("dmidecode", parsed))
    product = ""
    for source, fields in dmi_sets:
        shown = ", ".join(f"{k}={fields[k]}" for k in
                          ("sys_vendor", "product_name", "product_family", "bios_vendor")
                          if k in fields)
        said_dmi = hv.dmi_hypervisor(fields)
        vendor = fields.get("sys_vendor", "").lower()
        if said_dmi == "none" and "amazon" in vendor and flag is True:
            said_dmi = "kvm"  # an AWS *.metal name with the hypervisor flag is a guest
        if said_dmi is not None:
            votes.append(hv.Vote(source, said_dmi))
        elif fields.get("sys_vendor") or fields.get("product_name"):
            votes.append(hv.Vote(source, "none", strong=False))
        ev.add("virt.hypervisor", source, shown)
        cloud = hv.dmi_cloud(fields)
        clouds.append((source, cloud))
        ev.add("virt.cloud", source, shown)
        product = product or fields.get("product_name", "")
    if flag is True:
        votes.append(hv.Vote("cpuinfo hypervisor flag", "other", strong=False))
        ev.add("virt.hypervisor", CPUINFO, "hypervisor flag present")
    elif flag is False and host.arch in ("x86_64", "i686"):
        votes.append(hv.Vote("cpuinfo hypervisor flag", "none", strong=False))

    hypervisor_value, disagreement = hv.decide(votes)
    hypervisor: Maybe[str] = hypervisor_value if hypervisor_value is not None else UNKNOWN
    disagree: Maybe[bool] = disagreement if disagreement is not None else UNKNOWN
    sources = [v.line for v in votes]

    cloud_value: Maybe[str] = UNKNOWN
    if not clouds and sysinfo is not None:
        clouds.append((SYSINFO, "none"))  # IBM Z: no cloud DMI exists to read
    if clouds:
        named = [c for _, c in clouds if c != "none"]
        cloud_value = named[0] if named else "none"
    aws_metal: Maybe[bool] = UNKNOWN
    if cloud_value == "aws":
        if not product.endswith(".metal"):
            aws_metal = False
        elif isinstance(flag, bool):
            aws_metal = not flag
        ev.add("virt.aws_metal", "DMI product_name", product or "(none)")
        ev.add("virt.aws_metal", CPUINFO,
               "hypervisor flag " + ("present" if flag is True else
                                     "absent" if flag is False else "unknown"))
    elif isinstance(cloud_value, str):
        aws_metal = False

    is_vm: Maybe[bool] = UNKNOWN
    role = "unknown"
    if isinstance(hypervisor, str):
        is_vm = hypervisor not in ("none", "lpar")
        role = "L1" if is_vm else "L0"
        ev.add("virt.is_vm", "virt.hypervisor", hypervisor)
        ev.add("virt.role", "virt.hypervisor", hypervisor)
    if hypervisor == "other" and not any(v.strong for v in votes):
        # Only the CPUID flag (or an unrecognised DMI vendor) speaks: this is a VM, but
        # which hypervisor runs it is not known, and must not read as "not KVM".
        hypervisor = UNKNOWN

    s390_level: Maybe[str | None] = UNKNOWN
    if host.arch == "s390x" or (not isinstance(host.arch, str) and sysinfo is not None):
        if sysinfo is not None and sysinfo.level is not None:
            s390_level = sysinfo.level
    elif isinstance(host.arch, str):
        s390_level = None
    return VirtFacts(
        hypervisor=hypervisor,
        hypervisor_sources=sources,
        hypervisor_disagreement=disagree,
        cloud=cloud_value,
        aws_metal=aws_metal,
        is_vm=is_vm,
        role=role,
        s390_level=s390_level,
    )


# --------------------------------------------------------------------------- domains


def _dir_state(r: _Reader, directory: str) -> str:
    """ok | missing | unreadable | absent (never probed)."""
    record = r.bundle.dir_record(directory)
    if record is None:
        return "absent"
    status = str(record["status"])
    if status in ("ok", "missing"):
        return status
    return "unreadable"


def _read_domains(r: _Reader) -> tuple[dict[str, list[ParsedDomain]], dict[str, str]]:
    """Every domain XML in the bundle, parsed once, grouped by domain name."""
    found: dict[str, list[ParsedDomain]] = {}
    states: dict[str, str] = {}
    seen_dirs: set[str] = set()
    for directory in LIBVIRT_DIRS:
        states[directory] = _dir_state(r, directory)
        stored = r.bundle.dir_path(directory)
        entries = r.bundle.dir_entries(directory)
        if entries is None or stored in seen_dirs:
            continue
        seen_dirs.add(stored)
        for entry in sorted(entries):
            if not entry.endswith(".xml"):
                continue
            path = f"{directory}/{entry}"
            text = r.text(f"{stored}/{entry}")
            fallback = entry[: -len(".xml")]
            if text is None:
                parsed = ParsedDomain(source=path, live=False, name=fallback,
                                      problem=f"{path}: {r.why_not(f'{stored}/{entry}')}")
            else:
                parsed = parse_domain_xml(text, path, fallback)
            if directory != PERSISTENT_DOMAINS and parsed.problem is None and not parsed.live:
                # a plain <domain> under /run is still the running definition
                parsed = parsed._replace(live=True, state="running")
            found.setdefault(parsed.name or fallback, []).append(parsed)
    for name, record in sorted(r.bundle.data.get("commands", {}).items()):
        if not name.startswith(VIRSH_DUMPXML):
            continue
        fallback = name[len(VIRSH_DUMPXML):]
        if record.get("status") == "ok" and record.get("exit_code", 0) == 0:
            parsed = parse_domain_xml(str(record.get("stdout", "")), name, fallback)
            if parsed.live and parsed.state is None:
                parsed = parsed._replace(state="running")
        else:
            detail = str(record.get("stderr") or record.get("reason") or record.get("status"))
            parsed = ParsedDomain(source=name, live=False, name=fallback,
                                  problem=f"{name}: failed: {_clip(detail, 120)}")
        found.setdefault(parsed.name or fallback, []).append(parsed)
    return found, states


def _best(candidates: list[ParsedDomain]) -> ParsedDomain:
    good = [c for c in candidates if c.problem is None]
    live = [c for c in good if c.live]
    if live:
        return live[0]
    if good:
        return good[0]
    return candidates[0]


def _domain(
    r: _Reader, name: str, candidates: list[ParsedDomain], live_known: bool,
    host_flag: Maybe[str], host_arch: Maybe[str],
) -> DomainFacts:
    ev = r.ev
    best = _best(candidates)
    problems = [c.problem for c in candidates if c.problem]
    problem = "; ".join(p for p in problems if p) or None
    for p in problems:
        ev.add("domain.parse_problem", p.split(": ", 1)[0], p.split(": ", 1)[-1], name)
    if best.problem is not None:
        ev.add("domain.xml_source", best.source, "could not be read", name)
        return DomainFacts(
            name=name, uuid=UNKNOWN, running=UNKNOWN, active=UNKNOWN, state=UNKNOWN,
            arch=UNKNOWN, type=UNKNOWN, cpu_mode=UNKNOWN, cpu_model=UNKNOWN,
            cpu_features=UNKNOWN, virt_flag=host_flag, exposes_virt=UNKNOWN,
            exposure_reason="the domain XML could not be read", xml_source=best.source,
            xml_live=False, hugepages=UNKNOWN, os_id=UNKNOWN, os_family=UNKNOWN,
            os_version=UNKNOWN, os_kind=UNKNOWN, os_label=UNKNOWN, title=UNKNOWN,
            description=UNKNOWN, parse_problem=problem,
        )
    src = best.source
    ev.add("domain.xml_source", src, f"<domain type='{best.type}'> <name>{best.name}</name>", name)
    state: Maybe[str]
    running: Maybe[bool]
    active: Maybe[bool]
    if best.live:
        state = best.state or "running"
        running = state == "running"
        active = True
        excerpt = f"<domstatus state='{best.state}'>" if src.startswith(LIVE_DOMAINS) \
            else f"<domain id='{best.dom_id}'>"
        ev.add("domain.running", src, excerpt, name)
    elif live_known:
        state, running, active = "shut off", False, False
        ev.add("domain.running", LIVE_DOMAINS[0], "no live status file", name)
    else:
        state, running, active = UNKNOWN, UNKNOWN, UNKNOWN
        ev.add("domain.running", LIVE_DOMAINS[0], "not readable: state unknown", name)
    flag_for_exposure = host_flag if isinstance(host_flag, str) else None
    arch_for_exposure = host_arch if isinstance(host_arch, str) else None
    exp = exposure(best, flag_for_exposure, arch_for_exposure)
    cpu_excerpt = best.cpu_excerpt()
    ev.add("domain.cpu_mode", src, cpu_excerpt, name)
    ev.add("domain.exposes_virt", src, cpu_excerpt, name)
    features = [f"{policy}:{feature}" for policy, feature in best.features]
    if best.hugepages:
        ev.add("domain.hugepages", src, "<memoryBacking><hugepages/>", name)
    os_id: Maybe[str] = UNKNOWN
    os_family: Maybe[str] = UNKNOWN
    os_version: Maybe[Version] = UNKNOWN
    os_kind: Maybe[str] = UNKNOWN
    os_label: Maybe[str] = UNKNOWN
    if best.os_id:
        guest = guest_os(best.os_id)
        os_id, os_kind, os_label = best.os_id, guest.kind, guest.label
        os_family = guest.family if guest.family is not None else UNKNOWN
        os_version = guest.version if guest.version is not None else UNKNOWN
        ev.add("domain.os_id", src, f'<libosinfo:os id="{best.os_id}"/>', name)
    return DomainFacts(
        name=name,
        uuid=best.uuid or UNKNOWN,
        running=running,
        active=active,
        state=state,
        arch=best.arch or UNKNOWN,
        type=best.type or UNKNOWN,
        cpu_mode=best.cpu_mode,
        cpu_model=best.cpu_model,
        cpu_features=features,
        virt_flag=host_flag,
        exposes_virt=exp.value if exp.value is not None else UNKNOWN,
        exposure_reason=exp.reason,
        xml_source=src,
        xml_live=best.live,
        hugepages=best.hugepages,
        os_id=os_id,
        os_family=os_family,
        os_version=os_version,
        os_kind=os_kind,
        os_label=os_label,
        title=best.title,
        description=best.description,
        parse_problem=problem,
    )


def _domains(
    r: _Reader, cpu: CpuFacts, host: HostInfo
) -> tuple[DomainsSummary, tuple[DomainFacts, ...]]:
    ev = r.ev
    found, states = _read_domains(r)
    for directory, state in states.items():
        ev.add("domains.readable", directory, state)
    persistent_ok = states[PERSISTENT_DOMAINS] in ("ok", "missing")
    live_states = [states[d] for d in LIVE_DOMAINS]
    live_ok = any(s == "ok" for s in live_states) or (
        all(s in ("ok", "missing", "absent") for s in live_states)
        and any(s != "absent" for s in live_states)
    )
    listing = r.command_ok("virsh list")
    virsh_ok = False
    if listing is not None and listing.get("exit_code", 0) == 0:
        wanted = [n.strip() for n in str(listing.get("stdout", "")).splitlines() if n.strip()]
        virsh_ok = all(
            (r.command_ok(VIRSH_DUMPXML + n) or {}).get("exit_code", 1) == 0 for n in wanted
        )
        ev.add("domains.readable", "virsh list", f"{len(wanted)} domains listed")
    complete = (persistent_ok and live_ok) or virsh_ok
    live_known = live_ok or virsh_ok

    vendor = cpu.vendor
    host_flag: Maybe[str] = UNKNOWN
    if isinstance(vendor, str):
        host_flag = {"intel": "vmx", "amd": "svm"}.get(vendor, "")
    domains = tuple(
        _domain(r, name, found[name], live_known, host_flag, host.arch)
        for name in sorted(found)
    )
    names = [d.name for d in domains]
    summary = DomainsSummary(
        count=len(domains) if complete else UNKNOWN,
        names=names if complete else UNKNOWN,
        running=[d.name for d in domains if d.running is True] if live_known else UNKNOWN,
        exposing=[d.name for d in domains if d.exposes_virt is True] if complete else UNKNOWN,
        hugepages=[d.name for d in domains if d.hugepages is True] if complete else UNKNOWN,
        readable=complete,
        problems=[d.name for d in domains if d.parse_problem],
    )
    return summary, domains


# --------------------------------------------------------------------------- entry


def build_facts(bundle: Bundle) -> HostFacts:
    """Turn a bundle's raw evidence into the fact model. Never raises on host content."""
    ev = _Evidence()
    r = _Reader(bundle, ev)
    cpu_text = r.text(CPUINFO)
    info = parse_cpuinfo(cpu_text) if cpu_text is not None else None
    container = _container(r)
    host = _host(r, info, container)
    cpu = _cpu(r, info, host.arch)
    os_facts = _os(r)
    kvm = _kvm(r, info, host)
    virt = _virt(r, cpu, host)
    summary, domains = _domains(r, cpu, host)
    problems = tuple(d.parse_problem for d in domains if d.parse_problem)
    return HostFacts(
        host=host,
        cpu=cpu,
        os=os_facts,
        kvm=kvm,
        virt=virt,
        domain_summary=summary,
        domains=domains,
        origin=bundle.origin,
        bundle_sha256=bundle.sha256,
        collected_at=bundle.collected_at,
        problems=problems,
        evidence_map=ev.frozen([d.name for d in domains]),
    )
