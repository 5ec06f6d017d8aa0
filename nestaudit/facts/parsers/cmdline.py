"""Parse /proc/cmdline for module parameters given on the kernel command line.

Sample:
    BOOT_IMAGE=(hd0,gpt2)/vmlinuz-6.12.0-55.el10.x86_64 root=/dev/mapper/rhel-root ro
    kvm_intel.nested=1 kvm-amd.nested=0

Words are split by the kernel's own rules (`next_arg` in the kernel's lib/cmdline.c), which
the kernel also applies to the options modprobe passes when it loads a module: spaces
separate words, double quotes group spaces into one and are dropped around a value, there
are no single quotes and no backslash escapes. One pass over the text, so a hostile
megabyte-long word costs what reading it costs (shlex, which follows a shell's rules, was
quadratic on it).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# the kernel's isspace() on ASCII (its table also counts the Latin-1 byte 0xA0, which a
# command line decoded as UTF-8 cannot hold as one character: not followed)
_SPACE = " \t\n\v\f\r"
# one word: characters that are neither space nor quote, or a quoted run (to the closing
# quote, or to the end of the text when it is never closed); each alternative starts with
# a different character, so matching never backtracks
_WORD = re.compile(rf'(?:[^{_SPACE}"]|"[^"]*"?)+')


class KernelArg(NamedTuple):
    """One word of a kernel or module command line, as the kernel reads it."""

    param: str
    value: str | None  # None without `=`
    word: str  # the word as written, quotes and all


class CmdlineParam(NamedTuple):
    module: str  # dashes normalised to underscores, as modprobe does
    param: str
    value: str
    token: str


def _arg(word: str) -> KernelArg:
    """`word` as next_arg reads it: a leading quote is dropped, the parameter ends at the
    first `=` after the first character, a value's opening quote is dropped, and a closing
    quote at the word's end is cut when the word or its value opened with one."""
    quoted = word.startswith('"')
    body = word[1:] if quoted else word
    end = len(body)
    equals = body.find("=", 1)
    value_start = end if equals < 0 else equals + 1
    param_end = end if equals < 0 else equals
    cut = end  # next_arg ends a string at most once, at the word's last character
    if value_start < end and body[value_start] == '"':
        value_start += 1
        if body.endswith('"'):
            cut = end - 1
    if quoted and body.endswith('"'):
        cut = end - 1
    param = body[: min(param_end, cut)]
    if equals < 0:
        return KernelArg(param, None, word)
    value = body[value_start:cut] if value_start <= cut else ""
    return KernelArg(param, value, word)


def split_args(text: str) -> list[KernelArg]:
    """Every word of `text`, in order, up to a NUL (where the kernel's string ends)."""
    text = text.split("\0", 1)[0]
    return [_arg(match.group()) for match in _WORD.finditer(text)]


def parse_cmdline(text: str) -> list[CmdlineParam]:
    """Every `module.param=value` word, in order (a bare `module.param` has value "")."""
    out: list[CmdlineParam] = []
    for arg in split_args(text):
        if arg.param == "--" and arg.value is None:
            break  # what follows is for init, not for the kernel (parse_args stops here)
        module, dot, param = arg.param.partition(".")
        if not dot or not module or not param or "/" in module:
            continue
        out.append(
            CmdlineParam(
                module=module.replace("-", "_"),
                param=param.replace("-", "_"),
                value=arg.value or "",
                token=arg.word,
            )
        )
    return out
