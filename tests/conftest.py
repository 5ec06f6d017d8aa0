"""What every test shares: no test writes into the home of the user running the suite.

A redaction key made without --mapping goes to $XDG_CONFIG_HOME/nestaudit/ (else
~/.config/nestaudit/); each test gets a configuration folder of its own instead, which
the commands it runs in subprocesses inherit. HOME is left alone: the browser tests find
their browsers under it.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config-home")))
