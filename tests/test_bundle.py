"""The bundle contract: loading, validation, fingerprints, and the compiled validator."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from nestaudit import bundle as bundle_mod
from nestaudit import limits
from nestaudit.errors import BundleError
from tools.regenerate import COMPILED, compiled_validator

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "bundles" / "amd-l0-rhel10-nested-on-running.json"


@pytest.mark.parametrize("name", COMPILED)
def test_compiled_validator_is_in_step_with_the_schema(name: str) -> None:
    compiled = REPO / "nestaudit" / "schemas" / f"_{name}_validator.py"
    code = compiled_validator(name)
    assert compiled.read_text() == code, "stale: python tools/regenerate.py"


def test_checking_a_valid_bundle_does_not_import_fastjsonschema() -> None:
    code = (
        "import sys\n"
        "from nestaudit import bundle\n"
        f"bundle.load({str(SAMPLE)!r})\n"
        "print('fastjsonschema' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["files"]["/proc/cpuinfo"].update(status="exploded"),
        lambda d: d["files"]["/proc/cpuinfo"].pop("content"),
        lambda d: d.update(collected_at="yesterday"),
        lambda d: d["dirs"].update({"relative/path": {"status": "ok", "entries": []}}),
        lambda d: d["commands"].update({"x": {"status": "ok"}}),
        lambda d: d.update(extra_field=1),
    ],
)
def test_fast_and_full_validators_agree(mutate: object) -> None:
    data = json.loads(SAMPLE.read_text())
    assert bundle_mod._valid_fast(data)
    assert bundle_mod.validation_errors(data) == []
    mutate(data)  # type: ignore[operator]
    assert not bundle_mod._valid_fast(data)
    assert bundle_mod.validation_errors(data)
    with pytest.raises(BundleError, match="invalid bundle"):
        bundle_mod.from_data(data, "mutated.json")


def test_sha256_is_of_canonical_json(tmp_path: Path) -> None:
    """verdicts.md, Provenance: the same for .json, .json.gz and pretty-printed copies."""
    data = json.loads(SAMPLE.read_text())
    compact = tmp_path / "a.json"
    compact.write_text(json.dumps(data, separators=(",", ":")))
    gz = tmp_path / "b.json.gz"
    gz.write_bytes(gzip.compress(json.dumps(data, indent=4).encode()))
    first = bundle_mod.load(compact).sha256
    assert first == bundle_mod.load(gz).sha256 == bundle_mod.load(SAMPLE).sha256
    assert len(first) == 64


def test_aliases_are_followed() -> None:
    b = bundle_mod.load(SAMPLE)
    assert b.dir_entries("/var/run/libvirt/qemu") == b.dir_entries("/run/libvirt/qemu")
    assert b.text("/etc/os-release") is not None


def test_json_report_bytes_equal_the_standard_library_encoding() -> None:
    """render_json uses orjson for speed; it must write what json.dumps would."""
    from judging import build_report
    from nestaudit.render import render_json

    report = build_report(
        [bundle_mod.load(REPO / "samples/bundles/intel-l0-rhel10-nested-on.json")]
    )
    expected = json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert render_json(report) == expected


def _nested(depth: int) -> object:
    value: object = "leaf"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


# (where the nesting goes, how deep): the open parts the schema leaves free, and places
# where the schema refuses it (a file record, a new top-level key)
PLACES = [
    (place, depth)
    for place in ("redaction", "host", "collector", "source", "file", "top")
    for depth in (3, 61, 62, 63, 64, 200)
]


@pytest.mark.parametrize(("place", "depth"), PLACES)
def test_a_bundle_is_measured_as_a_whole_document_would_be(
    tmp_path: Path, place: str, depth: int
) -> None:
    data = json.loads(SAMPLE.read_text("utf-8"))
    if place == "redaction":
        data["redaction"] = {"deep": _nested(depth)}
    elif place in ("host", "collector", "source"):
        data[place]["deep"] = _nested(depth)
    elif place == "file":
        data["files"]["/etc/hostname"]["deep"] = _nested(depth)
    else:
        data["deep"] = _nested(depth)
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data))
    whole_depth = limits.value_depth(data)

    def outcome(read: Callable[[], bundle_mod.Bundle]) -> str:
        try:
            loaded = read()
        except BundleError as exc:
            return str(exc)
        return f"loaded {loaded.sha256}"

    measured_first = outcome(lambda: bundle_mod.from_data(bundle_mod.read_json(path), str(path)))
    assert outcome(lambda: bundle_mod.load(path)) == measured_first
    if whole_depth > 64:
        assert measured_first == (f"{path}: not a bundle: JSON nested {whole_depth} levels "
                                  "deep, over the limit of 64")
    elif place in ("file", "top"):
        assert "invalid bundle" in measured_first
    else:
        assert measured_first.startswith("loaded ")
