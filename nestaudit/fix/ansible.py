"""The plan as one Ansible playbook, idempotent and safe under --check.

`hosts: "{{ target }}"` has no default: a first play on localhost stops with a clear
message when `-e target=...` is missing. Every task is tagged with its finding's
limitation ID, and `disruptive` where it is; disruptive tasks run only with
`-e nestaudit_disruptive=true` (the script's --disruptive). A file edit is
`ansible.builtin.lineinfile` (its regexp matches the line before and after, so a second run
changes nothing). A change on the running system is a read-only check task (it runs in
--check too, `check_mode: false`, `changed_when: false`), the change when the check failed
(skipped by --check), and a wait until the check holds. Files are edited under
`nestaudit_root` (default /); changes on the running system are skipped when it is not /.

Every text from a host (a domain name, a line of a file) is tagged `!unsafe`, so Ansible
never evaluates a `{{ ... }}` that a host put in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml

from nestaudit.fix.plan import FileEdit, Fix, LiveChange, plain

ROOT = "{{ nestaudit_root | default('/') | regex_replace('/$', '') }}"
LIVE = "(nestaudit_root | default('/')) == '/'"
DISRUPTIVE = "(nestaudit_disruptive | default(false) | bool)"


class Unsafe(str):
    """A string Ansible must take as it is (written with the !unsafe tag)."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # every task written out in full: a reviewer reads no &id001


_Dumper.add_representer(
    Unsafe, lambda d, s: d.represent_scalar("!unsafe", str(s), style="'")
)


def playbook(fixes: Sequence[Fix], header: Sequence[str]) -> str:
    """The playbook for `fixes` (`header`: plain lines saying where it comes from)."""
    hosts = sorted({f.host for f in fixes if f.covered})
    tasks: list[dict[str, Any]] = []
    for n, fix in enumerate(fixes, 1):
        if fix.covered:
            tasks += _tasks(n, fix, several=len(hosts) > 1)
    if not tasks:
        tasks.append({"name": "Nothing to fix", "ansible.builtin.debug": {
            "msg": "nestaudit found no failing finding with a change this playbook can make"}})
    plays = [_guard(), {
        "name": "nestaudit fix: the changes for the failing findings",
        "hosts": "{{ target }}",
        "become": "{{ nestaudit_become | default(true) | bool }}",
        "gather_facts": False,
        "tasks": tasks,
    }]
    comments = [f"# {plain(line)}" for line in header] + [
        "#", "# ansible-playbook -i INVENTORY PLAYBOOK -e target=HOSTS [--check]",
        "# -e nestaudit_disruptive=true also reloads modules, stops VMs and changes VMs' CPUs;",
        "# -e nestaudit_root=DIR edits the files under DIR (running-system tasks are skipped).",
        *(f"# not fixed here: {plain(f'{f.finding.rule} ({f.host}, {f.finding.target})')}: "
          f"{f.why_not}" for f in fixes if not f.covered),
    ]
    body = yaml.dump(plays, Dumper=_Dumper, sort_keys=False, width=100, allow_unicode=False)
    return "\n".join(comments) + "\n---\n" + body


def _guard() -> dict[str, Any]:
    return {
        "name": "A target is given",
        "hosts": "localhost",
        "gather_facts": False,
        "tasks": [{
            "name": "Stop unless -e target=HOSTS names the hosts to fix",
            "ansible.builtin.assert": {
                "that": ["target is defined", "target | length > 0"],
                "fail_msg": "give the hosts to fix: ansible-playbook ... -e target=HOSTS",
                "quiet": True,
            },
        }],
    }


def _tasks(n: int, fix: Fix, several: bool) -> list[dict[str, Any]]:
    f = fix.finding
    where = fix.host if f.target == fix.host else f"{fix.host}, {f.target}"
    label = Unsafe(plain(f"{f.rule} ({where})"))
    base_when = [f"(nestaudit_host | default(inventory_hostname)) == {_jinja_str(fix.host)}"] \
        if several else []
    tags = [f.limitation]
    out: list[dict[str, Any]] = []
    held: list[str] = []  # conditions: every earlier disruptive change is made or allowed
    for i, change in enumerate(fix.changes, 1):
        if isinstance(change, FileEdit):
            out.append(_lineinfile(label, change, tags, base_when + held))
            continue
        reg = f"nestaudit_check_{n}_{i}"
        when = [*base_when, LIVE, *held]
        out += _live(label, change, reg, f"nestaudit_made_{n}_{i}", tags, when)
        if change.disruptive:
            held.append(f"({DISRUPTIVE} or {reg}.rc == 0)")
    return out


def _lineinfile(label: str, edit: FileEdit, tags: list[str], when: list[str]) -> dict[str, Any]:
    args: dict[str, Any] = {"path": ROOT + edit.path, "line": Unsafe(edit.text)}
    if edit.line is None:
        args["create"] = True
        args["mode"] = "0644"
    else:
        old = re.escape(edit.replaces or "")
        args["regexp"] = Unsafe(f"^(?:{old}|{re.escape(edit.text)})$")
    task: dict[str, Any] = {"name": Unsafe(f"{label}: {plain(edit.what)}"),
                            "ansible.builtin.lineinfile": args, "tags": tags}
    if when:
        task["when"] = when
    return task


def _live(label: str, change: LiveChange, reg: str, made: str, tags: list[str],
          when: list[str]) -> list[dict[str, Any]]:
    own_tags = [*tags, "disruptive"] if change.disruptive else tags
    do_when = [*when, f"{reg}.rc != 0"]
    if change.disruptive:
        do_when.append(DISRUPTIVE)
    check = {"cmd": Unsafe(change.check), "executable": "/bin/bash"}
    return [
        {"name": Unsafe(f"{label}: is it done? {change.check}"),
         "ansible.builtin.shell": check, "register": reg, "changed_when": False,
         "failed_when": False, "check_mode": False, "when": when, "tags": own_tags},
        {"name": Unsafe(f"{label}: {change.command}"),
         "ansible.builtin.shell": {"cmd": Unsafe(change.command), "executable": "/bin/bash"},
         "register": made, "changed_when": True, "when": do_when, "tags": own_tags},
        {"name": Unsafe(f"{label}: wait until done"),
         "ansible.builtin.shell": check, "register": f"{reg}_after", "changed_when": False,
         "until": f"{reg}_after.rc == 0", "retries": 60, "delay": 5,
         "when": [f"{made} is changed"], "tags": own_tags},
    ]


def _jinja_str(text: str) -> str:
    """`text` as a Jinja string literal, for a `when:` comparison."""
    return "'" + plain(text).replace("\\", "\\\\").replace("'", "\\'") + "'"
