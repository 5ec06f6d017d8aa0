"""KVM facts (`kvm.*`): the loaded modules, /dev/kvm, the running `nested` (and s390x
`hpage`), and their values at the next module load as modprobe.d and the kernel command
line set them."""

from __future__ import annotations

from typing import NamedTuple

from nestaudit.collect.spec import (
    CMDLINE,
    DEV_KVM,
    KVM_CONF,
    MODPROBE_DIRS,
    MODULES,
    module_parameters,
)
from nestaudit.facts.evidence import EvidenceLog
from nestaudit.facts.factspec import FactSpec
from nestaudit.facts.model import HostInfo, KvmFacts, Maybe
from nestaudit.facts.parsers.cmdline import parse_cmdline
from nestaudit.facts.parsers.cpuinfo import CpuInfo
from nestaudit.facts.parsers.modprobe import OptionAssignment, applied_files, parse_options
from nestaudit.facts.parsers.modules import kvm_modules, parse_modules
from nestaudit.facts.parsers.params import parse_bool
from nestaudit.facts.reader import Reader
from nestaudit.values import UNKNOWN, Version

# This group's entries in the fact registry, in the order docs/facts.md lists them.
SPECS: tuple[FactSpec, ...] = (
    FactSpec("kvm.modules_loaded", "list[str]", "host", "/proc/modules",
             "/proc/modules unreadable",
             "KVM-related modules loaded (kvm, kvm_intel, kvm_amd, ...)."),
    FactSpec("kvm.module", "str | None", "host", "cpu.vendor, host.arch (else /proc/modules)",
             "the CPU vendor and architecture are unknown",
             "Module that carries `nested`: kvm_intel, kvm_amd, or kvm on s390x; None where KVM "
             "has no such module (aarch64: built in)."),
    FactSpec("kvm.module_loaded", "bool", "host",
             "/proc/modules, /sys/module/<module>/parameters listing",
             "kvm.module unknown or None, or /proc/modules unreadable and no parameters directory",
             "kvm.module is loaded (or built in)."),
    FactSpec("kvm.kvm_loaded", "bool", "host",
             "/proc/modules, /sys/module/kvm/parameters; /dev/kvm on aarch64", "neither readable",
             "Core kvm module loaded; on aarch64 (built in) whether /dev/kvm exists."),
    FactSpec("kvm.dev_kvm", "bool", "host", "stat of /dev/kvm",
             "not collected, or stat denied/failed",
             "/dev/kvm exists as a character device (in a root collection a regular file stands "
             "in for it: archives cannot hold device nodes). A missing /dev/kvm is False."),
    FactSpec("kvm.nested", "bool", "host", "/sys/module/<kvm.module>/parameters/nested",
             "the module is not loaded or the file is unreadable (not loaded is not 'disabled')",
             "Nested virtualization enabled in the running module (Y/1 true, N/0 false)."),
    FactSpec("kvm.hpage", "bool", "host", "/sys/module/kvm/parameters/hpage (s390x)",
             "not s390x, module not loaded, or file unreadable", "s390x kvm runtime hpage."),
    FactSpec("kvm.nested_persistent", "bool", "host",
             "/etc/modprobe.d, /run/modprobe.d, /usr/local/lib/modprobe.d, /usr/lib/modprobe.d, "
             "/lib/modprobe.d (*.conf), /proc/cmdline, kernel default",
             "kvm.module unknown or None; a modprobe directory or file unreadable (unless the "
             "command line decides); the winning value is not a boolean; no assignment and the "
             "default unknown, or some directory not in the input (a sosreport copies only "
             "some of them): an assignment in the files seen is taken, its source saying "
             "which directories were not seen",
             "`nested` at the next module load as modprobe applies it: a file name in an earlier "
             "directory hides the same name later, the files apply sorted by name, the last "
             "assignment wins, then the kernel command line overrides; no assignment means the "
             "kernel default. A missing /proc/cmdline counts as no override (noted in the "
             "evidence)."),
    FactSpec("kvm.nested_persistent_source", "str", "host", "as kvm.nested_persistent",
             "as kvm.nested_persistent",
             "Where the persistent value comes from: 'file:line', 'kernel command line' or "
             "'kernel default'; 'file:line (judged from the files seen; ...)' names the "
             "modprobe directories the input lacks."),
    FactSpec("kvm.nested_persistent_explicit", "bool", "host", "as kvm.nested_persistent",
             "kvm.module unknown or None; no assignment found and some configuration unreadable",
             "Whether any assignment exists (False: the kernel default applies)."),
    FactSpec("kvm.nested_default", "bool", "host", "kvm.module, host.kernel_version",
             "kvm.module unknown or None; kvm_intel with an unknown kernel version",
             "Kernel default of `nested`: kvm_intel on since Linux 4.20 (off before), kvm_amd "
             "on, s390 kvm off."),
    FactSpec("kvm.nested_assignments", "list[str]", "host", "as kvm.nested_persistent",
             "kvm.module unknown or None",
             "Every `nested` assignment in applied order ('/etc/modprobe.d/kvm.conf:3: "
             "nested=1', 'kernel command line: kvm_intel.nested=1')."),
    FactSpec("kvm.nested_conflict", "bool", "host", "as kvm.nested_persistent",
             "kvm.module unknown or None", "The assignments disagree."),
    FactSpec("kvm.nested_overridden_by", "str | None", "host", "as kvm.nested_persistent",
             "the persistent value is unknown",
             "When /etc/modprobe.d/kvm.conf assigns nested but another place wins with a "
             "different value: that place; else None."),
    FactSpec("kvm.conf_nested_line", "int | None", "host", "/etc/modprobe.d/kvm.conf",
             "kvm.module unknown or None; /etc/modprobe.d or kvm.conf not collected or unreadable",
             "The number of the last line of /etc/modprobe.d/kvm.conf that assigns kvm.module's "
             "nested (where a fix replaces it); None when the file has no such line."),
    FactSpec("kvm.conf_nested_text", "str | None", "host", "/etc/modprobe.d/kvm.conf",
             "as kvm.conf_nested_line", "The text of that line, as the file has it."),
    FactSpec("kvm.hpage_persistent", "bool", "host",
             "modprobe.d files and /proc/cmdline as for nested",
             "not s390x, or configuration unreadable",
             "s390x kvm `hpage` at the next load (default off)."),
    FactSpec("kvm.modprobe_readable", "bool", "host", "modprobe.d directory listings and files",
             "a directory was never collected (and none was unreadable)",
             "Every modprobe directory could be listed and every *.conf read (a missing "
             "directory is fine)."),
)

