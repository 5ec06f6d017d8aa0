"""The terminal sanitizer: every control shown escaped, nothing emitted, nothing lost."""

from __future__ import annotations

import json

import pytest

from nestaudit.terminal import safe, safe_json, safe_line

# Sequences a hostile host can plant in a domain name, a DMI string or a file.
HOSTILE = {
    "clear screen": "\x1b[2J\x1b[H",
    "retitle (OSC, BEL)": "\x1b]0;owned\x07",
    "retitle (OSC, ST)": "\x1b]2;owned\x1b\\",
    "one-byte CSI": "\x9b2J",
    "bell": "\x07",
    "backspace over text": "abc\x08\x08\x08xyz",
    "carriage return": "safe\rEVIL",
    "bidi override": "vm\u202egnp.exe",
    "bidi isolate": "vm\u2066x\u2069",
    "zero-width space": "vm\u200bname",
    "line separator": "a\u2028b",
    "DEL": "a\x7fb",
    "NUL": "a\x00b",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_no_control_survives(text: str) -> None:
    shown = safe(text)
    assert all(ch in "\t\n" or (ch.isprintable() and ch not in "\u2028") for ch in shown)
    assert "\\x" in shown or "\\u" in shown  # the reader sees something was there


def test_escapes_are_readable_and_lossless() -> None:
    assert safe("\x1b[2J") == "\\x1b[2J"
    assert safe("vm\u202eexe") == "vm\\u202eexe"
    assert safe("\x9b") == "\\x9b"


def test_ordinary_text_is_unchanged() -> None:
    text = "Domain 'wébserver-01' (Ünïcode, 日本語, C:\\VMs\\a)\n\tindented"
    assert safe(text) == text


def test_a_line_field_escapes_newlines_and_tabs() -> None:
    assert safe_line("app01\n[PASS] forged line\tx") == "app01\\x0a[PASS] forged line\\x09x"


def test_json_stays_valid_and_equal() -> None:
    value = {"name": "vm\u202e\x1b]0;x\x07\x85", "n": [1, "\u2066"]}
    shown = safe_json(value)
    assert json.loads(shown) == value
    assert all(ch in "\n" or ch.isprintable() for ch in shown)
