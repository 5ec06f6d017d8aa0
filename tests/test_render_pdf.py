"""PDF output read back with pypdf, and the URL fetcher that keeps rendering offline."""

from __future__ import annotations

import http.server
import io
import json
import re
import socket
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest

from judging import render
from nestaudit.render import OutputFormat
from nestaudit.render.pdf import html_to_pdf, make_url_fetcher

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"report-{name}.json").read_text("utf-8"))
    return data


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def outline_titles(reader: pypdf.PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


@pytest.fixture(scope="module")
def fail_pdf() -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(render(load("l0-fail"), OutputFormat.PDF)))


def test_pdf_has_verdict_failures_and_their_fixes(fail_pdf: pypdf.PdfReader) -> None:
    assert len(fail_pdf.pages) > 0
    text = squash(" ".join(page.extract_text() for page in fail_pdf.pages))
    assert "Unsupported" in text and "Not ready" in text
    report = load("l0-fail")
    fails = [f for f in report["hosts"][0]["findings"] if f["outcome"] == "fail"]
    assert len(fails) == 4
    for finding in fails:
        assert squash(finding["title"]) in text, finding["title"]
        for step in finding["remediation"]:
            if step["kind"] in ("command", "edit"):
                for line in step["text"].splitlines():
                    assert squash(line) in text, line
    # host data arrives as text in the PDF too
    assert "<script>alert(1)</script>" in text


def test_pdf_outline_and_running_header(fail_pdf: pypdf.PdfReader) -> None:
    titles = outline_titles(fail_pdf)
    for section in ("Verdict", "Results", "Findings", "Host", "Nesting chains", "Provenance"):
        assert section in titles, (section, titles)
    assert any(t.startswith("kvm-l0.lab.example.com") for t in titles)
    assert "Fail: Nesting enabled in the running KVM module (kvm-l0.lab.example.com)" in titles
    # every page carries the host and verdict in its header and its page number
    pages = len(fail_pdf.pages)
    for number, page in enumerate(fail_pdf.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {pages}" in text
    second = fail_pdf.pages[1].extract_text()
    assert "kvm-l0.lab.example.com" in second and "Unsupported · Not ready" in second


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_pdf_paper_size(paper: str, size: tuple[int, int]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render(load("clean"), OutputFormat.PDF, paper=paper)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_pdf_is_deterministic() -> None:
    assert render(load("chain"), OutputFormat.PDF) == render(load("chain"), OutputFormat.PDF)


# --- the URL fetcher ----------------------------------------------------------


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def counting_server() -> Iterator[str]:
    _Counter.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
    "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_fetcher_refuses_every_url_but_data(
    counting_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    connects: list[Any] = []
    opens: list[Any] = []
    real_connect = socket.socket.connect

    def spy_connect(self: socket.socket, address: Any) -> Any:
        connects.append(address)
        return real_connect(self, address)

    def spy_open(self: Any, url: Any, *args: Any, **kwargs: Any) -> Any:
        opens.append(url)
        raise AssertionError(f"urllib asked to open {url!r}")

    monkeypatch.setattr(socket.socket, "connect", spy_connect)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy_open)

    asked = [
        "file:///etc/passwd",
        "file:///etc/hostname",
        "http://127.0.0.1:9/font.woff",
        f"{counting_server}/style.css",
        f"{counting_server}/logo.png",
    ]
    html = f"""<!DOCTYPE html><html><head>
<link rel="stylesheet" href="{asked[0]}">
<link rel="stylesheet" href="{asked[3]}">
<style>
@font-face {{ font-family: Remote; src: url({asked[2]}); }}
body {{ font-family: Remote, sans-serif; }}
</style></head><body>
<p>Offline marker paragraph</p>
<img src="{asked[1]}" alt="local file">
<img src="{asked[4]}" alt="remote">
<img src="{PIXEL}" alt="inline pixel">
</body></html>"""
    fetcher = make_url_fetcher()
    pdf = html_to_pdf(html, url_fetcher=fetcher)

    assert sorted(fetcher.refused) == sorted(asked)
    assert _Counter.hits == []
    assert connects == [] and opens == []
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert "Offline marker paragraph" in reader.pages[0].extract_text()
    # the data: image was served from memory, so one image is in the PDF
    assert len(reader.pages[0].images) == 1


def test_report_pdf_asks_for_no_url(monkeypatch: pytest.MonkeyPatch) -> None:
    fetcher = make_url_fetcher()
    monkeypatch.setattr("nestaudit.render.pdf.make_url_fetcher", lambda: fetcher)
    render(load("l0-fail"), OutputFormat.PDF)
    assert fetcher.refused == []


def test_printed_summary_caps_passing_targets_but_keeps_failing_ones() -> None:
    """A printed report lists every target of a failing check, at most 12 of the others."""
    from judging import reread
    from nestaudit.render.view import build_view

    report = json.loads((FIXTURES / "report-l0-fail.json").read_text())
    host = build_view(reread(report)).hosts[0]
    many = [f"vm{i:03d}" for i in range(40)]
    capped = host.describe_targets(many, 12)
    assert capped.names == tuple(many[:12]) and capped.more == 28
    assert str(capped).endswith("and 28 more")
    assert host.describe_targets(many).more == 0
