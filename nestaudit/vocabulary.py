"""The words every stage shares (design.md, "Words used everywhere"), each spelled once.

Each kind of word is a closed set of `str` constants: a word equals its text
(`Outcome.PASS == "pass"`), serialises as the text in JSON and formats as the text in
messages; `Outcome("pass")` is `Outcome.PASS`, and any other text is a ValueError. The order
in which a kind declares its words is meaningful and is the order everything else uses:
`Outcome` from what needs action to what is fine, `Severity` from least to most severe,
`SupportClass` from most to least supported. `rank` gives a word's place in that order.

They behave as `enum` str enums do, but are made by a small class of their own: creating
seven enum classes costs `nestaudit check` about 4 ms of its start-up, these almost nothing.
Standard library only and Python 3.9 compatible: the collector's side imports this too.
The JSON schemas spell the same words; tests/test_vocabulary.py holds them equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, TypeVar

_W = TypeVar("_W", bound="Word")


class _Kind(type):
    """The type of a kind of word: iterating it gives its words in declared order.
    (Typed as Any: mypy cannot type a metaclass by its instances' words.)"""

    def __iter__(cls) -> Iterator[Any]:
        return iter(cls._words)  # type: ignore[attr-defined]

    def __reversed__(cls) -> Iterator[Any]:
        return reversed(cls._words)  # type: ignore[attr-defined]

    def __len__(cls) -> int:
        return len(cls._words)  # type: ignore[attr-defined]


class Word(str, metaclass=_Kind):
    """A word of one kind: compares, hashes, prints and serialises as its text."""

    __slots__ = ()
    _words: ClassVar[tuple[Word, ...]] = ()
    _by_text: ClassVar[dict[str, Word]] = {}
    _names: ClassVar[dict[str, str]] = {}

    def __new__(cls: type[_W], text: object) -> _W:
        found = cls._by_text.get(text) if isinstance(text, str) else None
        if found is None:
            raise ValueError(f"{text!r} is not a valid {cls.__name__}")
        return found  # type: ignore[return-value]

    @classmethod
    def _declare(cls, **words: str) -> None:
        """Make the words of this kind, NAME=text, in order (once, below each kind)."""
        made = []
        for name, text in words.items():
            word = str.__new__(cls, text)
            setattr(cls, name, word)
            made.append(word)
        cls._words = tuple(made)
        cls._by_text = {str(word): word for word in made}
        cls._names = {text: name for name, text in words.items()}

    @property
    def value(self) -> str:
        """The text of the word."""
        return str.__str__(self)

    @property
    def name(self) -> str:
        """The word's name in code (`NOT_APPLICABLE`)."""
        return type(self)._names[self.value]

    @property
    def rank(self) -> int:
        """The word's place in its kind's declared order (0 first)."""
        return type(self)._words.index(self)

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    def __reduce__(self) -> tuple[type[Word], tuple[str]]:
        return (type(self), (self.value,))

    def __copy__(self: _W) -> _W:
        return self

    def __deepcopy__(self: _W, memo: object) -> _W:
        return self

    @classmethod
    def parse(cls: type[_W], text: object) -> _W | None:
        """The word spelled `text`, or None when `text` is no word of this kind."""
        found = cls._by_text.get(text) if isinstance(text, str) else None
        return found  # type: ignore[return-value]

    @classmethod
    def words(cls) -> tuple[str, ...]:
        """Every word's text, in declared order (for schemas, argparse choices and help)."""
        return tuple(word.value for word in cls._words)


class Outcome(Word):
    """The outcome of one rule for one target. Declared in display order: what needs
    action first, what is fine last."""

    FAIL: ClassVar[Outcome]
    ERROR: ClassVar[Outcome]
    UNKNOWN: ClassVar[Outcome]
    WAIVED: ClassVar[Outcome]  # a fail or unknown that a recorded exception accepts
    INFO: ClassVar[Outcome]
    PASS: ClassVar[Outcome]
    NOT_APPLICABLE: ClassVar[Outcome]


Outcome._declare(
    FAIL="fail",
    ERROR="error",
    UNKNOWN="unknown",
    WAIVED="waived",
    INFO="info",
    PASS="pass",
    NOT_APPLICABLE="not_applicable",
)

QUIET_OUTCOMES = (Outcome.PASS, Outcome.NOT_APPLICABLE)
"""Outcomes that need no reading beyond "checked and fine" or "not checked here"."""


class Severity(Word):
    """How much a failing finding matters; declared from least to most severe."""

    INFO: ClassVar[Severity]
    LOW: ClassVar[Severity]
    MEDIUM: ClassVar[Severity]
    HIGH: ClassVar[Severity]
    CRITICAL: ClassVar[Severity]

    def at_least(self, threshold: Severity) -> bool:
        return self.rank >= threshold.rank


Severity._declare(INFO="info", LOW="low", MEDIUM="medium", HIGH="high", CRITICAL="critical")


class SupportClass(Word):
    """Where a setup stands in the support statement; declared from most to least
    supported, `unknown` last (the evidence cannot place it)."""

    SUPPORTED: ClassVar[SupportClass]
    TECHNOLOGY_PREVIEW: ClassVar[SupportClass]
    UNTESTED: ClassVar[SupportClass]
    UNSUPPORTED: ClassVar[SupportClass]
    UNKNOWN: ClassVar[SupportClass]

    @classmethod
    def least(cls, classes: Iterable[SupportClass]) -> SupportClass:
        """The least supported of `classes` (`unknown` when there are none)."""
        return max(classes, key=_rank, default=cls.UNKNOWN)

    @classmethod
    def most(cls, classes: Iterable[SupportClass]) -> SupportClass:
        """The most supported of `classes` (`unknown` when there are none)."""
        return min(classes, key=_rank, default=cls.UNKNOWN)


def _rank(word: Word) -> int:
    return word.rank


SupportClass._declare(
    SUPPORTED="supported",
    TECHNOLOGY_PREVIEW="technology-preview",
    UNTESTED="untested",
    UNSUPPORTED="unsupported",
    UNKNOWN="unknown",
)


class Role(Word):
    """A host's level in a nesting chain."""

    L0: ClassVar[Role]
    L1: ClassVar[Role]
    L2: ClassVar[Role]
    UNKNOWN: ClassVar[Role]


Role._declare(L0="L0", L1="L1", L2="L2", UNKNOWN="unknown")


class DomainRole(Word):
    """What a libvirt domain is to nesting (verdicts.md, "Domain roles"): in use as a
    hypervisor (evidence shows it runs its own VMs), capable (its CPU definition gives its
    guest the extension, but nothing shows it nests), or ordinary (it gives no extension)."""

    IN_USE: ClassVar[DomainRole]
    CAPABLE: ClassVar[DomainRole]
    ORDINARY: ClassVar[DomainRole]


DomainRole._declare(IN_USE="in_use", CAPABLE="capable", ORDINARY="ordinary")


class Scope(Word):
    """What a rule is evaluated for: the host once, or each libvirt domain."""

    HOST: ClassVar[Scope]
    DOMAIN: ClassVar[Scope]


Scope._declare(HOST="host", DOMAIN="domain")


class StepKind(Word):
    """A remediation step: prose, a shell command, or a file's content to put in place."""

    HINT: ClassVar[StepKind]
    COMMAND: ClassVar[StepKind]
    EDIT: ClassVar[StepKind]


StepKind._declare(HINT="hint", COMMAND="command", EDIT="edit")


class Vendor(Word):
    """CPU vendors a remediation step can be meant for."""

    INTEL: ClassVar[Vendor]
    AMD: ClassVar[Vendor]
    IBM: ClassVar[Vendor]
    ARM: ClassVar[Vendor]


Vendor._declare(INTEL="intel", AMD="amd", IBM="ibm", ARM="arm")
