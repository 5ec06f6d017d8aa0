"""Waivers: accepted exceptions with an expiry date, read from a YAML file.

`load_waivers(path, as_of)` reads and checks the file (schemas/waivers.schema.json);
`apply_waivers(assessment, waivers)` turns the fail and unknown findings each matches into
`waived`, after judging, so that no verdict changes; `jsonform` is their part of the JSON
report.
"""

from __future__ import annotations

from nestaudit.waivers.load import WaiverFile, load_waivers
from nestaudit.waivers.match import VERDICT_NOTE, apply_waivers

__all__ = ["VERDICT_NOTE", "WaiverFile", "apply_waivers", "load_waivers"]
