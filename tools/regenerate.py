#!/usr/bin/env python3
"""Regenerate every generated file of the repository, or check that none is stale.

    python tools/regenerate.py           write every generated file that changed
    python tools/regenerate.py --check   exit 1 naming each stale file; write nothing

Generated files (each made from its source by a function below):
- nestaudit/schemas/_{bundle,rule,report}_validator.py: the JSON Schemas compiled by fastjsonschema;
- nestaudit/data/parsed.json: the parsed index of the shipped YAML (nestaudit.engine.parsed);
- nestaudit/data/cpu_map.json: which libvirt CPU models include vmx and svm, from the libvirt
  CPU map in tests/corpus/libvirt-cpu-map/ (nestaudit.facts.cpumap reads it);
- docs/facts.md: the fact reference, from the fact registries;
- docs/rules-reference.md: the rule reference, from the rule files;
- tests/golden/**: every format rendered from the hand-made reports and the sample cases;
- docs/examples/fix.{sh,yml}: `nestaudit fix` of intel-nested-off-persistent-on, the README's
  example of each format.
Review the diff of what it wrote as you would review code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from nestaudit import DOC_URL  # noqa: E402
from nestaudit.resources import PACKAGE, limitations_file, rules_dir  # noqa: E402


class Generated(NamedTuple):
    """A generated file: where it lives and how its content is made."""

    path: Path
    make: Callable[[], bytes]


# ---------------------------------------------------------------- compiled validators

COMPILED = ("bundle", "rule", "report")
_IMPORT = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n"
_HEADER = """\
# Generated from nestaudit/schemas/{name}.schema.json by fastjsonschema.compile_to_code
# (tools/regenerate.py); do not edit. tests/test_regenerate.py fails when it is out of step
# with the schema; regenerate with python tools/regenerate.py.
"""


def compiled_validator(name: str) -> str:
    """The Python source of schema `name`'s compiled validator. It raises
    nestaudit.schemas.Invalid, so that checking a document never imports fastjsonschema."""
    import fastjsonschema

    text = (PACKAGE / "schemas" / f"{name}.schema.json").read_text("utf-8")
    code = fastjsonschema.compile_to_code(json.loads(text))
    if _IMPORT not in code:
        raise RuntimeError("fastjsonschema's generated code no longer imports its exceptions")
    replacement = (
        "from nestaudit.schemas import Invalid as JsonSchemaValueException\n"
        "from nestaudit.schemas import Invalid as JsonSchemaValuesException\n"
    )
    return _HEADER.format(name=name) + code.replace(_IMPORT, replacement)


# ---------------------------------------------------------------- parsed index


def parsed_index() -> dict[str, Any]:
    """The index of the files this checkout ships (what nestaudit/data/parsed.json holds).

    Rule files keep their rules' lines and float literals; the support tables and the
    limitation catalogue keep their data. A file with a problem is left out.
    """
    from nestaudit.engine.parsed import FORMAT, digest, load_yaml_uncached
    from nestaudit.engine.yamldoc import index_entry

    files: dict[str, Any] = {}
    base = rules_dir()
    for path in sorted(base.glob("*.yaml")):
        text = path.read_text("utf-8")
        entry = index_entry(text, str(path))
        if entry is not None:
            files[digest(text)] = {"file": path.relative_to(base.parent).as_posix(), **entry}
    for path in [*sorted((base / "tables").glob("*.yaml")), limitations_file()]:
        text = path.read_text("utf-8")
        top = base.parent if path.is_relative_to(base.parent) else PACKAGE.parent
        files[digest(text)] = {
            "file": path.relative_to(top).as_posix(),
            "data": load_yaml_uncached(text),
        }
    for entry in files.values():
        # Only what JSON carries unchanged: no dates, no non-string keys.
        if json.loads(json.dumps(entry["data"])) != entry["data"]:
            raise ValueError(f"{entry['file']}: its parsed data does not survive JSON")
    return {"format": FORMAT, "files": dict(sorted(files.items()))}


def _parsed_json() -> bytes:
    # Key order as written in the YAML (the files are sorted by hash): loading keeps it.
    return (json.dumps(parsed_index(), indent=1, ensure_ascii=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------- CPU map table

CPU_MAP_SOURCE = REPO / "tests" / "corpus" / "libvirt-cpu-map" / "v12.x-dev_5d5bb205"
"""The libvirt CPU map the shipped table is made from (its MANIFEST.json names the commit)."""


def cpu_map_table(folder: Path = CPU_MAP_SOURCE) -> dict[str, Any]:
    """nestaudit/data/cpu_map.json: for each x86 model of libvirt's map, whether it includes
    vmx and svm, its ancestors followed; with the libvirt version and commit it came from."""
    from nestaudit.facts.cpumap import FORMAT
    from nestaudit.facts.parsers.cpumap import MapModel, parse_cpu_map_file, resolve

    manifest = json.loads((folder / "MANIFEST.json").read_text("utf-8"))
    models: dict[str, MapModel] = {}
    for path in sorted(folder.glob("x86_*.xml")):
        found, problem = parse_cpu_map_file(path.read_text("utf-8"), path.name)
        if problem is not None:
            raise ValueError(problem)
        for model in found:
            if model.name in models:
                raise ValueError(f"{path.name}: model {model.name} is defined twice")
            models[model.name] = model
    resolved = resolve(models)
    if set(resolved) != set(models):
        raise ValueError(f"{folder}: models based on a missing one: "
                         f"{sorted(set(models) - set(resolved))}")
    table: dict[str, Any] = {}
    for name in sorted(resolved):
        virt = resolved[name]
        entry: dict[str, Any] = {"vmx": virt.vmx, "svm": virt.svm}
        if virt.based_on:
            entry["based_on"] = list(virt.based_on)
        table[name] = entry
    return {
        "format": FORMAT,
        "libvirt": {
            "repo": "libvirt/libvirt",
            "version": manifest["version"],
            "commit": manifest["commit"],
            "files": folder.relative_to(REPO).as_posix(),
        },
        "models": table,
    }


def _cpu_map_json() -> bytes:
    return (json.dumps(cpu_map_table(), indent=1) + "\n").encode("utf-8")


# ---------------------------------------------------------------- references


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def facts_reference() -> str:
    """docs/facts.md: every fact the rules may use, parsed or derived while judging."""
    from nestaudit.facts.registry import FACTS, FactSpec
    from nestaudit.judge.registry import judged_facts

    lines = [
        "# Fact reference",
        "",
        "<!-- Generated by tools/regenerate.py from the fact registries; do not edit. -->",
        "",
        "Every fact the parsers derive from a bundle, and every fact judging derives from",
        "them, that the rules may use. A fact the bundle cannot tell is *unknown*, never",
        "false: the last column says when. In JSON output (`nestaudit facts --format json`) an",
        "unknown fact is `null` and its name is listed in the sibling `unknown` list; `null`",
        "outside that list is the value None. Versions are strings and compare numerically in",
        "rules.",
        "",
        f"Source chapter: {DOC_URL}",
        "",
    ]
    groups: dict[str, list[FactSpec]] = {}
    for spec in [*FACTS.values(), *judged_facts().values()]:
        groups.setdefault(spec.name.split(".", 1)[0], []).append(spec)
    for group, specs in groups.items():
        scopes = sorted({spec.scope for spec in specs})
        lines.append(f"## `{group}.*` ({' and '.join(scopes)} scope)")
        lines.append("")
        lines.append("| fact | type | meaning | source | unknown when |")
        lines.append("|---|---|---|---|---|")
        lines.extend(
            f"| `{spec.name}` | {_cell(spec.type)} | {_cell(spec.doc)} | "
            f"{_cell(spec.source)} | {_cell(spec.unknown_when)} |"
            for spec in specs
        )
        lines.append("")
    return "\n".join(lines)


_SAMPLE_VERBS = {
    "fail": "fails on",
    "info": "reports info on",
    "pass": "passes on",
    "not_applicable": "does not apply on",
    "unknown": "cannot tell on",
}
"""How the rule reference says that a rule reaches an outcome on its samples."""


def _sample_link(sample: str) -> str:
    """A sample (a bundle name, or names joined by `+`) linked to samples/README.md."""
    names = sample.split("+")
    linked = " + ".join(f"[`{name}`](../samples/README.md#{name})" for name in names)
    return f"{linked} (judged together)" if len(names) > 1 else linked


def rules_reference() -> str:
    """docs/rules-reference.md: every built-in rule, as its file states it."""
    from nestaudit.engine.catalogue import catalogue
    from nestaudit.judge.registry import builtin_rules

    limitations = catalogue()
    lines = [
        "# Rule reference",
        "",
        "<!-- Generated by tools/regenerate.py from rules/*.yaml; do not edit. -->",
        "",
        "Every built-in rule: why it matters, the limitation of the chapter it encodes, when",
        "it applies and when it is violated (in the words of `nestaudit rules show`), and the",
        "sample hosts where it fires and where it passes. A sample is a bundle of",
        "`samples/bundles/` judged alone, or `a` + `b` judged together (an L0 and its L1); a",
        "domain rule counts when any of its VMs reaches the outcome; `tests/test_rules.py`",
        "judges every sample named here. The samples are described in",
        "[samples/README.md](../samples/README.md), the rule language in [rules.md](rules.md),",
        "the facts the rules read in [facts.md](facts.md).",
        "",
    ]
    by_file: dict[str, list[Any]] = {}
    for rule in builtin_rules():
        by_file.setdefault(Path(rule.file).name, []).append(rule)
    for file, rules in sorted(by_file.items()):
        lines.extend([f"## `rules/{file}`", ""])
        for rule in sorted(rules, key=lambda r: r.line):
            limitation = limitations.get(rule.limitation)
            section = f", section {limitation.section}" if limitation else ""
            lines.extend([f"### `{rule.id}`: {rule.title}", ""])
            if rule.description:
                lines.extend([" ".join(rule.description.split()), ""])
            lines.append(
                f"- limitation `{rule.limitation}`{section}; {rule.scope} scope; severity "
                f"{rule.severity}; on violation `{rule.on_violation}`"
            )
            if rule.applies is not None:
                lines.append(f"- applies when: `{rule.applies.describe()}`")
            lines.append(f"- violated when: `{rule.violated.describe()}`")
            if rule.reading:
                lines.append(f"- reading: {rule.reading}")
            named = dict(rule.samples)
            if rule.on_violation not in named:
                lines.append(
                    f"- {_SAMPLE_VERBS[rule.on_violation]}: no committed sample shows it "
                    "(tests/test_rules.py says why, and which test shows it instead)"
                )
            for outcome, names in rule.samples:
                shown = ", ".join(_sample_link(name) for name in names)
                lines.append(f"- {_SAMPLE_VERBS[outcome]}: {shown}")
            lines.append(f"- defined in `rules/{file}`, line {rule.line}")
            lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- golden files

GOLDEN = REPO / "tests" / "golden"
FIXTURES = REPO / "tests" / "fixtures"
HAND_MADE = ("l0-fail", "clean", "chain")
"""Hand-made reports (tests/fixtures/report-<name>.json) rendered in every format."""

SAMPLE_CASES: dict[str, tuple[str, ...]] = {
    "intel-l0-rhel10-nested-on": ("intel-l0-rhel10-nested-on",),
    "amd-l0-rhel10-nested-on-running": ("amd-l0-rhel10-nested-on-running",),
    "ibmz-lpar-hpage-nested": ("ibmz-lpar-hpage-nested",),
    "l1-rhel-under-vmware": ("l1-rhel-under-vmware",),
    "intel-nested-off-persistent-on": ("intel-nested-off-persistent-on",),
    # an L0 and the L1 running in one of its domains: one linked chain L0 -> L1 -> L2
    "chain-intel-l0-kvm-l1": ("intel-l0-rhel10-nested-on", "l1-rhel-under-kvm-exposing"),
}
"""Sample cases (samples/bundles/<name>.json, judged together) rendered in every format."""

GOLDEN_FORMATS = {"html": "html", "md": "md", "json": "json", "junit": "xml", "text": "txt"}
"""Output format -> the extension of its golden file (PDF is read back, not compared)."""


def hand_made(name: str) -> Any:
    """The Assessment of a hand-made report."""
    from nestaudit.report import from_json

    path = FIXTURES / f"report-{name}.json"
    return from_json(json.loads(path.read_text("utf-8")), str(path))


def sample_case(case: str) -> Any:
    """The Assessment of a sample case, with the same origins in every checkout."""
    from nestaudit import bundle
    from nestaudit.judge import assess

    bundles = []
    for name in SAMPLE_CASES[case]:
        origin = f"samples/bundles/{name}.json"
        bundles.append(bundle.from_data(json.loads((REPO / origin).read_text("utf-8")), origin))
    return assess(bundles)


def _rendered(assessment: Callable[[], Any], fmt: str) -> Callable[[], bytes]:
    def make() -> bytes:
        from nestaudit.render import OutputFormat, render

        return render(assessment(), OutputFormat(fmt))

    return make


def _cached(make: Callable[[], Any]) -> Callable[[], Any]:
    made: list[Any] = []

    def once() -> Any:
        if not made:
            made.append(make())
        return made[0]

    return once


def goldens() -> Iterator[Generated]:
    for name in HAND_MADE:
        report = _cached(lambda name=name: hand_made(name))  # type: ignore[misc]
        for fmt, ext in GOLDEN_FORMATS.items():
            yield Generated(GOLDEN / f"report-{name}.{ext}", _rendered(report, fmt))
    for case in SAMPLE_CASES:
        judged = _cached(lambda case=case: sample_case(case))  # type: ignore[misc]
        for fmt, ext in GOLDEN_FORMATS.items():
            yield Generated(GOLDEN / "samples" / f"{case}.{ext}", _rendered(judged, fmt))


def fix_example(fmt: str) -> Callable[[], bytes]:
    """What `nestaudit fix samples/bundles/intel-nested-off-persistent-on.json` writes in `fmt`."""

    def make() -> bytes:
        from nestaudit.fix import FixFormat, write_fix
        from nestaudit.judge.registry import load_rules

        judged = sample_case("intel-nested-off-persistent-on")
        return write_fix(judged, load_rules(), FixFormat(fmt)).encode("utf-8")

    return make


# ---------------------------------------------------------------- all of them


def generated() -> list[Generated]:
    """Every generated file, in the order they are made (the index before what it speeds)."""
    return [
        *(
            Generated(
                PACKAGE / "schemas" / f"_{name}_validator.py",
                lambda name=name: compiled_validator(name).encode("utf-8"),  # type: ignore[misc]
            )
            for name in COMPILED
        ),
        Generated(PACKAGE / "data" / "parsed.json", _parsed_json),
        Generated(PACKAGE / "data" / "cpu_map.json", _cpu_map_json),
        Generated(REPO / "docs" / "facts.md", lambda: facts_reference().encode("utf-8")),
        Generated(REPO / "docs" / "rules-reference.md", lambda: rules_reference().encode("utf-8")),
        *goldens(),
        Generated(REPO / "docs" / "examples" / "fix.sh", fix_example("sh")),
        Generated(REPO / "docs" / "examples" / "fix.yml", fix_example("ansible")),
    ]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 naming every stale file"
    )
    args = parser.parse_args(argv)
    stale = []
    for item in generated():
        data = item.make()
        old = item.path.read_bytes() if item.path.is_file() else None
        if old == data:
            continue
        name = item.path.relative_to(REPO)
        stale.append(str(name))
        if args.check:
            print(f"stale: {name}")
            continue
        item.path.parent.mkdir(parents=True, exist_ok=True)
        item.path.write_bytes(data)
        print(f"wrote: {name} ({_digest(data)})")
    if args.check:
        print(f"{len(stale)} stale" if stale else "every generated file is up to date")
        return 1 if stale else 0
    print(f"{len(stale)} written" if stale else "every generated file is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