# derived fact -> the facts whose evidence it shares (first one present wins)
EVIDENCE_FROM: dict[str, tuple[str, ...]] = {
    "kvm.nested_persistent_source": ("kvm.nested_persistent",),
    "kvm.nested_persistent_explicit": ("kvm.nested_persistent",),
    "kvm.nested_assignments": ("kvm.nested_persistent",),
    "kvm.nested_conflict": ("kvm.nested_persistent",),
    "kvm.nested_overridden_by": ("kvm.nested_persistent",),
    "kvm.hpage_persistent": ("kvm.nested_persistent",),
    "kvm.conf_nested_line": ("kvm.nested_persistent",),
    "kvm.conf_nested_text": ("kvm.nested_persistent",),
}

_NESTED_ON_SINCE = Version((4, 20))
_KERNEL_CMDLINE = "kernel command line"  # the place of an assignment given at boot
_KERNEL_DEFAULT = "kernel default"


def read(r: Reader, info: CpuInfo | None, host: HostInfo) -> KvmFacts:
    """The KVM facts; `info` (the parsed /proc/cpuinfo) and the host's architecture say
    which module carries `nested`."""
    ev = r.ev
    arch = host.arch
    names, kvm_mods = _loaded_modules(r)
    dev_kvm = _dev_kvm(r, host.source)
    module = _nested_module(r, info, arch, names)
    if isinstance(module, str):
        vendor = info.vendor if info is not None and info.vendor else "the"
        where = arch if isinstance(arch, str) else "an unknown architecture"
        ev.add("kvm.module", "CPU vendor and architecture",
               f"{vendor} CPU on {where}: module {module}")
    module_loaded = _loaded(r, names, module, "kvm.module_loaded") if isinstance(
        module, str) else UNKNOWN
    if arch == "aarch64":
        kvm_loaded: Maybe[bool] = dev_kvm
        ev.add("kvm.kvm_loaded", DEV_KVM, "aarch64: KVM is built in; /dev/kvm tells")
    else:
        kvm_loaded = _loaded(r, names, "kvm", "kvm.kvm_loaded")
    nested = _running(r, module, "nested", "kvm.nested")
    hpage = _running(r, "kvm", "hpage", "kvm.hpage") if arch == "s390x" else UNKNOWN
    modprobe = _Modprobe(r, host.source)
    for directory, note in modprobe.notes:
        ev.add("kvm.modprobe_readable", directory, note)
    pers = _nested_persistent(ev, modprobe, module, host.kernel_version)
    own_line, own_text = modprobe.kvm_conf_line(module, "nested")
    hpage_pers: Maybe[bool] = UNKNOWN
    if arch == "s390x":
        hpage_pers = modprobe.resolve(ev, "kvm.hpage_persistent", "kvm", "hpage", False,
                                      "s390 kvm: hpage defaults to off").value
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
        conf_nested_line=own_line,
        conf_nested_text=own_text,
    )


