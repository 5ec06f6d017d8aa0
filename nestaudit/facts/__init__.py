"""Facts: turn a bundle's raw evidence into one typed fact model.

`parsers/` holds one pure parser per file read; each fact group (`host`, `cpu`, `os`, `kvm`,
`virt`, `domain`) reads its facts from the bundle with those parsers and registers them
(`SPECS`) beside that code. `build_facts(bundle)` returns a `HostFacts`; `values()` gives
the facts under their dotted names (documented in `registry.FACTS` and docs/facts.md);
`to_json` and `to_text` render the model for `nestaudit facts`.
"""

from __future__ import annotations

from nestaudit.facts.build import build_facts
from nestaudit.facts.model import DomainFacts, Evidence, HostFacts
from nestaudit.facts.render import to_json, to_text

__all__ = ["DomainFacts", "Evidence", "HostFacts", "build_facts", "to_json", "to_text"]
