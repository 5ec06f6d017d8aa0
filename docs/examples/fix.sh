#!/usr/bin/env bash
# nestaudit fix, written by nestaudit 0.1.0 (rules 0.1.0+42b62a870311); nestaudit never runs it
# 3 failing finding(s); changes for 2, 1 left to you (see 'not fixed here')
# input: samples/bundles/intel-nested-off-persistent-on.json (sha256 4a44b99999e5, collected 2026-11-20T09:00:00Z)
#
# Review before running. Dry run by default; --apply, --apply --disruptive;
# ROOT=DIR edits the files under DIR (steps on the running system refuse).
set -euo pipefail

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


# rule reload-needs-stopped-vms (NV-RELOAD-RUNNING-VMS), medium, host ip-10-20-3-41.ec2.internal, target ip-10-20-3-41.ec2.internal
# Turning nesting on means reloading kvm_intel, and these VMs hold it until they are shut down (running, paused or suspended VMs all do): test-idm-client-ccveu-net.
# note: run: virsh list --all
_check_1_1() { virsh domstate --domain test-idm-client-ccveu-net | grep -qxF -e 'shut off'; }
_make_1_1() { virsh shutdown --domain test-idm-client-ccveu-net; }
fix_1_reload_needs_stopped_vms() {
  begin reload-needs-stopped-vms ip-10-20-3-41.ec2.internal
  change 1 1 _check_1_1 _make_1_1 'virsh shutdown --domain test-idm-client-ccveu-net'
}

# rule nested-enabled (NV-NESTED-ENABLED), critical, host ip-10-20-3-41.ec2.internal, target ip-10-20-3-41.ec2.internal
# kvm_intel is loaded with nested off, so L1 VMs cannot start their own guests until the module is reloaded with nested=1.
# note: This lasts until the next reboot; see nested-persistent to keep it.
_check_2_1() { ! grep -qsxF -e N -e 0 /sys/module/kvm_intel/parameters/nested; }
_make_2_1() { modprobe -r kvm_intel; }
_check_2_2() { grep -qsxF -e Y -e 1 /sys/module/kvm_intel/parameters/nested; }
_make_2_2() { modprobe kvm_intel nested=1; }
fix_2_nested_enabled() {
  begin nested-enabled ip-10-20-3-41.ec2.internal
  change 1 1 _check_2_1 _make_2_1 'modprobe -r kvm_intel'
  change 0 1 _check_2_2 _make_2_2 'modprobe kvm_intel nested=1'
}

# not fixed here: the rule gives no remediation
# rule nested-runtime-differs-from-persistent (NV-NESTED-PERSISTENT), medium, host ip-10-20-3-41.ec2.internal, target ip-10-20-3-41.ec2.internal
# Nesting in kvm_intel differs between now (enabled: no) and the next module load (enabled: yes, from /etc/modprobe.d/kvm.conf:2): it changes at the next reboot or module reload.

host_1() {
  say 'fixing ip-10-20-3-41.ec2.internal'
  fix_1_reload_needs_stopped_vms
  fix_2_nested_enabled
}

if [ -n "$HOST" ] && [ "$HOST" != ip-10-20-3-41.ec2.internal ]; then
  say "error: this script fixes only ip-10-20-3-41.ec2.internal" >&2; exit 2
fi
host_1
finish