# --------------------------------------------------------------------------- running


def _loaded_modules(r: Reader) -> tuple[list[str] | None, Maybe[list[str]]]:
    """(every loaded module, the KVM ones) from /proc/modules; (None, UNKNOWN) unread."""
    text = r.text(MODULES)
    if text is None:
        r.ev.add("kvm.modules_loaded", MODULES, r.why_not(MODULES))
        return None, UNKNOWN
    names = parse_modules(text)
    kvm_mods = kvm_modules(names)
    for line in text.splitlines():
        parts = line.split(None, 1)
        if parts and parts[0] in kvm_mods:
            r.ev.add("kvm.modules_loaded", MODULES, line)
    if not kvm_mods:
        r.ev.add("kvm.modules_loaded", MODULES, "no kvm module listed")
    return names, kvm_mods


def _dev_kvm(r: Reader, source: str) -> Maybe[bool]:
    """/dev/kvm from its stat record (never opened); `source` is how the bundle was made."""
    stat = r.bundle.stat(DEV_KVM)
    if stat is None:
        return UNKNOWN
    status = stat.get("status")
    if status == "missing":
        r.ev.add("kvm.dev_kvm", DEV_KVM, "does not exist")
        return False
    if status != "ok":
        r.ev.add("kvm.dev_kvm", DEV_KVM, f"{status}: {stat.get('reason', '')}")
        return UNKNOWN
    kind = stat.get("type")
    if kind == "char":
        r.ev.add("kvm.dev_kvm", DEV_KVM, f"character device, mode {stat.get('mode')}")
        return True
    if kind == "file" and source != "live":
        r.ev.add("kvm.dev_kvm", DEV_KVM,
                 "regular file standing in for the device node (root collection)")
        return True
    r.ev.add("kvm.dev_kvm", DEV_KVM, f"exists but is a {kind}, not a device")
    return False


def _nested_module(
    r: Reader, info: CpuInfo | None, arch: Maybe[str], names: list[str] | None
) -> Maybe[str | None]:
    """The module that carries `nested`; None where KVM has no such module."""
    if arch == "s390x":
        return "kvm"
    if info is not None and info.vendor == "intel":
        return "kvm_intel"
    if info is not None and info.vendor == "amd":
        return "kvm_amd"
    if isinstance(arch, str) and arch not in ("x86_64", "i686"):
        return None
    if info is not None:
        return None  # an x86 CPU of another vendor
    # no cpuinfo: a loaded vendor module still names itself
    for candidate in ("kvm_intel", "kvm_amd"):
        listed = names is not None and candidate in names
        if listed or r.bundle.dir_entries(module_parameters(candidate)) is not None:
            return candidate
    return UNKNOWN


def _loaded(r: Reader, names: list[str] | None, module: str, fact: str) -> Maybe[bool]:
    """Whether `module` is loaded (or built in: its parameters directory exists)."""
    params = module_parameters(module)
    if names is not None and module in names:
        r.ev.add(fact, MODULES, f"{module} listed")
        return True
    if r.bundle.dir_entries(params) is not None:
        r.ev.add(fact, params, "directory present (module loaded or built in)")
        return True
    if names is not None:
        r.ev.add(fact, MODULES, f"{module} not listed")
        return False
    return UNKNOWN


