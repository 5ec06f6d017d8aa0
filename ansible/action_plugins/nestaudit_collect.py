"""Action plugin of the nestaudit_collect module: runs on the controller around it.

It sends the single-file collector with the module (from `collector_path`, else built from
the nestaudit checkout this plugin belongs to, else from the installed nestaudit), and with
`dest` writes the returned bundle on the controller, as `nestaudit collect -o` writes it:
sorted, indented JSON, gzip with no timestamp when the name ends in .gz, mode 0600 (serials
and UUIDs), written to a temporary file and renamed. Check mode writes nothing.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import sys
import tempfile
from pathlib import Path

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

CHECKOUT = Path(__file__).resolve().parents[2]  # ansible/action_plugins/ -> the repository
OWN_OPTIONS = ("collector_path", "dest")


def collector_bytes(path: str | None) -> bytes:
    """The single-file collector: the file at `path`, else nestaudit's build of it."""
    if path:
        try:
            return Path(path).expanduser().read_bytes()
        except OSError as exc:
            raise AnsibleActionFail(f"{path}: cannot read the collector: {exc.strerror}") from exc
    if (CHECKOUT / "nestaudit" / "collectorapp.py").is_file() and str(CHECKOUT) not in sys.path:
        sys.path.insert(0, str(CHECKOUT))  # the nestaudit this playbook and module came with
    try:
        from nestaudit.collectorapp import build
    except ImportError as exc:
        raise AnsibleActionFail(
            "nestaudit is not importable on the controller: install it, or give "
            "collector_path (nestaudit build-collector -o FILE)"
        ) from exc
    return build()


def write_bundle(dest: str, bundle: dict) -> None:
    data = (json.dumps(bundle, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    if dest.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    folder = Path(dest).absolute().parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".nestaudit-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp made it 0600
            handle.write(data)
        Path(tmp).replace(dest)
    except BaseException:
        Path(tmp).unlink()
        raise


class ActionModule(ActionBase):
    TRANSFERS_FILES = False  # the collector travels inside the module's arguments

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = dict(self._task.args)
        options = {name: args.pop(name, None) for name in OWN_OPTIONS}
        blob = collector_bytes(options["collector_path"])
        args["collector"] = base64.b64encode(blob).decode("ascii")
        result.update(
            self._execute_module(
                module_name="nestaudit_collect", module_args=args, task_vars=task_vars
            )
        )
        dest = options["dest"]
        if result.get("failed") or not dest:
            return result
        bundle = result.pop("bundle")
        result["dest"] = dest
        result["changed"] = True  # a new collection: collected_at alone differs
        if not self._task.check_mode:
            write_bundle(dest, bundle)
        return result
