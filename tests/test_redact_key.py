"""Where the redaction key is kept when --mapping names none (nestaudit/redact/keyfile.py):
$XDG_CONFIG_HOME/nestaudit/redact-key.json, else ~/.config/nestaudit/; an older
./nestaudit-redact.json in the current folder is still used, with a notice; --mapping wins.
Made once, with its path printed on stderr; a command that fails leaves none behind.

Every test runs in a folder of its own with its own HOME and XDG_CONFIG_HOME, so none
reads or writes a real user's key.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

import pytest

from nestaudit import cli
from nestaudit.bundle import load
from nestaudit.errors import InputError
from nestaudit.redact import Redactor
from nestaudit.redact.keyfile import locate_key
from nestaudit.redact.mapping import read_mapping

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "bundles" / "l1-rhel-under-vmware.json"
HOST = "l1-vmware-rhel96.lab.example.com"
CREATED = "nestaudit: created the redaction key {}; keep it to link later redactions"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder; HOME is tmp_path/home and XDG_CONFIG_HOME tmp_path/xdg."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return folder


def redact(capsys: pytest.CaptureFixture[str], *extra: str
           ) -> tuple[int, list[str], dict[str, Any]]:
    """`nestaudit redact SAMPLE -o out.json`: the exit code, stderr's lines, the bundle."""
    code = cli.main(["redact", str(SAMPLE), "-o", "out.json", *extra])
    err = capsys.readouterr().err.splitlines()
    data = json.loads(Path("out.json").read_text()) if code == 0 else {}
    return code, err, data


def name_of(data: dict[str, Any]) -> str:
    """The (redacted) host name a bundle's /etc/hostname holds."""
    return str(data["files"]["/etc/hostname"]["content"]).strip()


def test_the_key_goes_to_xdg_config_home(work: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "xdg" / "nestaudit" / "redact-key.json"
    code, err, first = redact(capsys)
    assert code == 0 and len(err) == 1 and err[0].startswith(CREATED.format(key))
    assert mode(key) == 0o600 and mode(key.parent) == 0o700
    assert first["redaction"]["mapping"] == "redact-key.json"
    assert name_of(first) == Redactor(key).dns_name(HOST)
    # made once: the next run uses it silently, and gives the same labels
    code, err, second = redact(capsys)
    assert code == 0 and err == [] and second == first
    assert sorted(p.name for p in work.iterdir()) == ["out.json"]  # nothing here
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize("xdg", [None, "", "relative/config"], ids=["unset", "empty",
                                                                    "relative"])
def test_without_xdg_config_home_the_key_goes_under_home(
    xdg: str | None, work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Unset, empty or relative (the specification says to ignore a relative path):
    ~/.config is used."""
    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME")
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    key = tmp_path / "home" / ".config" / "nestaudit" / "redact-key.json"
    code, err, _ = redact(capsys)
    assert code == 0 and err == [CREATED.format(key) + " (the same values get the same "
                                                       "labels)"]
    assert mode(key) == 0o600 and mode(key.parent) == 0o700
    assert not (work / "relative").exists()


def test_an_older_key_in_the_current_folder_is_still_used(
    work: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    legacy = work / "nestaudit-redact.json"
    earlier = Redactor(legacy).redact_bundle(load(SAMPLE).data)
    secret = read_mapping(legacy)["secret"]
    code = cli.main(["check", str(SAMPLE), "--redact", "--format", "json"])
    captured = capsys.readouterr()
    assert code in (0, 1)
    notice = captured.err.splitlines()
    assert len(notice) == 1 and "nestaudit-redact.json" in notice[0]
    assert notice[0].startswith("nestaudit: using the redaction key ./nestaudit-redact.json")
    # the labels are those of the earlier redactions, so they still link
    report = json.loads(captured.out)
    assert [h["host"] for h in report["hosts"]] == [name_of(earlier)]
    assert not (tmp_path / "xdg").exists()
    # --mapping wins over the older key and the default place
    code, err, data = redact(capsys, "--mapping", str(work / "mine.json"))
    assert code == 0 and err == [CREATED.format(work / "mine.json") + " (the same values "
                                                                      "get the same labels)"]
    assert name_of(data) != name_of(earlier)
    assert read_mapping(legacy)["secret"] == secret


def test_a_command_that_fails_leaves_no_key(work: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The bundle is redacted, then its write fails: one line, exit 2, and neither the key
    nor its folder is left (no key for labels no output holds)."""
    code = cli.main(["redact", str(SAMPLE), "-o", str(work / "missing" / "out.json")])
    err = capsys.readouterr().err.splitlines()
    assert code == 2 and len(err) == 1 and "does not exist" in err[0]
    assert not (tmp_path / "xdg" / "nestaudit").exists()
    # a key that was there stays
    Redactor(tmp_path / "kept.json").save()
    code = cli.main(["redact", str(SAMPLE), "-o", str(work / "missing" / "out.json"),
                     "--mapping", str(tmp_path / "kept.json")])
    assert code == 2 and (tmp_path / "kept.json").is_file()


def test_every_verb_that_redacts_uses_the_default_key(
    work: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "xdg" / "nestaudit" / "redact-key.json"
    runs = [["collect", "--root", str(REPO / "samples" / "roots" / "l1-rhel-under-vmware"),
             "--redact", "-q", "-o", "c.json"],
            ["report", str(SAMPLE), "--redact", "-o", "r.md"],
            ["check", str(SAMPLE), "--redact"]]
    for argv in runs:
        assert cli.main(argv) in (0, 1)
        capsys.readouterr()
    assert name_of(json.loads(Path("c.json").read_text())) == Redactor(key).dns_name(HOST)
    assert Redactor(key).dns_name(HOST) in Path("r.md").read_text()


def test_locate_key(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path / "h"), "XDG_CONFIG_HOME": str(tmp_path / "x")}
    assert locate_key("k.json", env, tmp_path).path == Path("k.json")
    found = locate_key(None, env, tmp_path)
    assert found.path == tmp_path / "x" / "nestaudit" / "redact-key.json" and found.default
    (tmp_path / "nestaudit-redact.json").write_text("{}")
    found = locate_key(None, env, tmp_path)
    assert found.legacy and found.path == tmp_path / "nestaudit-redact.json"
    assert locate_key("k.json", env, tmp_path).path == Path("k.json")
    with pytest.raises(InputError, match="name the key with --mapping FILE"):
        locate_key(None, {"HOME": "relative"}, tmp_path / "x")


def test_help_says_where_the_key_is(capsys: pytest.CaptureFixture[str]) -> None:
    for verb in ("redact", "ticket", "check", "report", "collect", "audit"):
        with pytest.raises(SystemExit):
            cli.main([verb, "--help"])
        # argparse wraps lines at a hyphen too (redact-\nkey.json)
        text = re.sub(r"-\s+", "-", " ".join(capsys.readouterr().out.split("\n")))
        text = " ".join(text.split())
        for words in ("$XDG_CONFIG_HOME/nestaudit/redact-key.json", "~/.config/nestaudit/",
                      "./nestaudit-redact.json", "0600"):
            assert words in text, (verb, words)
