"""Which of a fleet's bundles must be judged together, found in linear time.

`check` links an L1 bundle to the L0 domain whose UUID is its SMBIOS system UUID (or as a
topology file states), and a host takes the least supported of the chains that name it.
So bundles joined by a link, or sharing a host name, are judged together (a group), as
`check` of the whole fleet would judge them; every other bundle alone. The maps are the
ones `nestaudit.judge.link` builds, keyed the same way, so the links are the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from nestaudit.fleet.work import LinkKeys
from nestaudit.topology import Topology


class _Sets:
    """Union-find over bundle indices."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, i: int) -> int:
        root = i
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while i != root:  # path compression
            self.parent[i], i = root, self.parent.get(i, i)
        return root

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def links(keys: Mapping[int, LinkKeys], topology: Topology) -> list[tuple[int, int]]:
    """(L0, L1) index pairs, as `link_bundles` would find them among these bundles."""
    order = sorted(keys)
    by_uuid: dict[str, int] = {}
    for i in order:
        for _, uuid in keys[i].domains:
            if uuid:
                by_uuid.setdefault(uuid, i)
    found = []
    for j in order:
        uuid = keys[j].system_uuid
        target = by_uuid.get(uuid) if uuid else None
        if target is not None and target != j:
            found.append((target, j))
            continue
        stated = _stated(j, keys, order, topology)
        if stated is not None:
            found.append((stated, j))
    return found


def _stated(
    j: int, keys: Mapping[int, LinkKeys], order: list[int], topology: Topology
) -> int | None:
    """The L0 a topology file names for bundle `j` (as `judge.link._stated_link`)."""
    if not topology.domains:
        return None
    origin = keys[j].origin
    note = next((n for n in topology.domains if n.bundle in (origin, Path(origin).name)), None)
    if note is None or note.bundle is None:
        return None
    for i in order:
        if i != j and (note.host is None or note.host == keys[i].name) and any(
            name == note.domain for name, _ in keys[i].domains
        ):
            return i
    return None


def groups(keys: Mapping[int, LinkKeys], topology: Topology) -> list[list[int]]:
    """The sets of two or more bundles that links or a shared host name join, each in
    input order, ordered by their first bundle."""
    sets = _Sets()
    for l0, l1 in links(keys, topology):
        sets.join(l0, l1)
    first_of_name: dict[str, int] = {}
    for i in sorted(keys):
        sets.join(first_of_name.setdefault(keys[i].name, i), i)
    members: dict[int, list[int]] = {}
    for i in sorted(keys):
        members.setdefault(sets.find(i), []).append(i)
    return sorted((m for m in members.values() if len(m) > 1), key=lambda m: m[0])
