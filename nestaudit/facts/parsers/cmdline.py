"""Parse /proc/cmdline for module parameters given on the kernel command line.

Sample:
    BOOT_IMAGE=(hd0,gpt2)/vmlinuz-6.12.0-55.el10.x86_64 root=/dev/mapper/rhel-root ro
    kvm_intel.nested=1 kvm-amd.nested=0
"""

from __future__ import annotations

import shlex
from typing import NamedTuple


class CmdlineParam(NamedTuple):
    module: str  # dashes normalised to underscores, as modprobe does
    param: str
    value: str
    token: str


# Quotes and escapes (which shlex reads), and the ASCII white space str.split splits on but
# shlex does not: without any of them, the two split alike.
_SHELL_SPECIAL = ("'", '"', "\\", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


def parse_cmdline(text: str) -> list[CmdlineParam]:
    """Every `module.param=value` token, in order (a bare `module.param` has value "")."""
    if text.isascii() and not any(c in text for c in _SHELL_SPECIAL):
        tokens = text.split()  # what shlex.split gives here, forty times faster
    else:
        try:
            tokens = shlex.split(text)
        except ValueError:
            tokens = text.split()
    out: list[CmdlineParam] = []
    for token in tokens:
        if token == "--":
            break  # what follows is for init, not for the kernel
        key, _, value = token.partition("=")
        module, dot, param = key.partition(".")
        if not dot or not module or not param or "/" in module:
            continue
        out.append(
            CmdlineParam(
                module=module.replace("-", "_"),
                param=param.replace("-", "_"),
                value=value,
                token=token,
            )
        )
    return out
