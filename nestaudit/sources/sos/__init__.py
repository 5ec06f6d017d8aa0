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

`recognise` tells a sosreport and finds its top folder, `manifest` which plugins ran and
what they copy, `commands` the command outputs, `devices` the /dev listing, and `assemble`
puts the bundle together.
"""

from __future__ import annotations

from nestaudit.sources.sos.assemble import bundle_from_sos, parse_uname
from nestaudit.sources.sos.commands import command_name, mangle, sos_commands
from nestaudit.sources.sos.devices import dev_stat
from nestaudit.sources.sos.manifest import plugins_run
from nestaudit.sources.sos.recognise import is_sosreport

__all__ = [
    "bundle_from_sos",
    "command_name",
    "dev_stat",
    "is_sosreport",
    "mangle",
    "parse_uname",
    "plugins_run",
    "sos_commands",
]
