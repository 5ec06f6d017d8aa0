#!/usr/bin/python
"""Ansible module: run nestaudit's collector on a managed host and return the bundle.

Runs on the managed host with the standard library only (Python 3.9 and later): the
collector itself comes in the `collector` argument, the single-file collector's bytes
(`nestaudit build-collector`), which the action plugin of the same name fills in on the
controller. It is imported from memory, so nothing is written on the host, and the
collection reads only, so check mode runs it too.
"""

from __future__ import annotations

DOCUMENTATION = r"""
module: nestaudit_collect
short_description: Collect a host's nested-virtualization evidence as a nestaudit bundle
description:
  - Runs nestaudit's read-only collector on the managed host and returns the bundle (the
    raw evidence nestaudit judges). Nothing on the host is changed or written.
  - The action plugin of the same name sends the collector and, with I(dest), writes the
    bundle on the controller.
options:
  root:
    description:
      - The folder read as the host's C(/). C(/), the default, collects the host live,
        read-only commands included (C(nestaudit collect) without C(--root)); any other
        folder is read as a root and no command is run (C(nestaudit collect --root)).
    type: str
    default: /
  timeout:
    description: Timeout of each command, in seconds.
    type: float
    default: 10
  collector:
    description:
      - The single-file collector, base64 (C(nestaudit build-collector)). The action plugin
        fills it in from I(collector_path), or builds it from nestaudit on the controller.
    type: str
    required: true
attributes:
  check_mode:
    support: full
    description: The collection only reads, so it runs in check mode as well.
"""

EXAMPLES = r"""
- name: Collect this host into DIR/bundles/<host>.json.gz on the controller
  nestaudit_collect:
    root: "{{ nestaudit_root | default('/') }}"
    dest: "{{ nestaudit_out }}/bundles/{{ inventory_hostname }}.json.gz"
"""

RETURN = r"""
bundle:
  description: The bundle (schemas/bundle.schema.json); left out when I(dest) is given.
  type: dict
  returned: success, without dest
probes:
  description: How many probes ended in each status (ok, missing, denied, ...).
  type: dict
  returned: success
"""

import base64
import importlib.abc
import importlib.util
import io
import sys
import zipfile

from ansible.module_utils.basic import AnsibleModule


class ZipSource(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports the modules of a zip held in memory (zipimport wants a file on disk)."""

    def __init__(self, blob, label):
        archive = zipfile.ZipFile(io.BytesIO(blob))
        self.label = label
        self.sources = {n: archive.read(n) for n in archive.namelist() if n.endswith(".py")}

    def find_spec(self, fullname, path=None, target=None):
        base = fullname.replace(".", "/")
        for name, package in ((base + "/__init__.py", True), (base + ".py", False)):
            if name in self.sources:
                return importlib.util.spec_from_loader(
                    fullname, self, origin=self.label + "/" + name, is_package=package
                )
        return None

    def create_module(self, spec):
        return None  # the default module object

    def exec_module(self, module):
        name = module.__spec__.origin[len(self.label) + 1 :]
        exec(compile(self.sources[name], module.__spec__.origin, "exec"), module.__dict__)


def probe_counts(bundle):
    counts = {}
    for section in ("files", "dirs", "stats", "commands"):
        for record in bundle[section].values():
            counts[record["status"]] = counts.get(record["status"], 0) + 1
    return counts


def main():
    module = AnsibleModule(
        argument_spec={
            "root": {"type": "str", "default": "/"},
            "timeout": {"type": "float", "default": 10.0},
            "collector": {"type": "str", "required": True, "no_log": True},
        },
        supports_check_mode=True,
    )
    if sys.version_info < (3, 9):  # noqa: UP036 - the host's Python, not the controller's
        module.fail_json(msg="nestaudit's collector needs Python 3.9 or later on the host")
    try:
        blob = base64.b64decode(module.params["collector"], validate=True)
        sys.meta_path.insert(0, ZipSource(blob, "nestaudit-collect.pyz"))
    except (ValueError, zipfile.BadZipFile) as exc:
        module.fail_json(msg=f"collector: not the single-file collector's bytes: {exc}")
    from nestaudit.collect import collect, require_host_root
    from nestaudit.errors import NestauditError

    root = module.params["root"]
    try:
        if root == "/":
            bundle = collect(root=None, timeout=module.params["timeout"])
        else:
            require_host_root(root)
            bundle = collect(root=root, timeout=module.params["timeout"])
    except NestauditError as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(changed=False, bundle=bundle, probes=probe_counts(bundle))


if __name__ == "__main__":
    main()
