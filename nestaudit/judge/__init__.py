"""Judge bundles: derived facts, placement in the tables, verdicts, links and chains.

`assess(bundles, rules, topology)` returns one typed, immutable `Assessment` (in
`assessment.py`), which every renderer takes as it is:

- `derive` places each host and domain in the chapter's tables (`tables`);
- `host` runs the rules on one host and gives its verdict (`verdict`);
- `link` finds which bundle runs inside which domain; `chains` builds the nesting chains
  across the inputs and lets a host take the least supported of its chains;
- `summary` is the host section of a report;
- `registry` names every fact rules may use and loads the rule set against it.
"""

from __future__ import annotations

from nestaudit.judge.assess import assess

__all__ = ["assess"]
