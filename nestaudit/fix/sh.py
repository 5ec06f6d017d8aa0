"""The plan as one bash script: a function per failing finding, each change checked first.

Run as it is, the script only prints what it would change; `--apply` makes the changes that
disturb nothing running, `--apply --disruptive` also those that do (a module reload, a VM
shutdown, a VM's new CPU definition). Files are edited under `$ROOT` (default /), so a test
can run it on a copy of a sample root; a step on the running system refuses to run when
ROOT is not /. After making a change the script waits until its check holds (a VM takes a
while to shut down) and stops with an error if it never does.

Nothing from a host reaches the script unquoted: commands and checks come quoted from
nestaudit.engine.steps, every other text is one shell-quoted word, and comments hold
`plain()` text, one line each.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from nestaudit.engine.steps import quote
from nestaudit.fix.plan import FileEdit, Fix, LiveChange, plain

# The script's fixed part: options, and the helpers every function calls.
_PRELUDE = r"""set -euo pipefail

ROOT="${ROOT:-/}"
WAIT="${WAIT:-300}"  # seconds a change may take to show it is made (a VM shutting down)
APPLY=0
DISRUPTIVE=0
HOST=""
MADE=0
PENDING=0
HELD=0

usage() {
  cat <<'EOF'
usage: bash SCRIPT [--apply [--disruptive]] [--host NAME]
  (no option)    dry run: print what would change, change nothing
  --apply        make the changes that disturb nothing running
  --disruptive   with --apply, also reload modules, stop VMs and change VMs' CPUs
  --host NAME    the host to fix, when the script covers several
environment: ROOT (default /) is where files are edited; a step on the running
system (modprobe, virsh, virt-xml) refuses to run when ROOT is not /.
EOF
}

while [ "$#" -gt 0 ]; do
  case "$1" in
    --apply) APPLY=1 ;;
    --disruptive) DISRUPTIVE=1 ;;
    --host) [ "$#" -ge 2 ] || { usage >&2; exit 2; }; HOST=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'unknown option: %s\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

say() { printf '%s\n' "$*"; }

# the path a host path has under ROOT
under_root() {
  if [ "$ROOT" = / ]; then printf '%s' "$1"; else printf '%s%s' "${ROOT%/}" "$1"; fi
}

# has_line FILE TEXT: FILE has the line TEXT
has_line() { [ -f "$1" ] && grep -qxF -e "$2" -- "$1"; }

# line_is FILE N TEXT: line N of FILE reads TEXT
line_is() { [ -f "$1" ] && [ "$(sed -n "${2}p" -- "$1")" = "$3" ]; }

# put_line FILE N OLD NEW: line N (which must still read OLD) becomes NEW; N empty: append
put_line() {
  local file=$1 number=$2 old=$3 new=$4
  if [ -z "$number" ]; then
    mkdir -p -- "$(dirname -- "$file")"
    if [ -s "$file" ] && [ -n "$(tail -c 1 -- "$file")" ]; then printf '\n' >>"$file"; fi
    printf '%s\n' "$new" >>"$file"
    return
  fi
  if ! line_is "$file" "$number" "$old"; then
    say "error: line $number of $file no longer reads what was collected; edit it by hand" >&2
    exit 1
  fi
  local tmp
  tmp=$(mktemp)
  NEW=$new awk -v n="$number" 'NR == n { print ENVIRON["NEW"]; next } { print }' \
    "$file" >"$tmp"
  cat -- "$tmp" >"$file"  # keeps the file's owner and mode
  rm -f -- "$tmp"
}

# begin RULE TARGET: a finding's changes follow
begin() { HELD=0; say ""; say "== $1 ($2)"; }

# change DISRUPTIVE LIVE CHECK MAKE WHAT: make one change unless CHECK says it is made.
# Once a change of a finding is not made, the later ones of that finding wait for it.
change() {
  local disruptive=$1 live=$2 check=$3 make=$4 what=$5
  if [ "$live" = 1 ] && [ "$ROOT" != / ]; then
    say "  refused (acts on the running system, and ROOT is $ROOT): $what"
    HELD=1
    return 0
  fi
  if "$check" >/dev/null 2>&1; then say "  already done: $what"; return 0; fi
  if [ "$APPLY" = 0 ]; then
    if [ "$disruptive" = 1 ]; then say "  would (with --disruptive): $what"
    else say "  would: $what"; fi
    PENDING=$((PENDING + 1))
    return 0
  fi
  if [ "$disruptive" = 1 ] && [ "$DISRUPTIVE" = 0 ]; then
    say "  not made (disruptive: add --disruptive): $what"
    PENDING=$((PENDING + 1))
    HELD=1
    return 0
  fi
  if [ "$HELD" = 1 ]; then
    say "  not made (waits for the change before it): $what"
    PENDING=$((PENDING + 1))
    return 0
  fi
  say "  making: $what"
  "$make"
  local waited=0
  until "$check" >/dev/null 2>&1; do
    if [ "$waited" -ge "$WAIT" ]; then
      say "error: not done ${WAIT}s after making it: $what" >&2
      exit 1
    fi
    sleep 2
    waited=$((waited + 2))
  done
  MADE=$((MADE + 1))
}

