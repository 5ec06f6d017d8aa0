"""Where the renderers find their templates, in a source checkout and in a wheel.

A wheel carries the top-level `templates/` folder as `nestaudit/_data/templates`
(pyproject's force-include); a source checkout has it beside the package.
"""

from __future__ import annotations

from pathlib import Path

import nestaudit
from nestaudit.errors import RenderError


def templates_dir() -> Path:
    """The folder that holds the report templates, CSS and JS.

    Prefers the copy inside the installed package, then the checkout's `templates/`.
    """
    package = Path(nestaudit.__file__).resolve().parent
    candidates = (package / "_data" / "templates", package.parent / "templates")
    for candidate in candidates:
        if (candidate / "report.html.j2").is_file():
            return candidate
    raise RenderError(
        f"{candidates[0]}: report templates not found (nor in {candidates[1]}); "
        "the installation is incomplete"
    )
