"""Place a nesting setup in the chapter's support tables (rules/tables/support-matrix.yaml).

The tables are data; this module only matches levels against rows. A level is the L0, L1
or L2 operating system as far as the evidence shows it: unseen (None), seen with an
unknown OS, or known. Readings (verdicts.md): a level that cannot be seen keeps the class
of the rows the others fit and adds a reason naming its condition; Windows L1 use (WSL2 or
Hyper-V) cannot be seen, so without a statement it is judged as Hyper-V, saying that
WSL2-only use would be supported; only RHEL is RHEL.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from nestaudit.engine.parsed import load_yaml
from nestaudit.errors import RuleError
from nestaudit.resources import rules_dir
from nestaudit.values import OS, Version
from nestaudit.vocabulary import Role, SupportClass

LEVELS = (Role.L0, Role.L1, Role.L2)


class LevelCondition(NamedTuple):
    family: str
    min: Version
    below: Version | None
    kind: str
    use: str

    def matches(self, os: OS) -> bool:
        if os.family != self.family or os.version is None:
            return False
        if self.kind and os.kind != self.kind:
            return False
        if os.version < self.min:
            return False
        return not (self.below is not None and not os.version < self.below)


class Row(NamedTuple):
    id: str
    support: SupportClass
    limitation: str
    section: str
    arch: tuple[str, ...]
    levels: tuple[LevelCondition | None, LevelCondition | None, LevelCondition | None]
    labels: tuple[str, str, str]
    reading: str
    has_l2: bool  # the table has an L2 column (the supported table has none: WSL2 is no VM)

    @property
    def use(self) -> str:
        l1 = self.levels[1]
        return l1.use if l1 else ""


class Placement(NamedTuple):
    """Where a setup stands in the tables: its class, the rows it fits, and why."""

    support: SupportClass
    rows: tuple[str, ...]
    reasons: tuple[str, ...]
    decided: bool = True  # False: a level's OS (or its minor version) could not pick rows


class Matrix(NamedTuple):
    rows: tuple[Row, ...]
    doc_title: str
    doc_url: str
    doc_revision: str


def _condition(data: Any, where: str) -> LevelCondition | None:
    if data is None:
        return None
    try:
        return LevelCondition(
            family=str(data["family"]),
            min=Version.parse(str(data["min"])) or Version((0,)),
            below=Version.parse(str(data["below"])) if "below" in data else None,
            kind=str(data.get("kind", "")),
            use=str(data.get("use", "")),
        )
    except (KeyError, TypeError) as exc:
        raise RuleError(f"{where}: malformed level condition: {exc}") from exc


def load_matrix(path: Path | None = None) -> Matrix:
    """Read the support tables; a malformed file is a RuleError naming it."""
    path = path or rules_dir() / "tables" / "support-matrix.yaml"
    try:
        data = load_yaml(path.read_text("utf-8"))
        rows = [
            Row(
                id=str(row["id"]),
                support=SupportClass(table["class"]),
                limitation=str(table["limitation"]),
                section=str(table["section"]),
                arch=tuple(row.get("arch", table["arch"])),
                levels=(
                    _condition(row["l0"], f"{path}: {row['id']} l0"),
                    _condition(row["l1"], f"{path}: {row['id']} l1"),
                    _condition(row.get("l2"), f"{path}: {row['id']} l2"),
                ),
                labels=(
                    "RHEL " + str(row["l0"]["min"]) + " and later",
                    str(row.get("l1_label", "")),
                    str(row.get("l2_label", "")),
                ),
                reading=str(table.get("reading", "")),
                has_l2=bool(table.get("l2_column", True)),
            )
            for table in data["tables"]
            for row in table["rows"]
        ]
        doc = data["doc"]
        return Matrix(tuple(rows), str(doc["title"]), str(doc["url"]), str(doc["revision"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RuleError(f"{path}: not a valid support matrix: {exc}") from exc


@cache
def default_matrix() -> Matrix:
    return load_matrix()


def _labels(rows: Sequence[Row], level: int) -> str:
    labels = sorted({r.labels[level] for r in rows if r.labels[level]})
    if not labels:
        return "not stated"
    # "A, B or C": a semicolon separates the reasons themselves (one sentence each).
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def place(
    arch: str | None,
    levels: Sequence[OS | None],
    l1_use: str | None = None,
    matrix: Matrix | None = None,
    l1_families: frozenset[str] | None = None,
) -> Placement:
    """Place a chain of levels (index 0 = L0) in the tables.

    `levels[i]` is None when that level is not seen (an L2 from an L0 bundle), an OS with
    family None when it is seen but its OS is unknown. `l1_use` is "wsl2", "hyperv" or
    None (not stated: judged as Hyper-V, the WSL2 rows only named as an alternative).
    `l1_families`, for an L1 not seen, are the OS families its guests could run (None: any):
    the reasons name only the rows those could fit (no Windows rows without a Windows
    guest); the class is decided from every row all the same.
    """
    if matrix is None:
        # Hosts repeat the same few combinations (many domains, one OS): remember them.
        return _place_default(arch, tuple(levels), l1_use, l1_families)
    return _place(arch, levels, l1_use, matrix, l1_families)


@lru_cache(maxsize=1024)
def _place_default(
    arch: str | None,
    levels: tuple[OS | None, ...],
    l1_use: str | None,
    l1_families: frozenset[str] | None,
) -> Placement:
    return _place(arch, levels, l1_use, default_matrix(), l1_families)


def _place(
    arch: str | None,
    levels: Sequence[OS | None],
    l1_use: str | None,
    matrix: Matrix,
    l1_families: frozenset[str] | None = None,
) -> Placement:
    if arch is None:
        return Placement(
            SupportClass.UNKNOWN, (), ("the architecture is unknown: the tables need it",)
        )
    rows = [r for r in matrix.rows if arch in r.arch]
    if not rows:
        return Placement(
            SupportClass.UNSUPPORTED,
            (),
            (f"the {arch} architecture is in none of the tables (Intel, AMD and IBM Z only)",),
        )
    wsl = [r for r in rows if r.use == "wsl2"]
    other = [r for r in rows if r.use != "wsl2"]
    if l1_use == "wsl2":
        return _walk([r for r in rows if r.use in ("", "wsl2")], levels, l1_families)
    placement = _walk(other, levels, l1_families)
    if l1_use == "hyperv" or not wsl or (l1_families is not None and "windows" not in l1_families):
        return placement
    alternative = _walk(wsl, levels)
    if (
        alternative.support is SupportClass.SUPPORTED
        and placement.support is not SupportClass.SUPPORTED
    ):
        l1 = levels[1] if len(levels) > 1 else None
        who = "this Windows L1" if l1 is not None and l1.family == "windows" else "a Windows L1"
        note = (
            f"used only for WSL2, {who} would be supported (row {alternative.rows[0]}), "
            "which a topology file can state"
        )
        return placement._replace(reasons=(*placement.reasons, note))
    return placement


def _could_apply(rows: list[Row], l1_families: frozenset[str] | None) -> list[Row]:
    """The rows an unseen L1 running one of `l1_families` could fit (all when None)."""
    if l1_families is None:
        return rows
    kept = [r for r in rows if r.levels[1] is None or r.levels[1].family in l1_families]
    return kept or rows


def _walk(
    rows: list[Row], levels: Sequence[OS | None], l1_families: frozenset[str] | None = None
) -> Placement:
    reasons: list[str] = []
    decided = True
    unseen = [i for i, level in enumerate(levels[:3]) if level is None]
    for index, level in enumerate(levels[:3]):
        name = LEVELS[index]
        if level is None:
            continue
        fitting = _fitting(rows, index, level)
        if fitting is None:
            what = (
                f"the {name} OS is unknown"
                if not level.known
                else f"the {name} runs {level.describe()}, and its minor version decides the row"
            )
            reasons.append(f"{what}; the tables accept: {_labels(rows, index)}")
            decided = False
            continue
        if not fitting:
            reasons.append(_outside(name, level, rows, index))
            return Placement(SupportClass.UNSUPPORTED, (), tuple(reasons))
        if index == 2 and all(r.levels[2] is None and r.has_l2 for r in fitting):
            reasons.append(
                f"the L2 cell of row {fitting[0].id} is empty in the table: "
                f"{level.describe()} as L2 is neither in nor out of it"
            )
        rows = fitting
    # Levels not seen keep the class and say what they must run (verdicts.md, rule 5).
    named = _could_apply(rows, l1_families if 1 in unseen or len(levels) < 2 else None)
    for index in [*unseen, *range(len(levels), 3)]:
        if index == 2 and not any(r.has_l2 for r in named):
            continue  # a table without an L2 column asks nothing of one
        if index == 2 and all(r.levels[2] is None for r in named):
            reasons.append("the L2 is not stated for this row (the table's cell is empty)")
        else:
            reasons.append(f"the {LEVELS[index]} must run: {_labels(named, index)}")
    support = SupportClass.most(r.support for r in rows)
    chosen = [r for r in rows if r.support == support]
    reasons.extend(sorted({r.reading for r in chosen if r.reading}))
    return Placement(support, tuple(sorted(r.id for r in chosen)), tuple(reasons), decided)


def _fitting(rows: list[Row], index: int, level: OS) -> list[Row] | None:
    """The rows whose `index` level accepts `level`; None when that cannot be told (the
    OS is unknown, or only its major version is, and the minor decides)."""
    if not level.known:
        return None
    if not level.minor_unknown or level.version is None:
        return [r for r in rows if _fits(r.levels[index], level)]
    major = level.version.parts[0]
    lowest = [r for r in rows if _fits(r.levels[index], level._replace(version=Version((major,))))]
    highest = [
        r for r in rows if _fits(r.levels[index], level._replace(version=Version((major, 9999))))
    ]
    return lowest if lowest == highest else None


def _fits(condition: LevelCondition | None, level: OS) -> bool:
    # An empty L2 cell neither accepts nor refuses: the row stays, with a reason.
    return condition is None or condition.matches(level)


def _outside(name: str, level: OS, rows: Sequence[Row], index: int) -> str:
    if index == 0:
        if level.family != "rhel":
            return (
                f"the L0 runs {level.describe()}: only RHEL is in the tables as an L0 "
                "(the same setup on RHEL would be judged otherwise)"
            )
        return (
            f"the L0 runs {level.describe()}, older than every row: RHEL 10.0 and later "
            "(RHEL 9.2 and later only for a Windows L1 used for WSL2)"
        )
    accepted = _labels(rows, index)
    if all(r.levels[0] is not None and r.levels[0].below is not None for r in rows):
        return (
            f"a RHEL 9 L0 is in the tables only with a Windows L1 used for WSL2; "
            f"the {name} runs {level.describe()}"
        )
    if level.family not in ("rhel", "windows"):
        return (
            f"the {name} runs {level.describe()}: only RHEL and Windows are in the tables "
            "(the same setup on RHEL would be judged otherwise)"
        )
    same = [r for r in rows if (c := r.levels[index]) is not None and c.family == level.family]
    if same:
        accepted = _labels(same, index)
    return f"the {name} runs {level.describe()}, outside the tables (they accept: {accepted})"
