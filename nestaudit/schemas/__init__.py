"""JSON Schemas shipped with nestaudit (bundle, rule, report, topology).

`_bundle_validator.py`, `_rule_validator.py` and `_report_validator.py` are the bundle,
rule and report schemas compiled to Python by fastjsonschema (`compile_to_code`), so the
common case (a valid document) is checked without compiling a schema or importing
jsonschema; on a failure, jsonschema reports every error with its path. (The report's is
for reading a JSON report or fleet.json back, `nestaudit diff`.)

The compiled code only has to answer valid or not: it raises `Invalid` (below) instead of
fastjsonschema's exception classes, so that checking a document does not import
fastjsonschema (about 10 ms).
tools/regenerate.py generates them; tests/test_regenerate.py keeps them in step.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any


class Invalid(ValueError):
    """Raised by a compiled validator when the document does not match its schema."""

    def __init__(self, message: str, *args: Any, **details: Any) -> None:
        super().__init__(message)


def is_valid_fast(name: str, data: Any) -> bool:
    """Whether `data` is valid against schema `name`, by its compiled validator."""
    module = import_module(f"nestaudit.schemas._{name}_validator")
    entry = next(v for k, v in vars(module).items() if re.match(r"validate_.*_json$", k))
    try:
        entry(data)
    except Invalid:
        return False
    return True
