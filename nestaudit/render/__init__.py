"""Renderers: every output format from one Assessment.

`render(assessment, fmt)` returns the bytes of one format. JSON is the report contract
(`nestaudit.report.to_json`); every other format reads the same view
(`nestaudit.render.view.build_view`), so they agree on order, labels and counts.
Output is deterministic: nothing depends on the clock or on random ids.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from nestaudit.errors import RenderError
from nestaudit.judge.assessment import Assessment

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - the analysis side targets 3.11, this keeps 3.9 importable
    from typing import NoReturn

    def assert_never(value: NoReturn) -> NoReturn:
        raise AssertionError(f"unhandled value: {value!r}")


__all__ = ["OutputFormat", "RenderError", "format_from_path", "render"]


class OutputFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"
    MD = "md"
    HTML = "html"
    PDF = "pdf"
    JUNIT = "junit"


_SUFFIXES: dict[str, OutputFormat] = {
    ".html": OutputFormat.HTML,
    ".htm": OutputFormat.HTML,
    ".pdf": OutputFormat.PDF,
    ".md": OutputFormat.MD,
    ".markdown": OutputFormat.MD,
    ".json": OutputFormat.JSON,
    ".xml": OutputFormat.JUNIT,
    ".txt": OutputFormat.TEXT,
}


def format_from_path(path: str | PurePath) -> OutputFormat | None:
    """The format an output file name asks for, by its suffix (case-insensitive); None
    when the suffix names no format."""
    return _SUFFIXES.get(PurePath(path).suffix.lower())


def render_json(report: Mapping[str, Any]) -> str:
    """Canonical pretty JSON: sorted keys, UTF-8 text kept as is, trailing newline.

    orjson writes the same bytes as `json.dumps(indent=2, sort_keys=True,
    ensure_ascii=False)` (a test holds them equal) about fifteen times faster; the
    standard library's indenting encoder is pure Python.
    """
    try:
        import orjson
    except ModuleNotFoundError:  # a bare python3: the same bytes, only slower
        import json

        return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return orjson.dumps(report, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"


def render(
    assessment: Assessment,
    fmt: OutputFormat,
    *,
    color: bool = False,
    paper: str = "a4",
) -> bytes:
    """Render `assessment` as `fmt`. `color` is for text only, `paper` ("a4" or "letter")
    for PDF only. Raises RenderError when the format cannot be produced here."""
    if fmt is OutputFormat.JSON:
        from nestaudit.report import to_json

        return render_json(to_json(assessment)).encode("utf-8")
    # imported here, not above: JSON output (check --format json) skips the view
    from nestaudit.render.view import build_view

    view = build_view(assessment)
    if fmt is OutputFormat.TEXT:
        from nestaudit.render.text import render_text

        return render_text(view, color=color).encode("utf-8")
    if fmt is OutputFormat.MD:
        from nestaudit.render.markdown import render_markdown

        return render_markdown(view).encode("utf-8")
    if fmt is OutputFormat.HTML:
        from nestaudit.render.html import render_html

        return render_html(view).encode("utf-8")
    if fmt is OutputFormat.PDF:
        from nestaudit.render.pdf import render_pdf

        return render_pdf(view, paper=paper)
    if fmt is OutputFormat.JUNIT:
        from nestaudit.render.junit import render_junit

        return render_junit(view)
    assert_never(fmt)
