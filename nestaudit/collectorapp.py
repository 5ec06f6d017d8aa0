"""`nestaudit build-collector`: the collector as one file, a Python zipapp for bare hosts.

The archive holds nestaudit/collect/ and the nestaudit modules it imports (found by reading
their imports, so a new import is carried without a list to keep), as source, so one file
runs on every Python from 3.9: `python3 nestaudit-collect.pyz collect -o FILE`. Its entries
have a fixed date and order, so the same sources build the same bytes. Standard library only:
the RPM build (packaging/nestaudit-collector.spec) runs this on a bare build host.
"""

from __future__ import annotations

import ast
import io
import sys
import zipapp
import zipfile
from pathlib import Path

from nestaudit.errors import NestauditError

DEFAULT_INTERPRETER = "/usr/bin/env python3"
PACKAGE = Path(__file__).resolve().parent
ENTRY = "nestaudit.collect.cli"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry holds: nothing of the build

# Kept to what Python 3.0 parses, so an old python3 says why instead of a SyntaxError.
MAIN = """\
# nestaudit's collector in one file (nestaudit build-collector)
import sys

if sys.version_info < (3, 9):
    sys.stderr.write("nestaudit-collect: needs Python 3.9 or later, this is %s\\n"
                     % sys.version.split()[0])
    sys.exit(2)

from nestaudit.collect.cli import main

sys.exit(main())
"""


def module_files(package: Path = PACKAGE) -> list[str]:
    """The files (relative to the folder holding `package`) the collector needs: every
    module of collect/, what they import of nestaudit, and the packages above them."""
    base = package.parent
    todo = sorted(str(p.relative_to(base)) for p in (package / "collect").glob("*.py"))
    found: set[str] = set()
    while todo:
        rel = todo.pop()
        if rel in found:
            continue
        found.add(rel)
        parent = Path(rel).parent
        while parent != Path():
            todo.append(str(parent / "__init__.py"))
            parent = parent.parent
        todo.extend(_own_imports(base, rel))
    return sorted(found)


def _own_imports(base: Path, rel: str) -> list[str]:
    """The nestaudit files one module imports, anywhere in it (imports inside functions
    too); a third-party import is an error: the collector is standard library only."""
    tree = ast.parse((base / rel).read_text("utf-8"), rel)
    modules: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise NestauditError(f"{rel}: relative import; the collector uses absolute ones")
            module = node.module or ""
            modules.append(module)
            # `from nestaudit.collect import probe` imports the module probe too
            modules.extend(f"{module}.{alias.name}" for alias in node.names)
    files: list[str] = []
    stdlib = getattr(sys, "stdlib_module_names", None)  # Python 3.10 and later
    for name in modules:
        top = name.split(".")[0]
        if top != "nestaudit":
            if stdlib is not None and top not in stdlib and top != "__future__":
                raise NestauditError(f"{rel}: imports {top}, not in the standard library")
            continue
        path = Path(*name.split("."))
        candidates = (path.with_suffix(".py"), path / "__init__.py")
        files.extend(str(c) for c in candidates if (base / c).is_file())
    return files


def build(interpreter: str = DEFAULT_INTERPRETER, package: Path = PACKAGE) -> bytes:
    """The zipapp's bytes: `#!interpreter`, then the zip of module_files and __main__.py."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in module_files(package):
            _add(zf, Path(rel).as_posix(), (package.parent / rel).read_bytes())
        _add(zf, "__main__.py", MAIN.encode("utf-8"))
    archive.seek(0)
    app = io.BytesIO()
    zipapp.create_archive(archive, app, interpreter=interpreter)
    return app.getvalue()


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)
