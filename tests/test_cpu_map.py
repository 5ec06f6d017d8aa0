"""libvirt's CPU map: the parser (nestaudit/facts/parsers/cpumap.py) on both formats, and the
shipped table (nestaudit/data/cpu_map.json) against the XML files it was generated from."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nestaudit.facts.cpumap import TABLE, shipped_map, shipped_table
from nestaudit.facts.parsers.cpumap import MapModel, ModelVirt, parse_cpu_map_file, resolve

MAPS = Path(__file__).parent / "corpus" / "libvirt-cpu-map"
NEW = MAPS / "v12.x-dev_5d5bb205"
DEBIAN = MAPS / "debian12-libvirt9.0"


def _models(folder: Path) -> dict[str, MapModel]:
    models: dict[str, MapModel] = {}
    for path in sorted(folder.glob("x86_*.xml")):
        found, problem = parse_cpu_map_file(path.read_text("utf-8"), path.name)
        assert problem is None
        for model in found:
            assert model.name not in models
            models[model.name] = model
    return models


def test_newer_map_follows_the_model_each_is_based_on() -> None:
    models = _models(NEW)
    resolved = resolve(models)
    assert len(models) == len(resolved) == 176
    assert models["EPYC-v2"].based_on == "EPYC-IBPB" and not models["EPYC-v2"].features
    assert resolved["EPYC-v2"] == ModelVirt(vmx=False, svm=True, based_on=("EPYC-IBPB",))
    assert resolved["qemu64-v1"] == ModelVirt(vmx=False, svm=True, based_on=("qemu64",))
    assert resolved["Haswell-v3"].based_on == ("Haswell-IBRS",)
    assert models["EPYC"].vendor == "AMD" and models["Haswell"].vendor == "Intel"
    # the vmx-* sub-features of Intel models are added to old models, never vmx itself
    assert "vmx-ept" in models["Haswell"].features and "vmx" not in models["Haswell"].features


def test_debian_9_0_map_has_no_inheritance() -> None:
    models = _models(DEBIAN)
    resolved = resolve(models)
    assert len(models) == len(resolved) == 58
    assert all(m.based_on is None for m in models.values())
    assert all(v.based_on == () for v in resolved.values())
    assert "EPYC-v2" not in models  # no -vN models in 9.0
    assert resolved["EPYC-IBPB"].svm and resolved["qemu64"].svm
    assert not any(v.vmx for v in resolved.values())
    assert sum(v.svm for v in resolved.values()) == 11


def test_comments_are_no_part_of_a_model() -> None:
    # qemu64's file keeps four TCG-only features inside a comment
    assert "<feature name='abm'/>" in (DEBIAN / "x86_qemu64.xml").read_text("utf-8")
    for folder in (NEW, DEBIAN):
        assert "abm" not in _models(folder)["qemu64"].features


def test_no_vmx_or_svm_is_marked_added_or_removed() -> None:
    # The table does not rest on how libvirt reads added='yes' / removed='yes'.
    for folder in (NEW, DEBIAN):
        for path in folder.glob("x86_*.xml"):
            for feature in ET.parse(path).getroot().iter("feature"):
                if feature.get("name") in ("vmx", "svm") and path.name != "x86_features.xml":
                    assert feature.get("added") is None and feature.get("removed") is None


def test_features_vendors_and_index_hold_no_model() -> None:
    for name in ("x86_features.xml", "x86_vendors.xml", "index.xml"):
        assert parse_cpu_map_file((NEW / name).read_text("utf-8"), name) == ((), None)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<cpus><model name='x'>", "x86_x.xml: line 1, column 22: invalid XML: no element found"),
        ("<!DOCTYPE cpus [<!ENTITY a 'b'>]><cpus/>",
         "x86_x.xml: refused: the document declares a DTD or entities"),
        ("<domain/>", "x86_x.xml: not a libvirt CPU map (root element <domain>)"),
    ],
)
def test_a_bad_map_file_is_a_problem_not_an_exception(text: str, problem: str) -> None:
    assert parse_cpu_map_file(text, "x86_x.xml") == ((), problem)


def _model(name: str, based_on: str | None = None, features: tuple[str, ...] = (),
           removed: tuple[str, ...] = ()) -> MapModel:
    return MapModel(name, based_on, frozenset(features), frozenset(removed), None)


def test_a_missing_ancestor_or_a_loop_leaves_the_model_out() -> None:
    models = {m.name: m for m in (
        _model("a", "missing"), _model("b", "c"), _model("c", "b"),
        _model("base", None, ("svm",)), _model("child", "base", (), ("svm",)),
        _model("grandchild", "child", ("vmx",)),
    )}
    resolved = resolve(models)
    assert sorted(resolved) == ["base", "child", "grandchild"]
    assert resolved["child"] == ModelVirt(False, False, ("base",))  # removed='yes' drops svm
    assert resolved["grandchild"] == ModelVirt(True, False, ("child", "base"))


# ------------------------------------------------------------------- the shipped table


def _recompute(folder: Path) -> dict[str, tuple[bool, bool, list[str]]]:
    """vmx, svm and ancestors of every model, computed here without nestaudit's parser."""
    own: dict[str, tuple[str | None, set[str]]] = {}
    for path in folder.glob("x86_*.xml"):
        for model in ET.parse(path).getroot().findall("model"):
            parent = model.find("model")
            given = {f.get("name", "") for f in model.findall("feature")
                     if f.get("removed") != "yes"}
            own[model.get("name", "")] = (None if parent is None else parent.get("name"), given)
    out = {}
    for name in own:
        chain, features, current = [], set(), own[name][0]
        features |= own[name][1]
        while current is not None:
            chain.append(current)
            features |= own[current][1]
            current = own[current][0]
        out[name] = ("vmx" in features, "svm" in features, chain)
    return out


def test_shipped_table_is_what_its_xml_files_say() -> None:
    table = json.loads(TABLE.read_text("utf-8"))
    manifest = json.loads((NEW / "MANIFEST.json").read_text("utf-8"))
    assert manifest["commit"] == "5d5bb2059d4fe7d16da57e2d47e88ad37687beed"
    assert table["libvirt"] == {
        "repo": "libvirt/libvirt",
        "version": manifest["version"],
        "commit": manifest["commit"],
        "files": "tests/corpus/libvirt-cpu-map/v12.x-dev_5d5bb205",
    }
    got = {name: (e["vmx"], e["svm"], e.get("based_on", [])) for name, e in
           table["models"].items()}
    assert got == _recompute(NEW)


def test_shipped_table_matches_the_chapter_reading() -> None:
    # verdicts.md: EPYC models and qemu64 include svm, Intel models do not include vmx.
    cpu_map = shipped_map()
    shipped, _source = shipped_table()
    models = _models(NEW)
    assert len(shipped) == 176
    assert not any(v.vmx for v in shipped.values())
    svm = sorted(name for name, v in shipped.items() if v.svm)
    assert len(svm) == 37
    assert all(name.startswith(("EPYC", "qemu64", "Opteron_G", "phenom", "Dhyana"))
               for name in svm)
    assert all(shipped[name].svm for name in models if name.startswith("EPYC"))
    assert all(models[name].vendor in ("AMD", "Hygon", None) for name in svm)
    assert {"Opteron_G1", "athlon", "qemu32"}.isdisjoint(svm)
    entry = cpu_map.lookup("EPYC-Rome-v2")
    assert entry is not None and entry.virt.svm and not entry.from_host
    assert "5d5bb205" in entry.source
    assert cpu_map.lookup("NoSuchModel") is None
