"""The command line: every verb, its options and their help. `nestaudit.cli` runs them.

Import-light and Python 3.9 compatible, like the CLI: building the parser imports nothing
beyond the standard library and the vocabulary.
"""

from __future__ import annotations

import argparse

from nestaudit import __version__
from nestaudit.errors import EXIT_ERROR
from nestaudit.vocabulary import Severity

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
  nestaudit build-collector -o nestaudit-collect.pyz   the collector in one file for bare hosts
  nestaudit check host.json              judge a bundle; exit 1 when a finding fails
  nestaudit report host.json -o r.pdf    write one report (format from the extension)
  nestaudit check l0.json l1.json        judge an L0 and its L1 together (nesting chains)
  nestaudit fleet bundles/ -o report/    judge a fleet: fleet.json, fleet.html, fleet.csv
  nestaudit diff old.json new.json       what changed between two audits; exit 1 if worse
  nestaudit fix host.json -o fix.sh      the failing findings' changes as a script to review

exit codes: 0 nothing fails (or is unknown) at or above --fail-on, 1 something does,
2 usage or input error, a rule that ended in error, or an unexpected error (one line;
add --debug anywhere on the command line for its traceback).
"""

INPUT = "BUNDLE|ROOT|SOSREPORT"
# nestaudit.redact.keyfile spells these out; repeated here so that help imports nothing
KEY_DEFAULT = "$XDG_CONFIG_HOME/nestaudit/redact-key.json, or ~/.config/nestaudit/ when unset"
KEY_LEGACY = "nestaudit-redact.json"
# nestaudit.collectorapp's default #! interpreter, repeated so that help imports nothing
DEFAULT_INTERPRETER = "/usr/bin/env python3"


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line and exit code 2 (its default)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see --help)\n")


def _rules_and_topology(p: argparse.ArgumentParser) -> None:
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


def _mapping(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--mapping",
        metavar="FILE",
        help="the redaction key: the secret that gives each value its pseudonym, and the "
        "table of values replaced (mode 0600, yours to keep and never to share); the same "
        "key gives the same pseudonyms, so later redactions link. Made when missing, its "
        "path then printed on standard error. Default: "
        f"{KEY_DEFAULT} (made 0700); a ./{KEY_LEGACY} in the current folder, where older "
        "versions kept it, is used instead",
    )


def _redact(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--redact",
        action="store_true",
        help=f"replace host names, addresses, serials and UUIDs by pseudonyms {what}",
    )
    _mapping(p)


def _fail_on(p: argparse.ArgumentParser, color: bool = True) -> None:
    p.add_argument(
        "--fail-on",
        choices=Severity.words(),
        default=Severity.MEDIUM.value,
        help="exit 1 when a finding fails, or cannot be decided, at or above this severity "
        "(default: medium)",
    )
    p.add_argument(
        "--allow-unknown",
        action="store_true",
        help="do not count findings that cannot be decided from the evidence (unknown) "
        "for the exit code; only fails do",
    )
    if not color:
        return
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour terminal output (auto: on a terminal, unless NO_COLOR is set)",
    )


def _day(text: str) -> str:
    """--as-of's value: a day of the calendar as YYYY-MM-DD."""
    import datetime

    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a day as YYYY-MM-DD")


def waivers(p: argparse.ArgumentParser) -> None:
    """--waivers and --as-of: one call per verb that judges (check, report, audit, fleet,
    ticket, fix)."""
    p.add_argument(
        "--waivers",
        metavar="FILE",
        help="YAML file of accepted exceptions (README, Waivers): a fail or unknown finding "
        "a waiver matches is reported as waived and does not count for the exit code; "
        "verdicts never change",
    )
    p.add_argument(
        "--as-of",
        type=_day,
        metavar="YYYY-MM-DD",
        help="judge the waivers' expiry on this day instead of today (the report records "
        "the day used); only with --waivers",
    )


