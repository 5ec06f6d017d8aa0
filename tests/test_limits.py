"""nestaudit/limits.py and engine/regex.py in-process: each limit holds on the smallest
input that crosses it, and what stays inside is read as before. The hostile inputs through
the command line are tests/test_hostile_limits.py."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from nestaudit import limits
from nestaudit.engine.regex import MAX_SUBJECT, RegexRefused, check_pattern
from nestaudit.facts.evidence import EvidenceLog


def test_read_regular_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(limits.LimitError, match="not a regular file \\(a FIFO\\)"):
        limits.read_regular(fifo, 10)
    with pytest.raises(limits.LimitError, match="a character device"):
        limits.read_regular("/dev/zero", 10)
    with pytest.raises(limits.LimitError, match="a directory"):
        limits.read_regular(tmp_path, 10)


def test_prefetch_advises_only_regular_files_within_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small, large, failing = (tmp_path / n for n in ("small.json", "large.json", "failing.json"))
    small.write_bytes(b"{}")
    large.write_bytes(b"x" * 11)
    failing.write_bytes(b"{}")
    os.mkfifo(tmp_path / "fifo")
    advised: list[str] = []

    def advise(fd: int, offset: int, length: int, advice: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        advised.append(os.path.basename(path))
        assert (offset, length, advice) == (0, 0, os.POSIX_FADV_WILLNEED)
        if path.endswith("failing.json"):
            raise OSError(22, "Invalid argument")  # best effort: not raised on

    monkeypatch.setattr(os, "posix_fadvise", advise)
    paths = [str(p) for p in (small, large, failing, tmp_path / "fifo", tmp_path / "gone",
                              tmp_path)]
    limits.prefetch([*paths, "/dev/zero"], 10)
    assert advised == ["small.json", "failing.json"]


def test_read_regular_caps_the_size_before_reading(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse"
    with sparse.open("wb") as handle:
        handle.truncate(10 * limits.MiB)  # nothing on disk: refused from its size
    with pytest.raises(limits.LimitError, match="over the limit of 1024"):
        limits.read_regular(sparse, 1024)
    (tmp_path / "small").write_bytes(b"x" * 1024)
    assert limits.read_regular(tmp_path / "small", 1024) == b"x" * 1024


def test_gunzip_stops_at_the_cap_and_names_truncation() -> None:
    bomb = gzip.compress(b"\0" * (4 * limits.MiB))
    with pytest.raises(limits.LimitError, match="decompresses to more than the limit"):
        limits.gunzip(bomb, limits.MiB)
    assert limits.gunzip(bomb, 4 * limits.MiB) == b"\0" * (4 * limits.MiB)
    whole = gzip.compress(b'{"a": 1}' * 1000)
    with pytest.raises(limits.LimitError, match="truncated gzip data"):
        limits.gunzip(whole[: len(whole) // 2], limits.MiB)
    with pytest.raises(limits.LimitError, match="corrupt gzip data"):
        limits.gunzip(b"\x1f\x8b\x08\x00garbage-garbage", limits.MiB)
    # two members, as `cat a.gz b.gz` makes, and padding after the last
    assert limits.gunzip(gzip.compress(b"ab") + gzip.compress(b"cd") + b"\0\0", 10) == b"abcd"


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ('{"a": [1, {"b": 2}]}', 3),
        ('{"a": "[[[[{{{{", "b": "\\"]]]"}', 1),  # brackets in strings do not count
        ("[" * 65 + "]" * 65, 65),
        ('["a\\\\"]', 1),
        ('"' + '\\"' * 10_000, 0),  # an unclosed string: linear, not retried per quote
    ],
)
def test_json_depth(text: str, depth: int) -> None:
    assert limits.json_depth(text) == depth


@pytest.mark.parametrize(
    "text",
    ["1", "[]", '{"a": [1, {"b": 2}]}', '{"a": "[[[[{{{{", "b": "\\"]]]"}', "[" * 65 + "]" * 65,
     '[{"a": []}, [[[]]], {}]', '{"a": {"b": {"c": [{}]}}, "d": [1]}'],
)
def test_value_depth_counts_as_json_depth(text: str) -> None:
    assert limits.value_depth(json.loads(text)) == limits.json_depth(text)


def test_value_depth_limit_is_64() -> None:
    limits.check_value_depth(json.loads("[" * 64 + "]" * 64))
    with pytest.raises(limits.LimitError, match="JSON nested 65 levels deep"):
        limits.check_value_depth(json.loads("[" * 65 + "]" * 65))


def test_json_depth_limit_is_64() -> None:
    limits.check_json_depth("[" * 64 + "]" * 64)
    with pytest.raises(limits.LimitError, match="JSON nested 65 levels deep"):
        limits.check_json_depth("[" * 65 + "]" * 65)


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("a: &x [1]\nb: *x\n", 1, "anchor &x"),
        ("a: 1\nb: *x\n", 2, "alias *x"),
        ("a:\n  - b\n  - !!str &y c\n", 3, "anchor &y"),
        ("r: " + "[" * 65 + "]" * 65 + "\n", 1, "nested deeper than the limit of 64"),
        ("r: " + "[" * 63 + "]" * 63 + "\n", None, None),  # 64 with the mapping
        ("# " + "x" * limits.MAX_YAML_BYTES + "\n", 0, "over the limit"),
    ],
)
def test_yaml_problem(text: str, line: int | None, problem: str | None) -> None:
    found = limits.yaml_problem(text)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found[0] == line and problem in found[1], found


@pytest.mark.parametrize(
    "pattern",
    ["^(custom|host-model)$", "model", "Xeon.*v4$", r"^\d{1,3}\.\d{1,3}", "^kvm[-_]?intel",
     "(ab)*c", "(?i)epyc", "a?b?c.*d", "[ab]*", "^(?:x|y)+$"],
)
def test_bounded_patterns_pass(pattern: str) -> None:
    check_pattern(pattern)


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("(a+)+$", "a quantifier inside a repeated group"),
        ("(\\.\\d+)*", "a quantifier inside a repeated group"),
        ("(a|ab)*c", "an alternation inside a repeated group"),
        ("a*a*b", "could backtrack too much"),
        (".*foo.*bar", "could backtrack too much"),
        ("a?a?a?c.*d", "could backtrack too much"),
        ("(a)\\1", "a backreference"),
        ("(?P<x>a)(?P=x)", "a backreference"),
        ("(a)?(?(1)b|c)", "a conditional group"),
        ("(?=a)b", "a lookahead or lookbehind"),
        ("(?<!a)b", "a negative lookahead or lookbehind"),
    ],
)
def test_unbounded_patterns_are_refused(pattern: str, why: str) -> None:
    with pytest.raises(RegexRefused, match=why.replace("(", "\\(")):
        check_pattern(pattern)


def test_the_subject_cap_is_stated_once() -> None:
    assert MAX_SUBJECT == 4096


def test_evidence_log_is_linear_in_its_items() -> None:
    """200,000 distinct items for one fact: a list scan per add (as before) would take
    minutes; a dict takes a fraction of a second. Duplicates are still dropped, in order."""
    log = EvidenceLog()
    for i in range(200_000):
        log.add("kvm.nested", f"/etc/modprobe.d/f{i}.conf:1", "options kvm_intel nested=1")
    log.add("kvm.nested", "/etc/modprobe.d/f0.conf:1", "options kvm_intel nested=1")
    items = log.frozen([], {})[("kvm.nested", None)]
    assert len(items) == 200_000 and items[0].source == "/etc/modprobe.d/f0.conf:1"
    assert items[-1].source == "/etc/modprobe.d/f199999.conf:1"


def test_bundles_are_inflated_by_zlib_ng_as_zlib_inflates_them(monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    import zlib

    sample = Path(__file__).resolve().parent.parent / "samples" / "bundles"
    packed = [gzip.compress(p.read_bytes(), level) for p in sorted(sample.glob("*.json"))
              for level in (1, 9)]
    inflated = [limits.gunzip(data, limits.MiB) for data in packed]
    assert limits._inflater().__name__ == "zlib_ng.zlib_ng"  # a dependency: CI has it
    monkeypatch.setattr(limits, "_inflate", zlib)  # as it reads without zlib-ng
    assert [limits.gunzip(data, limits.MiB) for data in packed] == inflated
    with pytest.raises(limits.LimitError, match="corrupt gzip data: Error -3"):
        limits.gunzip(b"\x1f\x8b\x08\x00garbage-garbage", limits.MiB)


def test_zlib_is_the_only_gunzip() -> None:
    """Nothing in the package decompresses a bundle whole: gzip.decompress is not called."""
    package = Path(limits.__file__).parent
    users = [p.name for p in package.rglob("*.py") if "gzip.decompress" in p.read_text()]
    assert users == [], users
