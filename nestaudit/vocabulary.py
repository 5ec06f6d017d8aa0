"""The words every stage shares (design.md, "Words used everywhere"), each spelled once.

Each is a `str` enum, so a member equals its word (`Outcome.PASS == "pass"`), serialises
as the word in JSON, and formats as the word in messages. The order in which members are
declared is meaningful and is the order everything else uses: `Outcome` from what needs
action to what is fine, `Severity` from least to most severe, `SupportClass` from most to
least supported. `rank` gives a member's place in that order.

Standard library only and Python 3.9 compatible: the collector's side imports this too.
The JSON schemas spell the same words; tests/test_vocabulary.py holds them equal.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TypeVar

_W = TypeVar("_W", bound="Word")


class Word(str, enum.Enum):
    """A vocabulary word: compares, hashes, prints and serialises as its text."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @property
    def rank(self) -> int:
        """The member's place in its enum's declared order (0 first)."""
        return _RANKS[type(self)][self]

    @classmethod
    def parse(cls: type[_W], text: object) -> _W | None:
        """The member spelled `text`, or None when `text` is no word of this enum."""
        try:
            return cls(text)
        except ValueError:
            return None

    @classmethod
    def words(cls) -> tuple[str, ...]:
        """Every word, in declared order (for schemas, argparse choices and help)."""
        return tuple(member.value for member in cls)


class Outcome(Word):
    """The outcome of one rule for one target. Declared in display order: what needs
    action first, what is fine last."""

    FAIL = "fail"
    ERROR = "error"
    UNKNOWN = "unknown"
    WAIVED = "waived"  # a fail or unknown someone accepted (issue: waivers)
    INFO = "info"
    PASS = "pass"
    NOT_APPLICABLE = "not_applicable"


QUIET_OUTCOMES = (Outcome.PASS, Outcome.NOT_APPLICABLE)
"""Outcomes that need no reading beyond "checked and fine" or "not checked here"."""


class Severity(Word):
    """How much a failing finding matters; declared from least to most severe."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    def at_least(self, threshold: Severity) -> bool:
        return self.rank >= threshold.rank


class SupportClass(Word):
    """Where a setup stands in the support statement; declared from most to least
    supported, `unknown` last (the evidence cannot place it)."""

    SUPPORTED = "supported"
    TECHNOLOGY_PREVIEW = "technology-preview"
    UNTESTED = "untested"
    UNSUPPORTED = "unsupported"
    UNKNOWN = "unknown"

    @classmethod
    def least(cls, classes: Iterable[SupportClass]) -> SupportClass:
        """The least supported of `classes` (`unknown` when there are none)."""
        return max(classes, key=_support_rank, default=cls.UNKNOWN)

    @classmethod
    def most(cls, classes: Iterable[SupportClass]) -> SupportClass:
        """The most supported of `classes` (`unknown` when there are none)."""
        return min(classes, key=_support_rank, default=cls.UNKNOWN)


def _support_rank(value: SupportClass) -> int:
    return value.rank


class Role(Word):
    """A host's level in a nesting chain."""

    L0 = "L0"
    L1 = "L1"
    L2 = "L2"
    UNKNOWN = "unknown"


class Scope(Word):
    """What a rule is evaluated for: the host once, or each libvirt domain."""

    HOST = "host"
    DOMAIN = "domain"


class StepKind(Word):
    """A remediation step: prose, a shell command, or a file's content to put in place."""

    HINT = "hint"
    COMMAND = "command"
    EDIT = "edit"


class Vendor(Word):
    """CPU vendors a remediation step can be meant for."""

    INTEL = "intel"
    AMD = "amd"
    IBM = "ibm"
    ARM = "arm"


_RANKS: dict[type[Word], dict[Word, int]] = {
    kind: {member: index for index, member in enumerate(kind)}
    for kind in (Outcome, Severity, SupportClass, Role, Scope, StepKind, Vendor)
}
