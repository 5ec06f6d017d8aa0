"""Whether a running domain has run its own VMs: KVM's per-VM `nested_run` statistic
(verdicts.md, "Domain roles").

KVM keeps, in debugfs, one folder per VM named `<pid>-<fd>` after the process holding the
VM: for a libvirt domain, its QEMU process, whose pid the live status XML records
(`<domstatus state='running' pid='4201'>`). `nested_run` there is the sum over the VM's
vCPUs of their entries into a nested guest, so above 0 the domain has hosted VMs:

    /sys/kernel/debug/kvm/4201-12/nested_run     ->  1734
"""

from __future__ import annotations

from nestaudit.collect.spec import DEBUGFS_KVM
from nestaudit.facts.evidence import EvidenceLog
from nestaudit.facts.model import Maybe
from nestaudit.facts.reader import Reader
from nestaudit.values import UNKNOWN


class VmStats:
    """The `nested_run` of every VM folder the bundle has, read once per bundle."""

    def __init__(self, r: Reader) -> None:
        entries = r.bundle.dir_entries(DEBUGFS_KVM)
        self.readable = entries is not None
        self.why_not = "" if self.readable else r.why_not_dir(DEBUGFS_KVM)
        self.by_pid: dict[int, list[tuple[str, int | None]]] = {}
        for folder in entries or []:
            pid, _, fd = folder.partition("-")
            if not (pid.isdigit() and fd.isdigit()):
                continue
            path = f"{DEBUGFS_KVM}/{folder}/nested_run"
            text = r.text(path)
            value = int(text.strip()) if text is not None and text.strip().isdigit() else None
            self.by_pid.setdefault(int(pid), []).append((path, value))

    def nested_runs(
        self, ev: EvidenceLog, name: str, pid: Maybe[int | None]
    ) -> Maybe[int | None]:
        """The domain's nested entries: None without a QEMU process (or none KVM knows),
        UNKNOWN when the statistics or the pid could not be read."""
        if pid is None:
            return None
        if not self.readable or pid is UNKNOWN:
            ev.add("domain.nested_runs", DEBUGFS_KVM, self.why_not or "pid unknown", name)
            return UNKNOWN
        assert isinstance(pid, int)
        found = self.by_pid.get(pid)
        if not found:
            ev.add("domain.nested_runs", DEBUGFS_KVM, f"no VM folder of pid {pid}", name)
            return None
        if any(value is None for _, value in found):
            for path, value in found:
                ev.add("domain.nested_runs", path, "unreadable" if value is None else str(value),
                       name)
            return UNKNOWN
        for path, value in found:
            ev.add("domain.nested_runs", path, str(value), name)
        return sum(value or 0 for _, value in found)
