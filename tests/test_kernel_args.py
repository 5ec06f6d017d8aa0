"""The command-line splitter against the kernel's own reading.

Each expectation is what `next_arg` and `parse_args` of the kernel do with the words (Linux,
lib/cmdline.c and kernel/params.c, read at torvalds/linux commit
0ea09083116de44f1a938482fb704bbfcc7ae6f4): only double quotes group, a leading quote and a
value's opening quote are dropped with a closing quote at the word's end, no backslash
escapes, no single quotes, `=` in the first character does not end the parameter, a bare
`--` ends the kernel's part, a NUL ends the string. These are the cases where a shell's
rules (shlex, used before) read something else.
"""

from __future__ import annotations

import pytest

from nestaudit.facts.parsers.cmdline import parse_cmdline, split_args
from nestaudit.facts.parsers.modprobe import parse_options

CASES = [
    # (text, [(param, value), ...])
    ("a=1 b", [("a", "1"), ("b", None)]),
    ("  \t a=1\n\n", [("a", "1")]),
    ('a="x y" b', [("a", "x y"), ("b", None)]),
    ('"a=x y" b', [("a", "x y"), ("b", None)]),  # the whole word quoted
    ('"quoted word"', [("quoted word", None)]),
    ('a=x"y z"w', [("a", 'x"y z"w')]),  # quotes inside a value stay
    ('a="x"y', [("a", 'x"y')]),  # the opening quote goes, a quote that is not last stays
    ('a=x"', [("a", 'x"')]),  # a closing quote without an opening one stays
    ('a="', [("a", "")]),
    ('a=""', [("a", "")]),
    ('""', [("", None)]),
    ('"', [("", None)]),
    ('a="x y', [("a", "x y")]),  # an unclosed quote runs to the end
    ("a='x y'", [("a", "'x"), ("y'", None)]),  # single quotes are ordinary characters
    ("a=x\\ y", [("a", "x\\"), ("y", None)]),  # a backslash escapes nothing
    ('a="x\\" y"', [("a", 'x\\'), ('y"', None)]),  # ... not even a quote
    ("=a", [("=a", None)]),  # `=` as the first character is part of the name
    ("=a=b", [("=a", "b")]),
    ("a==b", [("a", "=b")]),
    ('"a"=b', [('a"', "b")]),  # a quoted name keeps its closing quote before `=`
    ("a=1\0b=2", [("a", "1")]),  # the kernel's string ends at a NUL
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_words_as_the_kernel_reads_them(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(a.param, a.value) for a in split_args(text)] == expected


def test_the_word_as_written_is_kept_for_the_evidence() -> None:
    words = [a.word for a in split_args(' kvm_intel.nested="1"  x ')]
    assert words == ['kvm_intel.nested="1"', "x"]


def test_a_bare_double_dash_ends_the_kernel_part_quoted_or_not() -> None:
    text = 'kvm_intel.nested=1 "--" kvm_amd.nested=1'
    assert [(p.module, p.value) for p in parse_cmdline(text)] == [("kvm_intel", "1")]
    # `--=x` has a value: it is a parameter, not the end
    text = "--=x kvm_amd.nested=0 -- kvm.nested=1"
    assert [(p.module, p.value) for p in parse_cmdline(text)] == [("kvm_amd", "0")]


def test_module_parameters_quoted_on_the_command_line() -> None:
    text = 'BOOT_IMAGE=/vmlinuz "kvm-intel.nested=1" kvm_amd.nested="0" kvm.x=\'1\''
    assert [(p.module, p.param, p.value) for p in parse_cmdline(text)] == [
        ("kvm_intel", "nested", "1"),
        ("kvm_amd", "nested", "0"),
        ("kvm", "x", "'1'"),
    ]


def test_modprobe_options_are_split_by_the_same_rules() -> None:
    text = 'options kvm_intel nested="1" "ept=0" name="a b" flag s=\'q\'\n'
    got = [(a.param, a.value) for a in parse_options("/f.conf", text)]
    assert got == [("nested", "1"), ("ept", "0"), ("name", "a b"), ("flag", "1"), ("s", "'q'")]


def test_a_megabyte_word_is_one_word() -> None:
    """Linear: shlex took over a minute on a 3 MB word (the hostile case in
    test_hostile_limits.py runs it through the CLI)."""
    word = "kvm_intel.nested=" + '"' + "x " * 1_500_000 + '"'
    args = split_args(word + " ro")
    assert len(args) == 2 and args[0].value == "x " * 1_500_000 and args[1].param == "ro"
