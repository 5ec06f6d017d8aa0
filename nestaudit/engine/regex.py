"""Rule regular expressions (`matches`) kept to a syntax whose matching time is bounded.

Python's `re` backtracks: `(a+)+b`, `(a|a)*b` or `a*a*b` can take hours on a few thousand
characters. A rule's pattern is therefore checked when its file is loaded (and by `rules
lint`), and refused with the reason when it

- uses a backreference (`\\1`, `(?P=name)`), a conditional (`(?(1)...)`) or a lookaround
  (`(?=`, `(?!`, `(?<=`, `(?<!`);
- repeats something that itself holds a quantifier or an alternation (`(a+)+`, `(a|b)*`:
  a quantifier applies to a character, a class, `.` or a fixed sequence);
- could backtrack more than BUDGET steps per start position: each quantifier multiplies by
  its upper bound + 1 (an unbounded one, `*`, `+` or `{n,}`, by MAX_SUBJECT), and the
  alternatives of a `|` add up. In practice one unbounded quantifier per pattern, with a
  couple of `?` beside it; bounded ones (`\\d{1,3}`) freely.

At run time a subject longer than MAX_SUBJECT characters is not searched: the finding is
`error`, naming the fact and its length. Together this bounds one search to about
MAX_SUBJECT * BUDGET steps (a few tenths of a second at worst).
"""

from __future__ import annotations

import importlib
from typing import Any


def _module(new: str, old: str) -> Any:
    """`re`'s own parser (the tree it compiles from): renamed in Python 3.11."""
    try:
        return importlib.import_module(new)
    except ImportError:  # pragma: no cover - Python < 3.11
        return importlib.import_module(old)


_c = _module("re._constants", "sre_constants")
_sre_parse = _module("re._parser", "sre_parse")

MAX_SUBJECT = 4096
BUDGET = 4 * (MAX_SUBJECT + 1)  # one unbounded quantifier and two `?`

_REPEATS: set[Any] = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_REFUSED = {
    _c.GROUPREF: "a backreference",
    _c.GROUPREF_EXISTS: "a conditional group",
    _c.ASSERT: "a lookahead or lookbehind",
    _c.ASSERT_NOT: "a negative lookahead or lookbehind",
}
_GROUPS = {_c.SUBPATTERN, getattr(_c, "ATOMIC_GROUP", _c.SUBPATTERN)}


class RegexRefused(ValueError):
    """A pattern outside the bounded syntax: a one-line reason."""


def _body(op: Any, av: Any) -> Any:
    """The inner pattern of a group (SUBPATTERN carries flags before it)."""
    return av[-1] if op == _c.SUBPATTERN else av


def _cost(items: Any, repeated: bool) -> int:
    """The backtracking bound of a parsed sequence (see the module docstring)."""
    total = 1
    for op, av in items:
        if op in _REFUSED:
            raise RegexRefused(f"{_REFUSED[op]} is not accepted")
        if op in _REPEATS:
            low, high, inner = av
            if repeated:
                raise RegexRefused("a quantifier inside a repeated group is not accepted")
            _cost(inner, repeated=True)
            bound = MAX_SUBJECT if high == _c.MAXREPEAT else max(high, low)
            total *= bound + 1
        elif op == _c.BRANCH:
            if repeated:
                raise RegexRefused("an alternation inside a repeated group is not accepted")
            total *= sum(_cost(alt, repeated) for alt in av[1])
        elif op in _GROUPS:
            total *= _cost(_body(op, av), repeated)
        if total > BUDGET:
            raise RegexRefused(
                f"could backtrack too much (more than {BUDGET} steps per position: "
                f"at most one unbounded quantifier such as * or +)"
            )
    return total


def check_pattern(pattern: str) -> None:
    """Raise RegexRefused when `pattern` is outside the bounded syntax (re.error when it
    is not a regular expression at all)."""
    _cost(_sre_parse.parse(pattern), repeated=False)
