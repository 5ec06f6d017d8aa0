"""The in-repo copies of shared data must not drift from ../shared (where it exists)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS_COPY = REPO / "tests" / "corpus"
# Folders of tests/corpus that come from upstream directly, not from ../shared/corpus; each
# has its own README naming its origin (and its own test of its files).
OWN_ORIGIN = ("virt-what-suite",)

# (copy in the repository, original under ../shared)
COPIES = [
    (REPO / "nestaudit" / "data" / "limitations.yaml", SHARED / "spec" / "limitations.yaml"),
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
