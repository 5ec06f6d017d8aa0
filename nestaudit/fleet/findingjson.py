"""A finding's JSON made once for a fleet's hosts, which mostly share their findings.

The fleet benchmark's 1,000 bundles hold 37,792 findings, 24,376 of them distinct but only
1,651 once the target (most often the host's own name) is left out. So a finding's JSON is
kept as the bytes before and after its target, keyed by the finding without its target,
and each host's findings are put together from them; `fleet.json` stays byte for byte
what serialising the host whole gives (tests/test_fleet_findingjson.py holds it so).
"""

from __future__ import annotations

import orjson

from nestaudit.engine.memo import MEMO_SIZE
from nestaudit.engine.model import Finding
from nestaudit.report import finding_json

_TARGET = "\x00nestaudit finding target\x00"
"""Stands for the target while the finding is serialised; NUL is in no host name, and a
finding that holds it elsewhere too is serialised whole."""
_MARK = orjson.dumps(_TARGET)


def _dumps(data: object) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


class FindingJson:
    """Findings as orjson fragments; at most `size` kept (0: none), as the findings memo."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self._size = size
        self._parts: dict[Finding, tuple[bytes, bytes]] = {}
        self._target: tuple[str, bytes] = ("", b'""')  # the last target and its JSON

    def fragment(self, finding: Finding) -> orjson.Fragment:
        """The finding's JSON (keys sorted), ready to be placed in a host's."""
        key = finding.for_target(_TARGET)
        try:
            parts = self._parts.get(key)
        except TypeError:  # a value that cannot be a key: serialised every time
            return orjson.Fragment(_dumps(finding_json(finding)))
        if parts is None:
            whole = _dumps(finding_json(key))
            if whole.count(_MARK) != 1:
                return orjson.Fragment(_dumps(finding_json(finding)))
            head, _, tail = whole.partition(_MARK)
            parts = (head, tail)
            if self._size:
                if len(self._parts) >= self._size:
                    self._parts.clear()
                self._parts[key] = parts
        target, encoded = self._target
        if finding.target is not target:  # a host's findings mostly share its name
            encoded = _dumps(finding.target)
            self._target = (finding.target, encoded)
        return orjson.Fragment(b"".join((parts[0], encoded, parts[1])))


FINDING_JSON = FindingJson()
"""What every fleet worker in this process shares."""
