"""JSON Schemas shipped with nestaudit (bundle, rule, report, topology).

`_bundle_validator.py` and `_rule_validator.py` are the bundle and rule schemas compiled
to Python by fastjsonschema (`compile_to_code`), so the common case (a valid document) is
checked without compiling a schema or importing jsonschema; on a failure, jsonschema
reports every error with its path.

The compiled code only has to answer valid or not: it raises `Invalid` (below) instead of
fastjsonschema's exception classes, so that checking a document does not import
fastjsonschema (about 10 ms).
`compiled_source` is how both files are generated; tests/test_bundle.py keeps them in step.
"""

from __future__ import annotations

import json
import re
from importlib import import_module
from typing import Any

COMPILED = ("bundle", "rule")
_IMPORT = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n"
_HEADER = """\
# Generated from nestaudit/schemas/{name}.schema.json by fastjsonschema.compile_to_code
# (nestaudit.schemas.compiled_source); do not edit. tests/test_bundle.py fails when it is out
# of step with the schema; regenerate with NESTAUDIT_UPDATE_GOLDEN=1 python -m pytest
# tests/test_bundle.py.
"""


class Invalid(ValueError):
    """Raised by a compiled validator when the document does not match its schema."""

    def __init__(self, message: str, *args: Any, **details: Any) -> None:
        super().__init__(message)


def compiled_source(name: str) -> str:
    """The Python source of schema `name`'s compiled validator."""
    import fastjsonschema

    from nestaudit.resources import PACKAGE

    text = (PACKAGE / "schemas" / f"{name}.schema.json").read_text("utf-8")
    code = fastjsonschema.compile_to_code(json.loads(text))
    if _IMPORT not in code:
        raise RuntimeError("fastjsonschema's generated code no longer imports its exceptions")
    replacement = (
        "from nestaudit.schemas import Invalid as JsonSchemaValueException\n"
        "from nestaudit.schemas import Invalid as JsonSchemaValuesException\n"
    )
    return _HEADER.format(name=name) + code.replace(_IMPORT, replacement)


def is_valid_fast(name: str, data: Any) -> bool:
    """Whether `data` is valid against schema `name`, by its compiled validator."""
    module = import_module(f"nestaudit.schemas._{name}_validator")
    entry = next(v for k, v in vars(module).items() if re.match(r"validate_.*_json$", k))
    try:
        entry(data)
    except Invalid:
        return False
    return True
