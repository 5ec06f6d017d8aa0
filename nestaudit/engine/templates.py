"""Message and remediation templates: text with `{fact.name}` placeholders.

`{target}` names the host or domain a finding is about; `{{` and `}}` are literal braces.
A list fact shows as "a, b, c"; in messages at most MESSAGE_LIST_MAX items are named.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from nestaudit.values import UNKNOWN

#: The placeholder every template may use besides fact names.
TARGET = "target"

FACT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$")
_TEMPLATE_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")

MESSAGE_LIST_MAX = 12
"""A message names at most this many items of a list fact (the domains of a large host);
remediation steps always name every item, since each one is work to do."""


def display(value: object, limit: int | None = None) -> str:
    """The text a message shows for a fact value; `limit` caps how many list items it names."""
    if value is UNKNOWN:
        return "unknown"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, frozenset, set)):
        items = (
            sorted(display(v) for v in value)
            if isinstance(value, (set, frozenset))
            else [display(v) for v in value]
        )
        if not items:
            return "none"
        if limit is not None and len(items) > limit:
            return f"{', '.join(items[:limit])} and {len(items) - limit} more"
        return ", ".join(items)
    return str(value)


class Template(NamedTuple):
    """A message or remediation text with `{fact.name}` placeholders; `{{`/`}}` are braces."""

    text: str
    parts: tuple[tuple[str, str | None], ...]

    @classmethod
    def parse(cls, text: str) -> Template:
        """Split `text` into literal runs and placeholder names; ValueError on bad braces."""
        parts: list[tuple[str, str | None]] = []
        literal: list[str] = []
        pos = 0
        for match in _TEMPLATE_TOKEN.finditer(text):
            literal.append(text[pos : match.start()])
            pos = match.end()
            token = match.group(0)
            if token in ("{{", "}}"):
                literal.append(token[0])
                continue
            name = match.group(1)
            if name is None:
                raise ValueError(
                    f"unbalanced {token!r} at column {match.start() + 1} "
                    "(write {{ or }} for a literal brace)"
                )
            name = name.strip()
            if not FACT_NAME.match(name):
                raise ValueError(f"bad placeholder {{{name}}}: not a fact name")
            parts.append(("".join(literal), name))
            literal = []
        literal.append(text[pos:])
        tail = "".join(literal)
        if tail or not parts:
            parts.append((tail, None))
        return cls(text, tuple(parts))

    @property
    def names(self) -> frozenset[str]:
        return frozenset(name for _, name in self.parts if name is not None)

    def render(
        self, values: Mapping[str, object], target: str, list_limit: int | None = None
    ) -> str:
        """The text for `target`; list facts name at most `list_limit` items when given."""
        out: list[str] = []
        for literal, name in self.parts:
            out.append(literal)
            if name is None:
                continue
            if name == TARGET:
                out.append(target)
            else:
                out.append(display(values.get(name, UNKNOWN), list_limit))
        return "".join(out)