def _paper(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", help="PDF paper size (default a4)"
    )


def _collect(sub: argparse._SubParsersAction[Parser]) -> None:
    # The collector's own options, shared with the single-file collector (build-collector).
    from nestaudit.collect.cli import DESCRIPTION, add_options

    p = sub.add_parser(
        "collect",
        help="collect this host's (or a root's) raw evidence into a bundle",
        description=DESCRIPTION,
    )
    add_options(p)
    p.add_argument(
        "--from-sos",
        metavar="PATH",
        help="convert a sosreport (directory or archive) into a bundle",
    )
    _redact(p, "in the bundle")
    p.set_defaults(verb="collect")


def _build_collector(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "build-collector",
        help="write the collector as one file for bare hosts (a Python zipapp)",
        description="Write the collector (nestaudit/collect/ and the few modules it "
        "imports, standard library only) as a zipapp that runs on Python 3.9 and later "
        "with nothing installed: `python3 nestaudit-collect.pyz collect -o FILE` takes the "
        "options of `nestaudit collect` but --from-sos and --redact.",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE",
        help="the zipapp to write (made executable), e.g. nestaudit-collect.pyz",
    )
    p.add_argument(
        "--python", default=DEFAULT_INTERPRETER, metavar="COMMAND",
        help=f"the interpreter its #! line names (default: {DEFAULT_INTERPRETER})",
    )
    p.set_defaults(verb="build-collector")


def _show(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "show",
        help="what a bundle holds: host, source, probe statuses, domains",
        description="Summarise a bundle for the person who received it: host, source, "
        "collection time and user, probe statuses (and why probes failed), domains found.",
    )
    p.add_argument("bundle", metavar=INPUT, help="a bundle, a sosreport or a host root")
    p.set_defaults(verb="show")


def _facts(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "facts",
        help="print the fact model parsed from an input",
        description="Parse an input's raw evidence into facts "
        "(docs/facts.md lists every fact) and print them.",
    )
    p.add_argument("input", nargs="?", metavar=INPUT, help="default: this host, live")
    p.add_argument(
        "--format", choices=("text", "json"), default="text",
        help="text: one fact a line with its evidence; json: the facts as data (default text)",
    )
    p.set_defaults(verb="facts")


def _check(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "check",
        help="judge inputs against every limitation of the chapter",
        description="Judge one or more inputs (no input: collect this host first) and print "
        "the verdict and findings. Several inputs are linked into nesting chains "
        "(an L1 bundle's SMBIOS UUID equals its L0 domain's UUID).",
    )
    p.add_argument("inputs", nargs="*", metavar=INPUT, help="default: this host, live")
    p.add_argument(
        "--format", choices=("text", "json", "md", "junit"), default="text",
        help="what to print (default text): json is the report contract, md Markdown, "
        "junit a JUnit XML for CI",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument(
        "-q", "--quiet", action="store_true",
        help="text only: print the verdict line of each host and the findings that set the "
        "exit code (fails, and unknowns unless --allow-unknown, at or above --fail-on)",
    )
    _fail_on(p)
    _rules_and_topology(p)
    _redact(p, "before judging")
    waivers(p)
    p.set_defaults(verb="check")


def _report(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "report",
        help="write a report (html, pdf, md, json, junit, text)",
        description="Write one report; the format comes from --format or the file's extension "
        "(.html .pdf .md .json .xml=junit .txt).",
    )
    p.add_argument("inputs", nargs="+", metavar=INPUT, help="bundles, sosreports or host roots")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="output file, its mode as the umask allows ('-' for standard output)",
    )
    p.add_argument(
        "--format", choices=("html", "pdf", "md", "json", "junit", "text"),
        help="the report's format (default: from the output file's extension)",
    )
    _paper(p)
    _fail_on(p, color=False)
    _rules_and_topology(p)
    _redact(p, "before judging")
    waivers(p)
    p.set_defaults(verb="report")


