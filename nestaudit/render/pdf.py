"""PDF output: WeasyPrint over the report's HTML with its print stylesheet.

Rendering fetches nothing. Every resource WeasyPrint asks for goes through a fetcher that
refuses all URLs except `data:`, which it decodes in memory; a refusal is an ordinary
exception, which WeasyPrint tolerates (the resource is skipped, the PDF still renders).
WeasyPrint is imported only here and only when a PDF is asked for, because it needs
Pango at import time.
"""

from __future__ import annotations

import importlib
import urllib.request
from typing import Any

from nestaudit.errors import RenderError
from nestaudit.render.html import render_html
from nestaudit.render.view import Report

PANGO_HINT = (
    "PDF output needs Pango: install the 'libpango-1.0-0' and 'libpangoft2-1.0-0' "
    "packages (Debian) or 'pango' (RHEL)"
)


class FetchRefused(ValueError):
    """Raised for every URL but data:; WeasyPrint logs it and skips the resource."""


def _import_weasyprint() -> Any:
    try:
        weasyprint = importlib.import_module("weasyprint")
    except OSError as exc:  # cffi cannot dlopen Pango or its friends
        raise RenderError(f"{PANGO_HINT} ({exc})") from exc
    except ImportError as exc:
        raise RenderError(
            "PDF output needs the 'weasyprint' Python package: pip install weasyprint"
        ) from exc
    return weasyprint


def _decode_data_url(url: str) -> tuple[bytes, str]:
    """The bytes and media type of a data: URL, decoded in memory by urllib's DataHandler."""
    response = urllib.request.DataHandler().data_open(urllib.request.Request(url))
    body: bytes = response.read()
    return body, response.headers.get_content_type()


def make_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves data: URLs and refuses everything else.

    Each call returns a fresh fetcher whose `refused` list records the URLs it turned
    down, in order (the tests read it). Works with WeasyPrint's URLFetcher class (v66
    and later) and with the plain-function contract of older versions.
    """
    weasyprint = _import_weasyprint()
    urls = weasyprint.urls
    base = getattr(urls, "URLFetcher", None)

    if base is None:  # WeasyPrint < 66: a callable returning a dict

        class LegacyFetcher:
            def __init__(self) -> None:
                self.refused: list[str] = []

            def __call__(self, url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
                if url.lower().startswith("data:"):
                    body, mime = _decode_data_url(url)
                    return {"string": body, "mime_type": mime, "redirected_url": url}
                self.refused.append(url)
                raise FetchRefused(f"{url}: nestaudit fetches no URL while rendering a PDF")

        return LegacyFetcher()

    class RefusingFetcher(base):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), fail_on_errors=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.lower().startswith("data:"):
                body, mime = _decode_data_url(url)
                return urls.URLFetcherResponse(url, body, {"Content-Type": mime})
            self.refused.append(url)
            raise FetchRefused(f"{url}: nestaudit fetches no URL while rendering a PDF")

    return RefusingFetcher()


def html_to_pdf(html: str, *, url_fetcher: Any = None) -> bytes:
    """Render an HTML string to PDF bytes with a refusing fetcher (a fresh one by default)."""
    weasyprint = _import_weasyprint()
    fetcher = url_fetcher if url_fetcher is not None else make_url_fetcher()
    try:
        document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
        pdf = document.write_pdf()
    except RenderError:
        raise
    except Exception as exc:  # WeasyPrint raises assorted errors on layout problems
        raise RenderError(f"PDF rendering failed: {type(exc).__name__}: {exc}") from exc
    if not isinstance(pdf, bytes):
        raise RenderError("PDF rendering failed: WeasyPrint returned no document")
    return pdf


def render_pdf(view: Report, *, paper: str = "a4") -> bytes:
    """The report as a PDF: A4 or Letter, page numbers, running header, bookmarks."""
    if paper not in ("a4", "letter"):
        raise RenderError(f"paper {paper!r}: choose 'a4' or 'letter'")
    return html_to_pdf(render_html(view, for_print=True, paper=paper))
