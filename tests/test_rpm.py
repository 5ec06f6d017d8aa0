"""packaging/nestaudit-collector.spec: rpmbuild makes a noarch RPM of the collector from a
tarball of the repository; installed into a test root, its nestaudit-collect collects."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from nestaudit import __version__
from nestaudit.bundle import canonical_sha256, from_data
from nestaudit.collectorapp import build

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "packaging" / "nestaudit-collector.spec"
ROOT = REPO / "samples" / "roots" / "l1-rhel-in-openstack"
RPM_NAME = f"nestaudit-collector-{__version__}-1.noarch.rpm"


def run(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def source_tarball(folder: Path) -> Path:
    """Source0: nestaudit-VERSION/ with the package and README, as a release tarball."""
    target = folder / f"nestaudit-{__version__}.tar.gz"
    top = f"nestaudit-{__version__}"

    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
        return None if "__pycache__" in info.name else info

    with tarfile.open(target, "w:gz") as tar:
        tar.add(REPO / "nestaudit", f"{top}/nestaudit", filter=clean)
        tar.add(REPO / "README.md", f"{top}/README.md")
    return target


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("rpm")
    source_tarball(work)
    # --nodeps: BuildRequires are RPM packages, and this build host may not be RPM-based.
    run(
        "rpmbuild", "-bb", "--nodeps", "--quiet",
        "--define", f"_topdir {work / 'top'}", "--define", f"_sourcedir {work}",
        "--define", f"_tmppath {work / 'tmp'}", SPEC,
    )
    rpm = work / "top" / "RPMS" / "noarch" / RPM_NAME
    assert rpm.is_file()
    return rpm


def query(rpm: Path, *what: str) -> str:
    # a database of its own: a query never touches the machine's (or ~/.rpmdb on Debian)
    db = rpm.parent / "db"
    return run("rpm", "--dbpath", db, "-qp", *what, rpm).stdout


def test_spec_version_is_nestaudits() -> None:
    version = re.search(r"^Version:\s*(\S+)$", SPEC.read_text(), re.MULTILINE)
    assert version is not None and version.group(1) == __version__


def test_package_is_noarch_and_holds_the_collector(package: Path) -> None:
    assert query(package, "--qf", "%{NAME} %{VERSION} %{ARCH}\n").strip() == (
        f"nestaudit-collector {__version__} noarch"
    )
    assert query(package, "-l").split() == [
        "/usr/bin/nestaudit-collect",
        f"/usr/share/doc/nestaudit-collector-{__version__}",
        f"/usr/share/doc/nestaudit-collector-{__version__}/README.md",
    ]
    requires = query(package, "-R").splitlines()
    assert "python3 >= 3.9" in requires


def test_installed_collector_collects(package: Path, tmp_path: Path) -> None:
    root = tmp_path / "installroot"
    root.mkdir()
    # --dbpath is inside --root; --nodeps: python3 is this machine's, not an RPM's
    run("rpm", "--root", root, "--dbpath", "/var/lib/rpm", "-i", "--nodeps", package)
    assert run("rpm", "--root", root, "--dbpath", "/var/lib/rpm", "-q", "nestaudit-collector"
               ).stdout.strip() == RPM_NAME.removesuffix(".rpm")
    installed = root / "usr" / "bin" / "nestaudit-collect"
    assert installed.stat().st_mode & 0o777 == 0o755
    # what rpmbuild made is what build-collector makes from the same sources
    assert installed.read_bytes() == build("/usr/bin/python3 -I")

    out = tmp_path / "bundle.json"
    result = run(installed, "collect", "--root", ROOT, "-o", out)  # by its #! line
    assert result.stdout.strip() == str(out)
    data = json.loads(out.read_text())
    from_data(data, "installed collector")
    reference = run(sys.executable, "-m", "nestaudit", "collect", "--root", ROOT, "-o", "-")
    assert _comparable(data) == _comparable(json.loads(reference.stdout))


def _comparable(data: dict[str, object]) -> str:
    picked = {k: v for k, v in data.items() if k not in ("collected_at", "collector")}
    return canonical_sha256(picked)