def _audit(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "audit",
        help="the whole job: collect, judge, write bundle.json and HTML/PDF/JSON reports",
        description="Collect this host (or take an input), judge it, and write bundle.json, "
        "report.html, report.pdf and report.json into one folder; print the verdict, counts "
        "and paths. Exits as 'check' does.",
    )
    p.add_argument("input", nargs="?", metavar=INPUT, help="default: this host, live")
    p.add_argument(
        "-o", "--output", metavar="DIR",
        help="output folder (default: nestaudit-<host>-<date>), made 0700 with bundle.json "
        "0600 and the reports as the umask allows; a folder that exists is never "
        "written into: DIR-2, DIR-3, ... is made instead. Written whole or not at all"
    )
    _paper(p)
    p.add_argument("--redact", action="store_true", help="redact the bundle and reports")
    _mapping(p)
    p.add_argument(
        "-q", "--quiet", action="store_true",
        help="no progress messages on standard error (the summary is still printed)",
    )
    _fail_on(p)
    _rules_and_topology(p)
    waivers(p)
    p.set_defaults(verb="audit")


def _fleet(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "fleet",
        help="judge many hosts' bundles and sosreports into one fleet report",
        description="Judge every input (bundle files; folders, searched recursively for "
        "bundles and sosreports; @FILE lists of paths, one a line, @- from standard input) "
        "in parallel, linked as 'check' links them, and write fleet.json (a JSON report of "
        "every host with the fleet's totals and the inputs that could not be read), "
        "fleet.html and fleet.csv into DIR. An input that cannot be read is listed and "
        "makes the exit code 2; otherwise it is as 'check' gives it, over every host.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a bundle, a sosreport, a folder to search, or @FILE (@- for stdin)")
    p.add_argument(
        "-o", "--output", required=True, metavar="DIR",
        help="the report folder: new, or empty; written whole at the end or not at all",
    )
    p.add_argument(
        "-j", "--jobs", type=_jobs, default=0, metavar="N",
        help="worker processes (default: one per CPU; 1 judges in this process)",
    )
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress line (there is none either when stderr is no terminal)")
    _fail_on(p)
    _rules_and_topology(p)
    waivers(p)
    p.set_defaults(verb="fleet")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return value


def _rules(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "rules", help="list, show or lint rules", description="Inspect the rule set."
    )
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=Parser)
    rp = rsub.add_parser("list", help="one line per rule")
    _rules_and_topology(rp)
    rp = rsub.add_parser("show", help="one rule (or every rule of a limitation ID) in full")
    rp.add_argument("id", metavar="ID", help="a rule id or a limitation ID (NV-...)")
    _rules_and_topology(rp)
    rp = rsub.add_parser("lint", help="validate rule files (default: the built-in rules)")
    rp.add_argument(
        "dir", nargs="?", metavar="DIR", help="a directory of rule files (default: built-in)"
    )
    p.set_defaults(verb="rules")


def _redaction(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "redact",
        help="replace identifying values in a bundle by consistent pseudonyms",
        description="Redact host names, domain names (DNS), IP and MAC addresses, machine-id, "
        "serials, asset tags, UUIDs and user names; the same value gets the same label with "
        "the same redaction key (--mapping), so chains still link.",
    )
    p.add_argument("input", metavar=INPUT, help="the bundle, sosreport or host root to redact")
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE",
        help="where to write the redacted bundle (mode 0600); '-' is standard output",
    )
    _mapping(p)
    p.add_argument("--domains", action="store_true", help="also replace libvirt domain names")
    p.set_defaults(verb="redact")


