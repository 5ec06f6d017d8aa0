"""Exceptions of every stage. Only the CLI turns them into a message and exit code 2.

Standard library only: the collector imports this module on bare hosts.
"""

from __future__ import annotations

# Exit codes (verdicts.md, "Exit codes and thresholds"), as bandit and OpenSCAP use them.
EXIT_OK = 0
EXIT_FINDINGS = 1
"""Something fails at or above --fail-on."""
EXIT_ERROR = 2
"""A usage or input error, or a rule that ended in error: the verdict is incomplete."""


class NestauditError(Exception):
    """Base of every error a user can cause (bad input, bad rules, bad paths).

    The message leads with the file or place it concerns, so the CLI prints it as one line.
    """


class CollectError(NestauditError):
    """The collection as a whole cannot start (a root that does not exist, say)."""


class BundleError(NestauditError):
    """A file is not a valid bundle, or is of a schema this version cannot read."""


class RuleError(NestauditError):
    """A rule file is malformed, or names an unknown fact, operator or limitation."""


class InputError(NestauditError):
    """An input path is neither a bundle, a host root nor a sosreport."""


class RenderError(NestauditError):
    """A report cannot be rendered (a missing system library for PDF, say)."""


# The Python packages a verb may need beyond the standard library, by import name.
PACKAGES = {"jinja2": "Jinja2", "yaml": "PyYAML", "jsonschema": "jsonschema",
            "orjson": "orjson", "jsonschema_rs": "jsonschema-rs", "weasyprint": "WeasyPrint",
            "markupsafe": "MarkupSafe"}


def missing_package(exc: ModuleNotFoundError, verb: str) -> str:
    """One line for a verb that needs the full install on a python3 without it."""
    name = (exc.name or "").split(".")[0]
    package = PACKAGES.get(name, name)
    return (
        f"nestaudit {verb}: needs the Python package {package}, which is not installed: "
        "install nestaudit with pip (pip install .), or run `nestaudit collect` here and "
        "judge the bundle where nestaudit is installed"
    )
