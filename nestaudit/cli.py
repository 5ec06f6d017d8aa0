"""The `nestaudit` command. The only module that prints or exits.

Import-light on purpose: `nestaudit collect` runs on a bare host with the standard library
only, and `nestaudit --version` must start fast, so every heavy import happens inside the
verb that needs it. Python 3.9 compatible for the same reason.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, Callable

from nestaudit import __version__
from nestaudit.errors import NestauditError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

SEVERITIES = ("info", "low", "medium", "high", "critical")

DESCRIPTION = """\
Audit KVM hosts for nested virtualization (VMs inside VMs) against the RHEL 10 chapter
"Creating nested virtual machines": will nesting work here, where does the setup stand in
the support statement, why, and what to change.

Pipeline: collect (raw evidence into a bundle) -> facts -> rules -> report.
Inputs: a bundle (.json, .json.gz), a host root directory, or a sosreport (directory or
.tar.xz/.tar.gz); without an input, this host is collected live (read-only).
"""

EPILOG = """\
examples:
  nestaudit audit                        collect this host, write bundle + HTML/PDF/JSON reports
  nestaudit collect -o host.json         collect this host's evidence only (standard library)
  nestaudit check host.json              judge a bundle; exit 1 when a finding fails
  nestaudit report host.json -o r.pdf    write one report (format from the extension)
  nestaudit check l0.json l1.json        judge an L0 and its L1 together (nesting chains)

