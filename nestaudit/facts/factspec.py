"""What the registry says of one fact. Each fact group lists its facts as `SPECS` beside
the code that reads them; `nestaudit.facts.registry` assembles them."""

from __future__ import annotations

from typing import NamedTuple


class FactSpec(NamedTuple):
    name: str
    type: str  # str | int | bool | list[str] | Version, "| None" where None is a value
    scope: str  # host | domain
    source: str
    unknown_when: str
    doc: str
