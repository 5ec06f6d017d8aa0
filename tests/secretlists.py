"""The hand-written secret lists (tests/secrets/) and the search for them in outputs.

A list names the values of one input that identify a host or its guests; a redacted
bundle, and anything rendered from it, must hold none of them. The search is forgiving
of how a format spells text: lower case, HTML and XML entities decoded, Markdown escapes
dropped, and with no white space at all (a PDF line break may split a value).
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pypdf

from judging import render
from nestaudit.render import OutputFormat

SECRETS = Path(__file__).resolve().parent / "secrets"


def secrets_of(name: str) -> list[str]:
    """The values of tests/secrets/<name>.txt; lines starting with # are comments."""
    lines = (SECRETS / f"{name}.txt").read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _strings(value: Any) -> list[str]:
    """Every key and string of a JSON value, base64 contents decoded."""
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            out.append(str(key))
            if key == "content" and value.get("encoding") == "base64":
                out.append(base64.b64decode(item).decode("utf-8", errors="replace"))
            else:
                out += _strings(item)
    elif isinstance(value, list):
        for item in value:
            out += _strings(item)
    elif isinstance(value, str):
        out.append(value)
    return out


def bundle_text(bundle: dict[str, Any]) -> str:
    return "\n".join([json.dumps(bundle), *_strings(bundle)])


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _forms(text: str) -> list[str]:
    """The text as searched: lower case; HTML/XML entities decoded; Markdown escapes
    dropped; and with no white space at all (a PDF line break may split a value)."""
    low = text.lower()
    plain = html.unescape(low).replace("\\", "")
    return [low, plain, re.sub(r"\s+", "", plain)]


def leaked(secrets: list[str], text: str) -> list[str]:
    """The secrets found in `text`, in any of the forms searched."""
    forms = _forms(text)
    return [s for s in secrets
            if any(s.lower() in form for form in forms[:2])
            or re.sub(r"\s+", "", s.lower()) in forms[2]]


def outputs_of(report: dict[str, Any], *, pdf: bool = True) -> dict[str, str]:
    """Every format rendered from a JSON report, as text (the PDF's text extracted; the
    PDF, seconds to make, left out when not `pdf`)."""
    out = {fmt.value: render(report, fmt).decode("utf-8")
           for fmt in (OutputFormat.JSON, OutputFormat.HTML, OutputFormat.MD,
                       OutputFormat.TEXT, OutputFormat.JUNIT)}
    if pdf:
        out["pdf"] = pdf_text(render(report, OutputFormat.PDF))
    return out
