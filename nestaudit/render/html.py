"""The self-contained HTML report (and the HTML that PDF output is printed from).

Jinja2 with autoescape on and StrictUndefined; templates, CSS and JS live in the
top-level `templates/` folder and are inlined into one file. Host data reaches the page
only through autoescaped expressions and data-* attributes: nothing from a host is
marked safe, and no JSON is embedded in <script>.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2

from nestaudit.render.groups import CHAIN_CARDS_MAX, COMPACT_ABOVE, PRINT_TARGETS_MAX
from nestaudit.render.labels import OUTCOME_COLORS
from nestaudit.render.summary import below_words
from nestaudit.render.view import Report
from nestaudit.resources import templates_dir

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

REASONS_MAX = 8
"""Verdict reasons shown before the rest fold away (reasons alike but for their target are
one already)."""
REASON_TARGETS_MAX = 6
"""Targets a verdict reason names; the findings below name them all."""


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment shared by the HTML and PDF renderers."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )




def render_html(view: Report, *, for_print: bool = False, paper: str = "a4") -> str:
    """The report as one HTML document with inline CSS and JS and no external URL.

    `for_print` drops the script and the interactive controls (the PDF build) and sets the
    page size; the browser version keeps its print stylesheet for Ctrl+P.
    """
    template = environment().get_template("report.html.j2")
    return template.render(
        report=view,
        csp=CSP,
        for_print=for_print,
        paper="letter" if paper == "letter" else "A4",
        outcome_colors=OUTCOME_COLORS,
        below_words=below_words,
        reasons_max=REASONS_MAX,
        reason_targets_max=REASON_TARGETS_MAX,
        chain_cards_max=CHAIN_CARDS_MAX,
        compact_above=COMPACT_ABOVE,
        # A printed report names every domain once (in the domains table) and every target
        # of a failing check in its finding, and at most this many names elsewhere (the
        # summary at the top, passing checks, chains): long lists cost pages and layout time.
        print_limit=PRINT_TARGETS_MAX if for_print else None,
    )
