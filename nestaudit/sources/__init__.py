"""Sources other than a live host or a host root that yield the same bundle.

`archive` extracts tarballs without ever writing outside a temporary folder; `sos` turns a
sosreport (a directory or such an archive) into a bundle.
"""

from __future__ import annotations
