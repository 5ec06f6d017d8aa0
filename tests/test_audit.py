"""`nestaudit audit`, the main job, run as a user runs it: a fresh `python -m nestaudit`.

Every sample gets the four files (bundle.json, report.html, report.pdf, report.json), a
report that validates against the shipped schema, a summary on stdout (verdict, counts,
paths) and the exit code of `check`. A fake `weasyprint` package first on PYTHONPATH,
whose import fails as the real one does without Pango, shows what happens on a host
without WeasyPrint's system libraries.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pypdf
import pytest

from judging import build_report
from nestaudit import bundle as bundle_mod
from nestaudit.audit import READY_LABEL
from nestaudit.vocabulary import Outcome

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "bundles"
SAMPLE_NAMES = sorted(p.name.removesuffix(".json") for p in SAMPLES.glob("*.json"))
SCHEMA = json.loads((REPO / "nestaudit" / "schemas" / "report.schema.json").read_text("utf-8"))
FOUR = ("bundle.json", "report.html", "report.json", "report.pdf")
NO_PANGO = "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def nestaudit(
    *args: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None, timeout: float = 180
) -> Run:
    """One `python -m nestaudit` process; the checkout comes first on the import path."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (full_env.get("PYTHONPATH", ""), str(REPO)) if p
    )
    proc = subprocess.run(
        [sys.executable, "-m", "nestaudit", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


# How the summary names each support class (what a reader sees, spelled out here).
SUPPORT_LABEL = {
    "supported": "SUPPORTED",
    "technology-preview": "TECHNOLOGY PREVIEW",
    "untested": "UNTESTED",
    "unsupported": "UNSUPPORTED",
    "unknown": "UNKNOWN",
}
OUTCOME_ORDER = [o.value for o in Outcome]


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def assert_summary(run: Run, report: dict[str, Any], out_dir: Path, files: tuple[str, ...]) -> None:
    """stdout names the verdict of each host, its counts, and every file written."""
    lines = run.out.splitlines()
    for host in report["hosts"]:
        verdict = host["verdict"]
        head = (
            f"{host['host']} ({host['role']}): {SUPPORT_LABEL[verdict['support']]}; "
            f"{READY_LABEL[verdict['ready']]}"
        )
        assert head in lines, (head, run.out)
        counts = host["counts"]["outcome"]
        expected = ", ".join(
            f"{counts[k]} {k.replace('_', ' ')}" for k in OUTCOME_ORDER if counts.get(k)
        )
        assert f"  {expected}" in lines, (expected, run.out)
        assert sum(counts.values()) == len(host["findings"])
        for finding in host["findings"]:
            if finding["outcome"] == "fail":
                assert f"{finding['rule']} ({finding['target']})" in run.out
    assert f"written to {out_dir}/:" in lines
    listed = [line.strip() for line in lines if line.startswith("  ") and "/" in line]
    assert sorted(listed) == sorted(str(out_dir / name) for name in files), run.out


# --- every sample --------------------------------------------------------------


@dataclass(frozen=True)
class Audited:
    out: Path
    run: Run
    check: Run


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Audited]:
    """`audit` and `check` of every sample, run a few processes at a time (PDF rendering
    dominates and the processes are independent)."""
    base = tmp_path_factory.mktemp("audits")

    def one(name: str) -> Audited:
        sample = SAMPLES / f"{name}.json"
        out = base / name
        return Audited(out, nestaudit("audit", sample, "-o", out, "-q"), nestaudit("check", sample))

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(SAMPLE_NAMES, pool.map(one, SAMPLE_NAMES), strict=True))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_audit_writes_the_four_files_for_every_sample(
    name: str, audited: dict[str, Audited]
) -> None:
    sample = SAMPLES / f"{name}.json"
    out, run, check = audited[name].out, audited[name].run, audited[name].check

    assert run.code in (0, 1), run.err
    assert run.code == check.code, (run.code, check.code)
    assert run.err == ""
    assert sorted(p.name for p in out.iterdir()) == sorted(FOUR)

    # bundle.json: the same evidence, loadable (and so schema-valid) by the analysis side
    written = bundle_mod.load(out / "bundle.json")
    original = bundle_mod.load(sample)
    assert written.sha256 == original.sha256
    assert written.collected_at == original.collected_at

    # report.json: valid, and the same judgement `check --format json` prints
    report = read_json(out / "report.json")
    jsonschema.validate(report, SCHEMA)
    assert report["hosts"][0]["bundle"]["sha256"] == original.sha256
    judged = build_report([original])  # what `check` judges, without another process
    assert [h["verdict"] for h in report["hosts"]] == [h["verdict"] for h in judged["hosts"]]
    assert [h["counts"] for h in report["hosts"]] == [h["counts"] for h in judged["hosts"]]

    # report.html: one self-contained page about this host
    html = (out / "report.html").read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script src" not in html and "<link" not in html
    host = report["hosts"][0]
    assert f"{host['host']}</span>" in html or host["host"] in html

    # report.pdf: a PDF whose text carries the host's verdict
    pdf = pypdf.PdfReader(io.BytesIO((out / "report.pdf").read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    support = {
        "supported": "Supported",
        "technology-preview": "Technology Preview",
        "untested": "Untested",
        "unsupported": "Unsupported",
        "unknown": "Support unknown",
    }[host["verdict"]["support"]]
    assert support in text

    assert_summary(run, report, out, FOUR)


def test_audit_of_a_root_directory_collects_it(tmp_path: Path) -> None:
    root = REPO / "samples" / "roots" / "intel-nested-off-persistent-on"
    run = nestaudit("audit", root, "-o", tmp_path / "r", "-q")
    assert run.code == nestaudit("check", root).code
    data = read_json(tmp_path / "r" / "bundle.json")
    assert data["source"]["type"] == "root"
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == sorted(FOUR)


def test_audit_without_input_collects_this_host(tmp_path: Path) -> None:
    out = tmp_path / "live"
    run = nestaudit("audit", "-o", out, "-q", cwd=tmp_path)
    assert run.code in (0, 1), run.err
    assert sorted(p.name for p in out.iterdir()) == sorted(FOUR)
    data = read_json(out / "bundle.json")
    assert data["source"]["type"] == "live"
    assert data["host"]["hostname"]
    bundle_mod.load(out / "bundle.json")
    report = read_json(out / "report.json")
    jsonschema.validate(report, SCHEMA)
    assert report["hosts"][0]["bundle"]["collected_at"] == data["collected_at"]
    assert_summary(run, report, out, FOUR)


def test_default_folder_is_named_after_host_and_date(tmp_path: Path) -> None:
    sample = SAMPLES / "l1-rhel-under-vmware.json"
    run = nestaudit("audit", sample, "-q", cwd=tmp_path)
    assert run.code == nestaudit("check", sample).code
    (folder,) = list(tmp_path.iterdir())
    report = read_json(folder / "report.json")
    collected = report["hosts"][0]["bundle"]["collected_at"]
    # a --root bundle has no live hostname: the host name comes from its /etc/hostname
    assert folder.name == f"nestaudit-{report['hosts'][0]['host']}-{collected[:10]}"
    assert folder.name == "nestaudit-l1-vmware-rhel96.lab.example.com-2026-11-20"
    assert sorted(p.name for p in folder.iterdir()) == sorted(FOUR)
    assert_summary(run, report, Path(folder.name), FOUR)


def test_existing_file_at_the_output_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("keep me\n")
    run = nestaudit("audit", SAMPLES / "intel-l0-rhel10-nested-on.json", "-o", target, "-q")
    assert run.code == 2
    assert run.out == ""
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert str(target) in run.err and "not a folder" in run.err
    assert target.read_text() == "keep me\n"


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1}')
    run = nestaudit("audit", bad, "-o", tmp_path / "out", "-q")
    assert run.code == 2
    assert run.err.count("\n") == 1 and str(bad) in run.err
    assert not (tmp_path / "out").exists()


# --- without WeasyPrint's system libraries --------------------------------------


@pytest.fixture(scope="module")
def no_pango(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """PYTHONPATH with a `weasyprint` whose import fails as the real one does when cffi
    cannot dlopen Pango."""
    fake = tmp_path_factory.mktemp("no-pango")
    (fake / "weasyprint").mkdir()
    (fake / "weasyprint" / "__init__.py").write_text(f"raise OSError({NO_PANGO!r})\n")
    return {"PYTHONPATH": str(fake)}


def test_audit_without_pango_writes_the_other_three(
    no_pango: dict[str, str], tmp_path: Path
) -> None:
    sample = SAMPLES / "intel-l0-rhel10-nested-on.json"
    out = tmp_path / "out"
    run = nestaudit("audit", sample, "-o", out, "-q", env=no_pango)
    assert run.code == nestaudit("check", sample).code == 1
    three = ("bundle.json", "report.html", "report.json")
    assert sorted(p.name for p in out.iterdir()) == sorted(three)
    why = [line for line in run.out.splitlines() if "report.pdf" in line]
    assert len(why) == 1, run.out
    assert why[0].startswith("report.pdf not written: PDF output needs Pango")
    assert "libpango-1.0-0" in why[0] and "'pango' (RHEL)" in why[0]
    assert run.err == ""
    report = read_json(out / "report.json")
    jsonschema.validate(report, SCHEMA)
    assert_summary(run, report, out, three)


def test_report_pdf_without_pango_fails_in_one_line(
    no_pango: dict[str, str], tmp_path: Path
) -> None:
    sample = SAMPLES / "intel-l0-rhel10-nested-on.json"
    target = tmp_path / "r.pdf"
    run = nestaudit("report", sample, "--format", "pdf", "-o", target, env=no_pango)
    assert run.code == 2
    assert run.out == ""
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert "install the 'libpango-1.0-0' and 'libpangoft2-1.0-0' packages" in run.err
    assert not target.exists()
    # by extension too, and every other format still works
    assert nestaudit("report", sample, "-o", target, env=no_pango).code == 2
    for ext in ("html", "md", "json", "xml", "txt"):
        other = tmp_path / f"r.{ext}"
        run = nestaudit("report", sample, "-o", other, env=no_pango)
        assert run.code == 1, run.err  # written; the sample fails a check, as `check` says
        assert other.stat().st_size > 0