finish() {
  say ""
  if [ "$APPLY" = 0 ]; then
    say "dry run: $PENDING change(s) to make; nothing was changed (run with --apply)"
  else
    say "$MADE change(s) made; $PENDING not made"
  fi
}
"""


def script(fixes: Sequence[Fix], header: Sequence[str]) -> str:
    """The whole script for `fixes` (`header`: plain lines saying where it comes from)."""
    out = ["#!/usr/bin/env bash", *(f"# {plain(line)}" for line in header)]
    out += ["#", "# Review before running. Dry run by default; --apply, --apply --disruptive;",
            "# ROOT=DIR edits the files under DIR (steps on the running system refuse).",
            _PRELUDE]
    hosts: dict[str, list[str]] = {}
    for n, fix in enumerate(fixes, 1):
        if not fix.covered:
            out += _uncovered(fix)
            continue
        name = f"fix_{n}_{fix.finding.rule.replace('-', '_')}"
        out += _function(name, n, fix)
        hosts.setdefault(fix.host, []).append(name)
    out += _main(hosts)
    return "\n".join(out) + "\n"


def _about(fix: Fix) -> list[str]:
    f = fix.finding
    lines = [f"rule {f.rule} ({f.limitation}), {f.severity}, host {fix.host}, target {f.target}",
             f.message]
    lines += [f"note: {note}" for note in fix.notes]
    return [f"# {plain(line)}" for line in lines]


def _uncovered(fix: Fix) -> list[str]:
    return ["", f"# not fixed here: {plain(fix.why_not)}", *_about(fix)]


def _function(name: str, n: int, fix: Fix) -> list[str]:
    helpers: list[str] = []
    calls: list[str] = []
    for i, change in enumerate(fix.changes, 1):
        check, make = f"_check_{n}_{i}", f"_make_{n}_{i}"
        if isinstance(change, FileEdit):
            helpers += _file_helpers(check, make, change)
            live, disruptive = 0, 0
        else:
            helpers += _live_helpers(check, make, change)
            live, disruptive = 1, int(change.disruptive)
        calls.append(f"  change {disruptive} {live} {check} {make} {shlex.quote(change.what)}")
    begin = f"  begin {quote(fix.finding.rule)} {quote(fix.finding.target)}"
    return ["", *_about(fix), *helpers, f"{name}() {{", begin, *calls, "}"]


def _file_helpers(check: str, make: str, edit: FileEdit) -> list[str]:
    path = f'"$(under_root {quote(edit.path)})"'
    text = quote(edit.text)
    if edit.line is None:
        done = f"{check}() {{ has_line {path} {text}; }}"
        put = f"{make}() {{ put_line {path} '' '' {text}; }}"
    else:
        done = f"{check}() {{ line_is {path} {edit.line} {text}; }}"
        put = f"{make}() {{ put_line {path} {edit.line} {quote(edit.replaces or '')} {text}; }}"
    return [done, put]


def _live_helpers(check: str, make: str, change: LiveChange) -> list[str]:
    return [f"{check}() {{ {change.check}; }}", f"{make}() {{ {change.command}; }}"]


def _main(hosts: dict[str, list[str]]) -> list[str]:
    if not hosts:
        return ["", "say 'nestaudit found nothing this script can fix: no failing finding has a "
                "change it can make (see the comments above)'",
                '[ -z "$HOST" ] || say "(--host $HOST: there is nothing to fix on any host)"',
                "finish"]
    out = [""]
    names = list(hosts)
    for i, host in enumerate(names, 1):
        out += [f"host_{i}() {{", f"  say {quote('fixing ' + plain(host))}",
                *(f"  {fn}" for fn in hosts[host]), "}"]
    if len(names) == 1:
        out += ["", "if [ -n \"$HOST\" ] && [ \"$HOST\" != " + quote(names[0]) + " ]; then",
                "  say \"error: this script fixes only " + _dq(names[0]) + "\" >&2; exit 2",
                "fi", "host_1"]
    else:
        listed = ", ".join(plain(h) for h in names)
        out += ["", 'case "$HOST" in']
        out += [f"  {quote(h)}) host_{i} ;;" for i, h in enumerate(names, 1)]
        out += [f"  *) say {quote('error: pick the host to fix with --host NAME: ' + listed)} "
                ">&2; exit 2 ;;", "esac"]
    out.append("finish")
    return out


def _dq(text: str) -> str:
    """`text` for inside a double-quoted shell string: plain, and nothing in it expands."""
    out = plain(text)
    for char in '\\"$`':
        out = out.replace(char, "\\" + char)
    return out
