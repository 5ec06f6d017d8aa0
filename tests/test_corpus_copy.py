"""The in-repo copies of shared data must not drift from ../shared (where it exists), and
the corpus folders gathered elsewhere must stay byte for byte what their manifests name."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS_COPY = REPO / "tests" / "corpus"
# Folders of tests/corpus that come from upstream directly, not from ../shared/corpus: each
# has its own README naming its origin, and its own test of its files (the git blob id of
# every file, from a MANIFEST.json or cases.json).
OWN_ORIGIN = (
    "libvirt-cpu-map", "libvirt-qemuxml", "virt-what-suite", "dracut", "syslinux", "virt-install",
    "sos",
)
# the licences those folders' files come under, as their MANIFEST.json states it
# ("program output": files a real run of a program wrote, as sos/README.md says)
LICENCES = ("LGPL-2.1-or-later", "GPL-2.0-only", "GPL-2.0-or-later", "Apache-2.0",
            "program output")

# (copy in the repository, original under ../shared)
COPIES = [
    (REPO / "nestaudit" / "data" / "limitations.yaml", SHARED / "spec" / "limitations.yaml"),
    # the readings every "reading: verdicts.md, ..." line of a finding cites
    (REPO / "docs" / "verdicts.md", SHARED / "spec" / "verdicts.md"),
]


def _shared_or_skip() -> None:
    if SHARED.is_dir():
        return
    if os.environ.get("CI"):
        pytest.fail("../shared is missing: CI always has it beside the clone")
    pytest.skip("../shared is not beside this clone; nothing to compare with")


def test_corpus_copy_matches_shared() -> None:
    _shared_or_skip()
    copied = [
        p for p in CORPUS_COPY.rglob("*")
        if p.is_file() and p.name != "README.md"
        and p.relative_to(CORPUS_COPY).parts[0] not in OWN_ORIGIN
    ]
    assert len(copied) > 200
    drifted = []
    for path in copied:
        original = SHARED / "corpus" / path.relative_to(CORPUS_COPY)
        if not original.is_file() or original.read_bytes() != path.read_bytes():
            drifted.append(str(path.relative_to(REPO)))
    assert drifted == [], f"copies differ from ../shared/corpus: {drifted[:10]}"


def test_spec_copies_match_shared() -> None:
    _shared_or_skip()
    for copy, original in COPIES:
        if not copy.exists():
            pytest.fail(f"{copy.relative_to(REPO)} is missing")
        assert copy.read_bytes() == original.read_bytes(), (
            f"{copy.relative_to(REPO)} differs from {original}; copy it again"
        )


def _git_blob(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@pytest.mark.parametrize(
    "manifest",
    sorted(p for name in OWN_ORIGIN for p in (CORPUS_COPY / name).rglob("MANIFEST.json")),
    ids=lambda p: str(p.parent.relative_to(CORPUS_COPY)),
)
def test_own_origin_files_match_their_manifest(manifest: Path) -> None:
    folder = manifest.parent
    listed = json.loads(manifest.read_text("utf-8"))
    assert listed["licence"] in LICENCES
    rows = {row["file"]: row["git_blob"] for row in listed["files"]}
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
               if p.is_file() and p.name not in ("MANIFEST.json", "README.md")}
    assert present == set(rows), "every file is listed in MANIFEST.json, and only those"
    changed = [name for name, blob in rows.items()
               if _git_blob((folder / name).read_bytes()) != blob]
    assert changed == [], f"differ from the upstream blob their manifest names: {changed}"
