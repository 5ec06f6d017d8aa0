"""Where the redaction key (the mapping file) lives when the command line names none.

The key links redactions: every bundle redacted with it gets the same labels for the same
values. It is the user's, so by default it is kept in the user's configuration folder
(the XDG base directory specification: $XDG_CONFIG_HOME, else ~/.config), in a folder of
its own made 0700. Older versions kept it as ./nestaudit-redact.json in the current
folder; one found there is still used, so that redactions made with it keep linking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from nestaudit.errors import InputError

KEY_FOLDER = "nestaudit"
KEY_NAME = "redact-key.json"
LEGACY_NAME = "nestaudit-redact.json"
"""The key's name in the current folder before it moved to the configuration folder."""


@dataclass(frozen=True)
class KeyLocation:
    """The redaction key to use. `default`: chosen by nestaudit, in the configuration
    folder (made when missing); `legacy`: an older ./nestaudit-redact.json found here."""

    path: Path
    default: bool = False
    legacy: bool = False


def config_home(environ: Mapping[str, str]) -> Path:
    """$XDG_CONFIG_HOME, or ~/.config when it is unset, empty or not absolute (the
    specification says to ignore a relative one)."""
    value = environ.get("XDG_CONFIG_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    home = environ.get("HOME") or str(Path("~").expanduser())
    if not home or not Path(home).is_absolute():
        raise InputError(
            "cannot tell where the redaction key goes: neither XDG_CONFIG_HOME nor HOME is "
            "an absolute folder; name the key with --mapping FILE"
        )
    return Path(home) / ".config"


def default_key(environ: Mapping[str, str]) -> Path:
    """The key's default path: <config home>/nestaudit/redact-key.json."""
    return config_home(environ) / KEY_FOLDER / KEY_NAME


def locate_key(explicit: str | None, environ: Mapping[str, str], cwd: Path) -> KeyLocation:
    """The key named on the command line, else ./nestaudit-redact.json if this folder has
    one, else the default in the configuration folder."""
    if explicit:
        return KeyLocation(Path(explicit))
    legacy = cwd / LEGACY_NAME
    if legacy.is_file():
        return KeyLocation(legacy, legacy=True)
    return KeyLocation(default_key(environ), default=True)
