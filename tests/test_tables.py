"""Placement in the chapter's support tables (section 21.2; verdicts.md readings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nestaudit.errors import RuleError
from nestaudit.judge.tables import load_matrix, place
from nestaudit.values import OS, Version


def rhel(v: str) -> OS:
    return OS("rhel", Version.parse(v), label=f"RHEL {v}")


def win(kind: str, v: str) -> OS:
    return OS("windows", Version.parse(v), kind, f"Windows {kind} {v}")


UNKNOWN_OS = OS(None)

CASES = [
    # (arch, levels, use, expected class, expected rows, why)
    (
        "x86_64",
        [rhel("10.0")],
        None,
        "technology-preview",
        None,
        "verdicts.md Support class 4: a RHEL 10 Intel L0 alone is technology-preview",
    ),
    ("x86_64", [rhel("10")], None, "technology-preview", None, "'10' means 10.0"),
    (
        "x86_64",
        [rhel("10.0"), rhel("9.6")],
        None,
        "technology-preview",
        ("TP10-1",),
        "21.2 TP table row 1",
    ),
    (
        "x86_64",
        [rhel("10.0"), rhel("9.10")],
        None,
        "technology-preview",
        ("TP10-1",),
        "9.10 > 9.6: versions compare by component",
    ),
    (
        "x86_64",
        [rhel("10.0"), rhel("10.0")],
        None,
        "technology-preview",
        ("TP10-1", "TP10-2"),
        "21.2 TP table rows 1 and 2 both accept a RHEL 10 L1",
    ),
    (
        "x86_64",
        [rhel("10.0"), rhel("9.4")],
        None,
        "unsupported",
        (),
        "21.2 TP table: L1 RHEL 9.6 and later",
    ),
    (
        "x86_64",
        [rhel("10.0"), rhel("9.6"), rhel("9.4")],
        None,
        "unsupported",
        (),
        "21.2 TP table row 1: L2 RHEL 9.6 and later",
    ),
    (
        "x86_64",
        [rhel("10.0"), rhel("10.0"), rhel("9.6")],
        None,
        "technology-preview",
        ("TP10-1",),
        "an L2 RHEL 9.6 under a RHEL 10 L1 fits row 1",
    ),
    (
        "x86_64",
        [rhel("10.0"), win("server", "2022")],
        None,
        "technology-preview",
        ("TP10-3",),
        "verdicts.md: Windows L1 without a statement of use is judged as Hyper-V",
    ),
    (
        "x86_64",
        [rhel("10.0"), win("server", "2022")],
        "wsl2",
        "supported",
        ("S10-1",),
        "21.2 Supported environments: Windows Server 2019 and later with WSL2",
    ),
    (
        "x86_64",
        [rhel("10.0"), win("client", "11")],
        "wsl2",
        "supported",
        ("S10-2",),
        "21.2 Supported environments: Windows 10 and later with WSL2",
    ),
    (
        "x86_64",
        [rhel("10.0"), win("server", "2016")],
        "wsl2",
        "unsupported",
        (),
        "WSL2 needs Windows Server 2019 and later",
    ),
    (
        "x86_64",
        [rhel("10.0"), win("server", "2016")],
        None,
        "technology-preview",
        ("TP10-3",),
        "Hyper-V row: Windows Server 2016 and later",
    ),
    (
        "s390x",
        [rhel("10.0"), win("server", "2022")],
        "wsl2",
        "unsupported",
        (),
        "the supported table is Intel and AMD only",
    ),
    (
        "x86_64",
        [rhel("9.4"), win("server", "2019")],
        "wsl2",
        "supported",
        ("S9-1",),
        "verdicts.md RHEL 9 L0: a RHEL 9.2+ L0 with a WSL2 Windows L1 is supported",
    ),
    (
        "x86_64",
        [rhel("9.0"), win("server", "2019")],
        "wsl2",
        "unsupported",
        (),
        "RHEL 9 guide: from RHEL 9.2",
    ),
    (
        "x86_64",
        [rhel("9.6"), rhel("9.6")],
        None,
        "unsupported",
        (),
        "verdicts.md: a RHEL 9 L0 with RHEL L1s is in no table",
    ),
    (
        "x86_64",
        [OS("centos", Version.parse("9"), label="CentOS Stream 9")],
        None,
        "unsupported",
        (),
        "verdicts.md: only RHEL is RHEL",
    ),
    ("aarch64", [rhel("10.0")], None, "unsupported", (), "21.2: ARM is not supported"),
    (
        "s390x",
        [rhel("10.0"), rhel("9.6")],
        None,
        "technology-preview",
        ("TP10-1",),
        "21.2: IBM Z is in the Technology Preview table",
    ),
    (None, [rhel("10.0")], None, "unknown", (), "verdicts.md: no architecture, no placement"),
    (
        "x86_64",
        [None, rhel("9.6")],
        None,
        "technology-preview",
        ("TP10-1",),
        "an L1 bundle: the L0 is not seen and keeps the class, with a reason",
    ),
    (
        "x86_64",
        [rhel("10.0"), UNKNOWN_OS],
        None,
        "technology-preview",
        None,
        "a level that cannot be identified keeps the class and adds a reason",
    ),
]


@pytest.mark.parametrize(("arch", "levels", "use", "support", "rows", "why"), CASES)
def test_placement(
    arch: str | None,
    levels: list[OS | None],
    use: str | None,
    support: str,
    rows: tuple[str, ...] | None,
    why: str,
) -> None:
    placement = place(arch, levels, l1_use=use)
    assert placement.support == support, why
    if rows is not None:
        assert placement.rows == rows, why
    if support != "supported" and len(levels) < 3:
        assert placement.reasons, "a placement with a level unseen or refused says why"


def test_windows_without_statement_names_the_wsl2_alternative() -> None:
    placement = place("x86_64", [rhel("10.0"), win("server", "2022")])
    assert any("WSL2" in r and "supported" in r for r in placement.reasons)


def test_empty_l2_cell_is_unknown_not_refused() -> None:
    """21.2 TP table, row 4: the L2 cell is empty (limitations.yaml NV-OS-MATRIX)."""
    placement = place("x86_64", [rhel("10.0"), win("client", "10"), win("server", "2022")])
    assert placement.support == "technology-preview"
    assert placement.rows == ("TP10-4",)
    assert any("empty" in r for r in placement.reasons)


def test_non_rhel_l0_reason_says_rhel_would_differ() -> None:
    placement = place("x86_64", [OS("almalinux", Version.parse("10.0"), label="AlmaLinux 10")])
    assert "judged otherwise" in placement.reasons[0]


@pytest.mark.parametrize("text", ["tables: [ {rows: 3} ]\n", "tables: [ {rows: 3\n", "a: b: c\n"])
def test_malformed_matrix_names_the_file(tmp_path: Path, text: str) -> None:
    bad = tmp_path / "m.yaml"
    bad.write_text(text)
    with pytest.raises(RuleError, match=r"m\.yaml: not a valid support matrix"):
        load_matrix(bad)
