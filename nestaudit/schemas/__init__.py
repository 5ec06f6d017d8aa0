"""JSON Schemas shipped with nestaudit (bundle, rule, report, topology).

`_bundle_validator.py` and `_rule_validator.py` are the bundle and rule schemas compiled
to Python by fastjsonschema (`compile_to_code`), so the common case (a valid document) is
checked without compiling a schema or importing jsonschema; on a failure, jsonschema
reports every error with its path.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

COMPILED = ("bundle", "rule")


def is_valid_fast(name: str, data: Any) -> bool:
    """Whether `data` is valid against schema `name`, by its compiled validator."""
    from fastjsonschema import JsonSchemaValueException

    module = import_module(f"nestaudit.schemas._{name}_validator")
    entry = next(v for k, v in vars(module).items() if re.match(r"validate_.*_json$", k))
    try:
        entry(data)
    except JsonSchemaValueException:
        return False
    return True