def _ticket(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "ticket",
        help="a support-ticket package: redacted bundles, reports and SHA256SUMS",
        description="Write a .tar.gz with the redacted bundles, report.pdf, "
        "report.html, report.json and SHA256SUMS.",
    )
    p.add_argument("inputs", nargs="+", metavar=INPUT, help="bundles, sosreports or host roots")
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE.tar.gz", help="the package (mode 0600)"
    )
    p.add_argument(
        "--case", metavar="ID", help="support case number, used in the package's folder name"
    )
    _mapping(p)
    _paper(p)
    _rules_and_topology(p)
    waivers(p)
    p.set_defaults(verb="ticket")


def _diff(sub: argparse._SubParsersAction[Parser]) -> None:
    what = "a bundle, host root, sosreport, JSON report or fleet.json"
    p = sub.add_parser(
        "diff",
        help="what changed between two audits: verdicts and findings, host by host",
        description="Compare two audits host by host (hosts matched by name, then by "
        "SMBIOS UUID): verdict changes (support class, readiness, role, each domain's "
        "class) and the findings that appeared, disappeared or changed outcome. Bundles, "
        "roots and sosreports are judged first, as 'check' does; JSON reports and "
        "fleet.json files are read as they are. Exit 1 when something got worse (a new "
        "fail or unknown at or above --fail-on, a lower support class, readiness no "
        "longer true), 0 otherwise, 2 on bad input.",
    )
    p.add_argument("old", metavar="OLD", help=f"the earlier audit: {what}")
    p.add_argument("new", metavar="NEW", help=f"the later audit: {what}")
    p.add_argument(
        "--format",
        choices=("text", "json", "md"),
        default="text",
        help="text (default), JSON (schemas/diff.schema.json) or Markdown",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument(
        "--fail-on",
        choices=Severity.words(),
        default=Severity.MEDIUM.value,
        help="exit 1 when a fail or unknown at or above this severity is new in NEW "
        "(default: medium)",
    )
    p.add_argument(
        "--allow-unknown",
        action="store_true",
        help="a new unknown (evidence too thin to decide) does not count as worse; "
        "only new fails do",
    )
    _rules_and_topology(p)
    p.set_defaults(verb="diff")


def _fix(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser(
        "fix",
        help="write the remediation of every failing finding as a script or a playbook",
        description="Judge the inputs as 'check' does and write the remediation of every "
        "failing finding as one bash script (sh) or Ansible playbook (ansible), for you to "
        "review and run: nestaudit never runs it. Each change is checked first, so a second "
        "run changes nothing; the script's dry run (no option) prints what it would change. "
        "Exit 0 when the file is written (with nothing to fix, it says so), 2 on bad input.",
    )
    p.add_argument("inputs", nargs="+", metavar=INPUT,
                   help="bundles, sosreports or host roots; their failing findings are fixed")
    p.add_argument("--format", choices=("sh", "ansible"), default="sh",
                   help="sh: a bash script (default); ansible: a playbook")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the file to write ('-' for standard output); a script is made "
                   "executable")
    _rules_and_topology(p)
    _redact(p, "before judging")
    waivers(p)  # _assess applies them; fix takes only failing findings, so waived ones drop out
    p.set_defaults(verb="fix")


VERBS = {
    "collect": _collect,
    "build-collector": _build_collector,
    "show": _show,
    "facts": _facts,
    "check": _check,
    "report": _report,
    "audit": _audit,
    "fleet": _fleet,
    "rules": _rules,
    "redact": _redaction,
    "ticket": _ticket,
    "diff": _diff,
    "fix": _fix,
}
"""Every verb and the function that declares its options, in the order help lists them."""


def build_parser(argv: list[str] | None = None) -> Parser:
    """The parser of `argv`: every verb, or only the verb `argv` starts with (declaring all
    of them costs `check` several milliseconds of argparse work it never uses)."""
    parser = Parser(
        prog="nestaudit",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version="nestaudit " + __version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    chosen = argv[0] if argv and argv[0] in VERBS else None
    for verb, add in VERBS.items():
        if chosen is None or verb == chosen:
            add(sub)
    return parser