def _running(r: Reader, module: Maybe[str | None], param: str, fact: str) -> Maybe[bool]:
    """A boolean parameter of the running module, from its file under /sys/module."""
    if not isinstance(module, str):
        return UNKNOWN
    directory = module_parameters(module)
    path = f"{r.bundle.dir_path(directory)}/{param}"
    text = r.text(path)
    shown = f"{directory}/{param}"
    if text is None:
        r.ev.add(fact, shown, r.why_not(path))
        return UNKNOWN
    r.ev.add(fact, shown, text.strip())
    value = parse_bool(text)
    return UNKNOWN if value is None else value


# --------------------------------------------------------------------------- persistent


class _Persistent(NamedTuple):
    value: Maybe[bool]
    source: Maybe[str]
    explicit: Maybe[bool]
    default: Maybe[bool]
    assignments: Maybe[list[str]]
    conflict: Maybe[bool]
    overridden_by: Maybe[str | None]


_UNKNOWN_PERSISTENT = _Persistent(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN)


class _Assignment(NamedTuple):
    """One assignment of a parameter, in modprobe.d or on the kernel command line."""

    place: str  # "file:line" or the kernel command line
    value: str
    shown: str
    text: str  # the whole line (or command-line token) it was read from


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


def _nested_persistent(
    ev: EvidenceLog, modprobe: _Modprobe, module: Maybe[str | None], kernel: Maybe[Version]
) -> _Persistent:
    if not isinstance(module, str):
        return _UNKNOWN_PERSISTENT
    default, note = _nested_default(module, kernel)
    ev.add("kvm.nested_default", _KERNEL_DEFAULT, note)
    return modprobe.resolve(ev, "kvm.nested_persistent", module, "nested", default, note)


