"""Where the data folders are: inside an installed wheel, or at the top of a checkout.

The wheel carries the top-level `rules/`, `templates/` and `docs/readings.md` as
`nestaudit/_data/...`
(pyproject.toml, force-include); an editable install or a checkout uses them in place.
"""

from __future__ import annotations

from pathlib import Path

from nestaudit.errors import RenderError

PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    """The folder `name` ("rules" or "templates"), wherever this installation keeps it."""
    installed = PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return PACKAGE.parent / name


def rules_dir() -> Path:
    return _data_dir("rules")


def templates_dir() -> Path:
    """The folder of the report templates, CSS and JS; RenderError when it is missing."""
    found = _data_dir("templates")
    if not (found / "report.html.j2").is_file():
        raise RenderError(
            f"{found}: report templates not found; the installation is incomplete"
        )
    return found


def readings_file() -> Path:
    """docs/readings.md, the readings findings cite by section (shipped in the wheel)."""
    installed = PACKAGE / "_data" / "docs" / "readings.md"
    return installed if installed.is_file() else PACKAGE.parent / "docs" / "readings.md"


def limitations_file() -> Path:
    """The catalogue copy shipped in the package (tests/test_corpus_copy.py guards it)."""
    return PACKAGE / "data" / "limitations.yaml"
