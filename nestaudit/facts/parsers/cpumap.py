"""Parse libvirt's x86 CPU map: /usr/share/libvirt/cpu_map/x86_<model>.xml, one model each.

A named CPU model gives the guest the features its file lists. Newer maps (libvirt 9.x and
later) base a model on another with a `<model>` element inside it, and add to it:
    <cpus>
      <model name='EPYC-v2'>
        <decode host='on' guest='off'/>
        <model name='EPYC-IBPB'/>
      </model>
    </cpus>
while Debian 12's libvirt 9.0 map lists every feature of every model in its own file:
    <cpus>
      <model name='EPYC'> ... <vendor name='AMD'/> ... <feature name='svm'/> ...

Comments are no part of a model (qemu64's file keeps TCG-only features in one). A feature
marked `removed='yes'` is not given, even when the model it is based on has it; one marked
`added='yes'` is. x86_features.xml and x86_vendors.xml hold no model: they parse to nothing.

    >>> models, problem = parse_cpu_map_file(
    ...     "<cpus><model name='EPYC-v2'><model name='EPYC'/></model></cpus>", "x86_EPYC-v2.xml")
    >>> models[0].based_on, problem
    ('EPYC', None)
    >>> epyc, _ = parse_cpu_map_file(
    ...     "<cpus><model name='EPYC'><feature name='svm'/></model></cpus>", "x86_EPYC.xml")
    >>> resolve({m.name: m for m in models + epyc})["EPYC-v2"]
    ModelVirt(vmx=False, svm=True, based_on=('EPYC',))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from nestaudit.facts.parsers.xmldoc import parse_xml

VIRT_FLAGS = ("vmx", "svm")


class MapModel(NamedTuple):
    """One `<model>` of a CPU map file, as written (its ancestors not followed)."""

    name: str
    based_on: str | None  # the model named by a <model> inside it
    features: frozenset[str]  # the features it adds
    removed: frozenset[str]  # features it takes away (removed='yes')
    vendor: str | None


class ModelVirt(NamedTuple):
    """Whether a model, its ancestors followed, includes vmx and svm."""

    vmx: bool
    svm: bool
    based_on: tuple[str, ...]  # its ancestors, nearest first


def parse_cpu_map_file(text: str, source: str) -> tuple[tuple[MapModel, ...], str | None]:
    """The models one map file defines, and the problem that stopped it being read."""
    root = parse_xml(text, source)
    if isinstance(root, str):
        return (), root
    if root.tag != "cpus":
        return (), f"{source}: not a libvirt CPU map (root element <{root.tag}>)"
    models = []
    for element in root.findall("model"):
        name = element.get("name")
        if not name:
            continue
        parent = element.find("model")
        vendor = element.find("vendor")
        added: set[str] = set()
        removed: set[str] = set()
        for feature in element.findall("feature"):
            feature_name = feature.get("name")
            if feature_name:
                (removed if feature.get("removed") == "yes" else added).add(feature_name)
        models.append(MapModel(
            name=name,
            based_on=parent.get("name") if parent is not None else None,
            features=frozenset(added),
            removed=frozenset(removed),
            vendor=vendor.get("name") if vendor is not None else None,
        ))
    return tuple(models), None


def resolve(models: Mapping[str, MapModel]) -> dict[str, ModelVirt]:
    """vmx and svm of every model whose ancestors are all in `models` (a model based on a
    missing one, or on itself through a loop, is left out: the map cannot tell)."""
    out: dict[str, ModelVirt] = {}
    for name in models:
        found = _resolve_one(name, models)
        if found is not None:
            out[name] = found
    return out


def _resolve_one(name: str, models: Mapping[str, MapModel]) -> ModelVirt | None:
    chain: list[str] = []
    current: str | None = name
    while current is not None:
        if current in chain or current not in models:
            return None
        chain.append(current)
        current = models[current].based_on
    included: set[str] = set()
    for ancestor in reversed(chain):  # the oldest first: each model adds to its base
        model = models[ancestor]
        included |= model.features
        included -= model.removed
    return ModelVirt("vmx" in included, "svm" in included, tuple(chain[1:]))
