"""Parse modprobe.d configuration and apply it in modprobe's order.

Reads /etc/modprobe.d/*.conf, /run/modprobe.d/*.conf, /usr/local/lib/modprobe.d/*.conf,
/usr/lib/modprobe.d/*.conf and /lib/modprobe.d/*.conf. Sample:
    # enable nested virtualization at the next load
    options kvm_intel nested=1 enable_shadow_vmcs=1

Only `options` lines matter here; `install`, `blacklist`, `alias`, `softdep` and the like
are skipped. A line ending in a backslash continues on the next line. Module names are
compared with dashes as underscores (`kvm-intel` is `kvm_intel`), as modprobe does. The
parameters are split as the kernel splits them when modprobe hands them over (double quotes,
no escapes: `split_args` in cmdline.py), in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from nestaudit.facts.parsers.cmdline import split_args


class OptionAssignment(NamedTuple):
    """One `param=value` of an `options` line."""

    path: str
    line: int
    module: str
    param: str
    value: str
    text: str  # the whole logical line, continuations joined

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}"


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, text) for each logical line, backslash continuations joined."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []  # joined once at the line's end: linear however many pieces
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        line = raw.rstrip()
        if line.endswith("\\"):
            pending.append(line[:-1] + " ")
            continue
        out.append((start, "".join(pending) + line))
        pending = []
    if pending:
        out.append((start, "".join(pending)))
    return out


def parse_options(path: str, text: str) -> list[OptionAssignment]:
    """Every parameter assignment of the `options` lines of one modprobe.d file, in order."""
    out: list[OptionAssignment] = []
    for number, line in logical_lines(text):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        words = stripped.split(None, 2)
        if len(words) < 3 or words[0] != "options":
            continue
        module = words[1].replace("-", "_")
        # a bare boolean parameter name sets it to true, as the kernel reads it
        out.extend(
            OptionAssignment(
                path=path,
                line=number,
                module=module,
                param=arg.param.replace("-", "_"),
                value="1" if arg.value is None else arg.value,
                text=stripped,
            )
            for arg in split_args(words[2])
        )
    return out


def applied_files(listings: Iterable[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    """(file name, directory) of the *.conf files modprobe applies, in its order.

    `listings` gives each directory with its entries, in priority order: a file name seen
    in an earlier directory hides the same name in later ones; the remaining files are
    applied sorted by file name.
    """
    chosen: dict[str, str] = {}
    for directory, entries in listings:
        for name in entries:
            if name.endswith(".conf") and name not in chosen:
                chosen[name] = directory
    return [(name, chosen[name]) for name in sorted(chosen)]