exit codes: 0 nothing fails at or above --fail-on, 1 something does, 2 usage or input error.
"""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line and exit code 2 (its default)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see --help)\n")


def _progress(quiet: bool) -> Callable[[str], None] | None:
    if quiet or not sys.stderr.isatty():
        return None

    def show(message: str) -> None:
        sys.stderr.write(f"nestaudit: {message}\n")
        sys.stderr.flush()

    return show


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "host"


def _stamp(collected_at: str) -> str:
    return collected_at.replace("-", "").replace(":", "")


# ---------------------------------------------------------------- collect


def _cmd_collect(args: argparse.Namespace) -> int:
    from nestaudit.collect import collect
    from nestaudit.output import write_json

    if args.from_sos:
        if args.root:
            raise NestauditError("--root and --from-sos cannot be used together")
        from nestaudit.sources import sos

        data: dict[str, Any] = sos.bundle_from_sos(_existing(args.from_sos))
    else:
        data = collect(root=args.root, timeout=args.timeout, progress=_progress(args.quiet))
    if args.redact:
        from pathlib import Path

        from nestaudit.redact import Redactor

        data = Redactor(Path(args.mapping)).redact_bundle(data)
    # Not validated here: the collector stays standard-library and fast; every reader
    # validates on load (design.md), and the test suite validates every bundle it makes.
    output = args.output
    if output is None:
        host = data["host"].get("hostname") or _hostname_from(data) or "host"
        output = "nestaudit-{}-{}.json".format(_safe_name(host), _stamp(data["collected_at"]))
    write_json(output, data)
    if output != "-":
        counts: dict[str, int] = {}
        for section in ("files", "dirs", "stats", "commands"):
            for record in data[section].values():
                counts[record["status"]] = counts.get(record["status"], 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        print(output)
        if not args.quiet:
            sys.stderr.write(f"nestaudit: probes: {summary}\n")
    return EXIT_OK


def _existing(path: str) -> Any:
    from pathlib import Path

    p = Path(path)
    if not p.exists():
        raise NestauditError(f"{path}: no such file or directory")
    return p


def _hostname_from(data: dict[str, Any]) -> str | None:
    for path in ("/proc/sys/kernel/hostname", "/etc/hostname"):
        record = data["files"].get(path, {})
        if record.get("status") == "ok" and record.get("encoding") == "utf-8":
            text = str(record.get("content", "")).strip()
            if text:
                return text.splitlines()[0]
    return None


def _validate_if_possible(data: dict[str, Any]) -> None:
    """Validate on write when jsonschema is installed; a bare host skips this (design.md)."""
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        return
    from nestaudit.bundle import from_data

    from_data(data, "collected bundle")


# ---------------------------------------------------------------- show


def _cmd_show(args: argparse.Namespace) -> int:
    from nestaudit.bundle import load

    bundle = load(args.bundle)
    data = bundle.data
    source = data["source"]
    host = data["host"].get("hostname") or _hostname_from(data) or "(unknown)"
    lines = [
        f"bundle:     {args.bundle}",
        f"host:       {host}",
        "source:     {}{}".format(
            source["type"], " ({})".format(source["path"]) if source.get("path") else ""
        ),
        "collected:  {} by {} {}{}".format(
            data["collected_at"],
            data["collector"]["name"],
            data["collector"]["version"],
            ""
            if data.get("as_root") is None
            else (" as root" if data["as_root"] else " as an unprivileged user"),
        ),
        f"sha256:     {bundle.sha256}",
    ]
    if data["host"].get("arch") or data["host"].get("kernel"):
        lines.append(
            "kernel:     {} {}".format(
                data["host"].get("arch") or "", data["host"].get("kernel") or ""
            )
        )
    counts = bundle.probe_counts()
    lines.append("probes:     " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    failed = []
    for section in ("files", "dirs", "stats", "commands"):
        for key, record in sorted(data[section].items()):
            if record["status"] not in ("ok", "missing"):
                failed.append(f"  {record['status']:<11} {key}: {record.get('reason', '')}")
    if failed:
        lines.append("not read (other than missing):")
        lines.extend(failed)
    lacking = source.get("lacking") or []
    if lacking:
        lines.append("the source lacked: " + ", ".join(lacking))
    domains = _domain_files(bundle)
    lines.append(f"domains:    {len(domains)}")
    lines.extend(f"  {name} ({where})" for name, where in domains)
    print("\n".join(lines))
    return EXIT_OK


def _domain_files(bundle: Any) -> list[Any]:
    found: dict[str, Any] = {}
    for directory in ("/etc/libvirt/qemu", "/run/libvirt/qemu", "/var/run/libvirt/qemu"):
        for entry in bundle.dir_entries(directory) or []:
            if entry.endswith(".xml"):
                name = entry[: -len(".xml")]
                kind = "persistent" if directory.startswith("/etc") else "running"
                found.setdefault(name, set()).add(kind)
    for key in bundle.data["commands"]:
        if key.startswith("virsh dumpxml "):
            found.setdefault(key[len("virsh dumpxml ") :], set()).add("virsh dumpxml")
    return [(name, ", ".join(sorted(kinds))) for name, kinds in sorted(found.items())]


# ---------------------------------------------------------------- facts, check, report


def _load_inputs(names: Sequence[str]) -> list[Any]:
    from nestaudit.inputs import load_input, load_live

    if not names:
        return [load_live()]
    return [load_input(name) for name in names]


def _cmd_facts(args: argparse.Namespace) -> int:
    from nestaudit.facts import build_facts, to_json, to_text
    from nestaudit.output import dumps_json

    bundles = _load_inputs([args.input] if args.input else [])
    facts = build_facts(bundles[0])
    if args.format == "json":
        sys.stdout.write(dumps_json(to_json(facts)))
    else:
        sys.stdout.write(to_text(facts))
    return EXIT_OK


def _color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _build_report(args: argparse.Namespace, names: Sequence[str]) -> dict[str, Any]:
    from nestaudit.report import build_report

    bundles = _load_inputs(names)
    if getattr(args, "redact", False):
        from pathlib import Path

        from nestaudit.bundle import from_data
        from nestaudit.redact import Redactor

        # One redactor for every input: the same value gets the same label, so chains link.
        redactor = Redactor(Path(args.mapping))
        bundles = [from_data(redactor.redact_bundle(b.data), b.origin) for b in bundles]
    topology = getattr(args, "topology", None)
    return build_report(bundles, extra_rules=args.rules or [], topology=topology)


def _exit_for(report: dict[str, Any], fail_on: str) -> int:
    from nestaudit.report import errored_rules, exit_code

    errored = errored_rules(report)
    if errored:
        sys.stderr.write(
            "nestaudit: error: the verdict is incomplete: rules ended in error: "
            + ", ".join(errored)
            + "\n"
        )
    return exit_code(report, fail_on)


def _cmd_check(args: argparse.Namespace) -> int:
    from nestaudit.output import write_bytes
    from nestaudit.render import OutputFormat, render

    report = _build_report(args, args.inputs)
    fmt = OutputFormat(args.format)
    data = render(report, fmt, color=_color(args.color) if fmt is OutputFormat.TEXT else False)
    write_bytes(args.output or "-", data)
    return _exit_for(report, args.fail_on)


def _cmd_report(args: argparse.Namespace) -> int:
    from nestaudit.output import write_bytes
    from nestaudit.render import OutputFormat, format_from_path, render

    if args.format:
        fmt = OutputFormat(args.format)
    else:
        guessed = format_from_path(args.output) if args.output != "-" else None
        if guessed is None:
            raise NestauditError(
                f"{args.output}: cannot tell the format from the file name; give --format"
            )
        fmt = guessed
    report = _build_report(args, args.inputs)
    data = render(report, fmt, paper=args.paper)
    write_bytes(args.output, data)
    if args.output != "-":
        print(args.output)
    return EXIT_OK


def _cmd_audit(args: argparse.Namespace) -> int:
    from nestaudit.audit import run_audit

    result = run_audit(
        args.input,
        out_dir=args.output,
        extra_rules=args.rules or [],
        paper=args.paper,
        redact_mapping=args.mapping if args.redact else None,
        topology=args.topology,
        progress=_progress(args.quiet),
    )
    print(result.summary(color=_color(args.color)))
    return _exit_for(result.report, args.fail_on)


# ---------------------------------------------------------------- rules


def _cmd_rules(args: argparse.Namespace) -> int:
    from nestaudit import ruleset

    if args.rules_command == "lint":
        rules = ruleset.load(extra=[args.dir] if args.dir else [], builtin=not args.dir)
        print(f"{len(rules)} rules OK")
        return EXIT_OK
    rules = ruleset.load(extra=args.rules or [])
    if args.rules_command == "list":
        for rule in rules:
            print(
                f"{rule.id:<40} {rule.limitation:<22} {rule.severity:<8} {rule.scope:<6} "
                f"{rule.title}"
            )
        return EXIT_OK
    wanted = [r for r in rules if r.id == args.id or r.limitation == args.id]
    if not wanted:
        raise NestauditError(
            f"{args.id}: no rule or limitation with this id (see 'nestaudit rules list')"
        )
    print("\n\n".join(ruleset.describe(rule) for rule in wanted))
    return EXIT_OK


# ---------------------------------------------------------------- redact, ticket


def _cmd_redact(args: argparse.Namespace) -> int:
    from pathlib import Path

    from nestaudit.output import write_json
    from nestaudit.redact import Redactor

    bundle = _load_inputs([args.input])[0]
    redacted = Redactor(Path(args.mapping)).redact_bundle(bundle.data, redact_domains=args.domains)
    _validate_if_possible(redacted)
    write_json(args.output, redacted)
    if args.output != "-":
        print(args.output)
    return EXIT_OK


def _cmd_ticket(args: argparse.Namespace) -> int:
    from nestaudit.ticket import write_ticket

    path = write_ticket(
        args.inputs, args.output, case=args.case, mapping=args.mapping, paper=args.paper
    )
    print(path)
    return EXIT_OK


# ---------------------------------------------------------------- parser


def _add_report_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules",
        action="append",
        metavar="DIR",
        help="add the rules in this directory (same schema; an id clash is an error); repeatable",
    )
    p.add_argument(
        "--topology",
        metavar="FILE",
        help="YAML file stating what evidence cannot show "
        "(a level's OS, WSL2 use, which bundle is which domain)",
    )


def _add_redact(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--redact",
        action="store_true",
        help="replace host names, addresses, serials and UUIDs by pseudonyms before judging",
    )
    p.add_argument(
        "--mapping",
        default="nestaudit-redact.json",
        metavar="FILE",
        help="redaction key and label file, kept by you (default: nestaudit-redact.json)",
    )


def _add_fail_on(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="medium",
        help="exit 1 when a finding fails at or above this severity (default: medium)",
    )
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour terminal output (auto: on a terminal, unless NO_COLOR is set)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nestaudit",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version="nestaudit " + __version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "collect",
        help="collect this host's (or a root's) raw evidence into a bundle",
        description="Collect raw evidence (files, module parameters, domain XMLs, a few "
        "read-only commands) into a versioned JSON bundle. Standard library only; never "
        "changes the host. --root reads a host root directory instead (no commands run).",
    )
    p.add_argument(
        "--root", metavar="DIR", help="read this directory as the host's / (no commands are run)"
    )
    p.add_argument(
        "--from-sos",
        metavar="PATH",
        help="convert a sosreport (directory or archive) into a bundle",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write the bundle; '-' is standard output; a name ending in .gz is "
        "compressed (default: nestaudit-<host>-<UTC time>.json here)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="timeout of each command in seconds (default 10)",
    )
    p.add_argument(
        "--redact",
        action="store_true",
        help="replace host names, addresses, serials and UUIDs by pseudonyms",
    )
    p.add_argument(
        "--mapping",
        default="nestaudit-redact.json",
        metavar="FILE",
        help="redaction key and label file (default: nestaudit-redact.json)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print only the bundle's path")
    p.set_defaults(func=_cmd_collect)

    p = sub.add_parser(
        "show",
        help="what a bundle holds: host, source, probe statuses, domains",
        description="Summarise a bundle for the person who received it: host, source, "
        "collection time and user, probe statuses (and why probes failed), domains found.",
    )
    p.add_argument("bundle", metavar="BUNDLE")
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser(
        "facts",
        help="print the fact model parsed from an input",
        description="Parse an input's raw evidence into facts "
        "(docs/facts.md lists every fact) and print them.",
    )
    p.add_argument(
        "input", nargs="?", metavar="BUNDLE|ROOT|SOSREPORT", help="default: this host, live"
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_facts)

    p = sub.add_parser(
        "check",
        help="judge inputs against every limitation of the chapter",
        description="Judge one or more inputs (no input: collect this host first) and print "
        "the verdict and findings. Several inputs are linked into nesting chains "
        "(an L1 bundle's SMBIOS UUID equals its L0 domain's UUID).",
    )
    p.add_argument("inputs", nargs="*", metavar="BUNDLE|ROOT|SOSREPORT")
    p.add_argument("--format", choices=("text", "json", "md", "junit"), default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    _add_fail_on(p)
    _add_report_options(p)
    _add_redact(p)
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser(
        "report",
        help="write a report (html, pdf, md, json, junit, text)",
        description="Write one report; the format comes from --format or the file's extension "
        "(.html .pdf .md .json .xml=junit .txt).",
    )
    p.add_argument("inputs", nargs="+", metavar="BUNDLE|ROOT|SOSREPORT")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="output file ('-' for standard output)",
    )
    p.add_argument("--format", choices=("html", "pdf", "md", "json", "junit", "text"))
    p.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", help="PDF paper size (default a4)"
    )
    _add_report_options(p)
    _add_redact(p)
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser(
        "audit",
        help="the whole job: collect, judge, write bundle.json and HTML/PDF/JSON reports",
        description="Collect this host (or take an input), judge it, and write bundle.json, "
        "report.html, report.pdf and report.json into one folder; print the verdict, counts "
        "and paths. Exits as 'check' does.",
    )
    p.add_argument(
        "input", nargs="?", metavar="BUNDLE|ROOT|SOSREPORT", help="default: this host, live"
    )
    p.add_argument(
        "-o", "--output", metavar="DIR", help="output folder (default: nestaudit-<host>-<date>)"
    )
    p.add_argument("--paper", choices=("a4", "letter"), default="a4")
    p.add_argument("--redact", action="store_true", help="redact the bundle and reports")
    p.add_argument("--mapping", default="nestaudit-redact.json", metavar="FILE")
    p.add_argument("-q", "--quiet", action="store_true")
    _add_fail_on(p)
    _add_report_options(p)
    p.set_defaults(func=_cmd_audit)

    p = sub.add_parser(
        "rules", help="list, show or lint rules", description="Inspect the rule set."
    )
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=_Parser)
    rp = rsub.add_parser("list", help="one line per rule")
    _add_report_options(rp)
    rp = rsub.add_parser("show", help="one rule (or every rule of a limitation ID) in full")
    rp.add_argument("id", metavar="ID")
    _add_report_options(rp)
    rp = rsub.add_parser("lint", help="validate rule files (default: the built-in rules)")
    rp.add_argument("dir", nargs="?", metavar="DIR")
    p.set_defaults(func=_cmd_rules)

    p = sub.add_parser(
        "redact",
        help="replace identifying values in a bundle by consistent pseudonyms",
        description="Redact host names, domain names (DNS), IP and MAC addresses, machine-id, "
        "serials, asset tags, UUIDs and user names; the same value gets the same label with "
        "the same mapping file, so chains still link.",
    )
    p.add_argument("input", metavar="BUNDLE|ROOT|SOSREPORT")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--mapping", default="nestaudit-redact.json", metavar="FILE")
    p.add_argument("--domains", action="store_true", help="also replace libvirt domain names")
    p.set_defaults(func=_cmd_redact)

    p = sub.add_parser(
        "ticket",
        help="a support-ticket package: redacted bundles, reports and SHA256SUMS",
        description="Write a .tar.gz with the redacted bundles, report.pdf, "
        "report.html, report.json and SHA256SUMS.",
    )
    p.add_argument("inputs", nargs="+", metavar="BUNDLE|ROOT|SOSREPORT")
    p.add_argument("-o", "--output", required=True, metavar="FILE.tar.gz")
    p.add_argument(
        "--case", metavar="ID", help="support case number, used in the package's folder name"
    )
    p.add_argument("--mapping", default="nestaudit-redact.json", metavar="FILE")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4")
    p.set_defaults(func=_cmd_ticket)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    if args.command == "rules" and args.rules_command is None:
        parser.parse_args(["rules", "--help"])
    try:
        code: int = args.func(args)
        return code
    except NestauditError as exc:
        sys.stderr.write(f"nestaudit: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("nestaudit: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
