"""Which of a fleet's bundles must be judged together, found in linear time.

`check` links an L1 bundle to the L0 domain whose UUID is its SMBIOS system UUID (or as a
topology file states), and a host takes the least supported of the chains that name it.
So bundles that may be linked, or share a host name, are judged together (a group), as
`check` of the whole fleet would judge them; every other bundle alone. The keys are read
before judging, and a bundle's domain UUIDs are then a superset of its domains' own: a
bundle is joined to every bundle whose UUIDs hold its system UUID, not only to the first
(the one `nestaudit.judge.link` links it to), so no link is missed; judging the group
finds the link itself. Joining more than needed costs time, never the result.
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
    """(L0, L1) index pairs: every link `link_bundles` would find among these bundles, and
    the pairs that only the keys' superset of domain UUIDs suggests."""
    order = sorted(keys)
    by_uuid: dict[str, list[int]] = {}
    for i in order:
        for domain_uuid in keys[i].uuids:
            by_uuid.setdefault(domain_uuid, []).append(i)
    found: list[tuple[int, int]] = []
    for j in order:
        uuid = keys[j].system_uuid
        if uuid:
            found.extend((i, j) for i in by_uuid.get(uuid, ()) if i != j)
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
        if i != j and (note.host is None or note.host == keys[i].name) and note.domain in (
            keys[i].domains or ()
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