class _Modprobe:
    """modprobe.d as modprobe applies it, plus the kernel command line (read once)."""

    def __init__(self, r: Reader, source: str) -> None:
        self.readable: Maybe[bool] = True
        self.notes: list[tuple[str, str]] = []
        self.unread: set[str] = set()  # directories and files that could not be read
        self.unseen: list[str] = []  # directories the input lacks (a sosreport copies few)
        self.source = source
        self.options: list[OptionAssignment] = []
        for name, directory in applied_files(self._listings(r)):
            self._read(r, directory, name)
        cmdline = r.text(CMDLINE)
        self.cmdline_read = cmdline is not None
        self.cmdline = parse_cmdline(cmdline) if cmdline is not None else []
        self.cmdline_note = "read" if cmdline is not None else r.why_not(CMDLINE)

    def _listings(self, r: Reader) -> list[tuple[str, list[str]]]:
        """Each modprobe directory that could be listed, with its entries, in modprobe's
        order; a note on every directory."""
        listings: list[tuple[str, list[str]]] = []
        for directory in MODPROBE_DIRS:
            record = r.bundle.dir_record(directory)
            if record is None:
                if self.readable is True:
                    self.readable = UNKNOWN
                self.unread.add(directory)
                self.unseen.append(directory)
                self.notes.append((directory, self._lacked()))
                continue
            status = record["status"]
            if status == "missing":
                self.notes.append((directory, "no such directory"))
                continue
            entries = r.bundle.dir_entries(directory)
            if entries is None:
                self.readable = False
                self.unread.add(directory)
                self.notes.append((directory, f"{status}: {record.get('reason', '')}".strip()))
                continue
            self.notes.append((directory, f"{len(entries)} entries"))
            listings.append((directory, entries))
        return listings

    def _lacked(self) -> str:
        if self.source == "sosreport":
            return "not in the sosreport (the sos version that made it does not copy it)"
        return "not collected"

    def caveat(self) -> str:
        """What a value judged from the files seen leaves open: the directories unseen."""
        where = "the sosreport lacks" if self.source == "sosreport" else "not collected:"
        return (f"judged from the files seen; {where} {', '.join(self.unseen)}, where a file "
                "read later could set nested otherwise")

    def _read(self, r: Reader, directory: str, name: str) -> None:
        shown = f"{directory}/{name}"
        stored = f"{r.bundle.dir_path(directory)}/{name}"
        text = r.text(stored)
        if text is None:
            self.readable = False
            self.unread.add(shown)
            self.notes.append((shown, r.why_not(stored)))
            return
        self.options.extend(parse_options(shown, text))

    def kvm_conf_line(
        self, module: Maybe[str | None], param: str
    ) -> tuple[Maybe[int | None], Maybe[str | None]]:
        """(number, text) of the last line of /etc/modprobe.d/kvm.conf assigning `module`'s
        `param`; (None, None) when it has none, UNKNOWN when it could not be read."""
        if not isinstance(module, str) or self.unread & {KVM_CONF, KVM_CONF.rsplit("/", 1)[0]}:
            return UNKNOWN, UNKNOWN
        own = [o for o in self.options
               if o.path == KVM_CONF and o.module == module and o.param == param]
        return (own[-1].line, own[-1].text) if own else (None, None)

    def resolve(
        self, ev: EvidenceLog, fact: str, module: str, param: str, default: Maybe[bool],
        default_note: str,
    ) -> _Persistent:
        """`module`'s `param` at its next load: the last assignment wins (the kernel command
        line last of all); without one, the kernel default."""
        assignments = self._assignments(module, param)
        for a in assignments:
            ev.add(fact, CMDLINE if a.place == _KERNEL_CMDLINE else a.place, a.text)
        if not self.cmdline_read:
            ev.add(fact, CMDLINE, f"not read ({self.cmdline_note}): a boot-time override "
                                  "could not be checked")
        if assignments:
            return self._assigned(ev, fact, param, default, assignments)
        if self.readable is not True:
            for directory, note in self.notes:
                ev.add(fact, directory, note)
            return _Persistent(UNKNOWN, UNKNOWN, UNKNOWN, default, UNKNOWN, UNKNOWN, UNKNOWN)
        ev.add(fact, _KERNEL_DEFAULT, default_note)
        return _Persistent(default, _KERNEL_DEFAULT, False, default, [], False, None)

    def _assignments(self, module: str, param: str) -> list[_Assignment]:
        """Every assignment of `module`'s `param`, in the order modprobe applies them."""
        found = [
            _Assignment(opt.place, opt.value, f"{opt.place}: {param}={opt.value}", opt.text)
            for opt in self.options
            if opt.module == module and opt.param == param
        ]
        found.extend(
            _Assignment(_KERNEL_CMDLINE, item.value or "1", f"{_KERNEL_CMDLINE}: {item.token}",
                        item.token)
            for item in self.cmdline
            if item.module == module and item.param == param
        )
        return found

    def _assigned(
        self, ev: EvidenceLog, fact: str, param: str, default: Maybe[bool],
        assignments: list[_Assignment],
    ) -> _Persistent:
        values = [parse_bool(a.value) for a in assignments]
        seen_conflict = len({v for v in values if v is not None}) > 1
        # unread configuration may hide a disagreement, never undo one seen
        conflict: Maybe[bool] = True if seen_conflict else (
            False if self.readable is True else UNKNOWN)
        winner = assignments[-1]
        value: Maybe[bool] = UNKNOWN
        certain = winner.place == _KERNEL_CMDLINE or self.readable is True
        # Directories the input lacks (rather than could not read) leave the value the
        # files seen give, said with a caveat: a sosreport copies /etc/modprobe.d only.
        partial = not certain and self.readable is UNKNOWN and bool(self.unseen)
        if values[-1] is not None and (certain or partial):
            value = values[-1]
        elif values[-1] is None:
            ev.add(fact, winner.place, f"{param}={winner.value} is not a valid boolean")
        place: Maybe[str] = winner.place if certain else UNKNOWN
        if partial and isinstance(value, bool):
            place = f"{winner.place} ({self.caveat()})"
            ev.add(fact, winner.place, self.caveat())
        return _Persistent(
            value=value,
            source=place,
            explicit=True,
            default=default,
            assignments=[a.shown for a in assignments],
            conflict=conflict,
            overridden_by=_overridden_by(assignments, values, value),
        )


def _overridden_by(
    assignments: list[_Assignment], values: list[bool | None], value: Maybe[bool]
) -> Maybe[str | None]:
    """The place that wins over /etc/modprobe.d/kvm.conf with another value; None when
    kvm.conf's own value holds (or it assigns nothing), UNKNOWN when the value is unknown."""
    if not isinstance(value, bool):
        return UNKNOWN
    winner = assignments[-1].place
    own = [v for a, v in zip(assignments, values) if a.place.startswith(KVM_CONF + ":")]
    if own and not winner.startswith(KVM_CONF + ":") and own[-1] is not None \
            and own[-1] != value:
        return winner
    return None
