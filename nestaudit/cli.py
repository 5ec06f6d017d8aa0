"""The `nestaudit` command. The only module that prints or exits.

Import-light on purpose: `nestaudit collect` runs on a bare host with the standard library
only, and `nestaudit --version` must start fast, so every heavy import happens inside the
verb that needs it. Python 3.9 compatible for the same reason.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Callable

from nestaudit.arguments import build_parser
from nestaudit.errors import EXIT_ERROR, EXIT_OK, NestauditError, missing_package
from nestaudit.terminal import json_escape, safe, safe_line

if TYPE_CHECKING:
    from nestaudit.judge.assessment import Assessment, WaiverReport
    from nestaudit.redact import Redactor
    from nestaudit.waivers import WaiverFile

# ---------------------------------------------------------------- collect


def _cmd_collect(args: argparse.Namespace) -> int:
    from nestaudit.collect.cli import collect_bundle, write_bundle

    if args.from_sos:
        if args.root:
            raise NestauditError("--root and --from-sos cannot be used together")
        from nestaudit.sources import sos

        data: dict[str, Any] = sos.bundle_from_sos(_existing(args.from_sos))
    else:
        data = collect_bundle(args)
    if args.redact:
        data = _open_key(args).redact_bundle(data)
    write_bundle(data, args)
    return EXIT_OK


def _cmd_build_collector(args: argparse.Namespace) -> int:
    from nestaudit.collectorapp import build
    from nestaudit.output import write_bytes

    write_bytes(args.output, build(args.python), executable=True)
    if args.output != "-":
        print(args.output)
    return EXIT_OK


def _existing(path: str) -> Any:
    from pathlib import Path

    p = Path(path)
    if not p.exists():
        raise NestauditError(f"{path}: no such file or directory")
    return p


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
    from nestaudit.inputs import load_input
    from nestaudit.show import describe

    # a bundle, a sosreport (folder or archive) or a host root, as every other verb reads
    print(safe(describe(load_input(args.bundle), args.bundle)))
    return EXIT_OK


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
    # Both go through the terminal sanitizer: the JSON stays valid JSON with the same values.
    if args.format == "json":
        sys.stdout.write(json_escape(dumps_json(to_json(facts))))
    else:
        sys.stdout.write(safe(to_text(facts)))
    return EXIT_OK


def _color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _load_waivers(args: argparse.Namespace) -> WaiverFile | None:
    from nestaudit.waivers import from_options

    return from_options(getattr(args, "waivers", None), getattr(args, "as_of", None))


def _warn_stale(assessment: Assessment | WaiverReport | None) -> None:
    from nestaudit.waivers import warnings

    sys.stderr.writelines(f"nestaudit: warning: {line}\n" for line in warnings(assessment))


def _assess(args: argparse.Namespace, names: Sequence[str]) -> Assessment:
    from nestaudit.judge import assess
    from nestaudit.judge.registry import load_rules
    from nestaudit.topology import NO_TOPOLOGY, load_topology
    from nestaudit.waivers import apply_waivers

    waivers = _load_waivers(args)
    bundles = _load_inputs(names)
    if getattr(args, "redact", False):
        from nestaudit.bundle import from_data

        # One redactor for every input: the same value gets the same label, so chains link.
        # The report names each input by its redacted name: its path names the host.
        redactor = _open_key(args)
        redacted = [redactor.redact_input(b.data, b.origin) for b in bundles]
        bundles = [from_data(r.data, r.origin) for r in redacted]
    rules = load_rules(args.rules) if args.rules else None
    topology = load_topology(args.topology) if args.topology else NO_TOPOLOGY
    if getattr(args, "redact", False) and topology is not NO_TOPOLOGY:
        topology = _KEYS[-1].topology(topology)
    rename = _KEYS[-1].dns_name if getattr(args, "redact", False) else None
    return apply_waivers(assess(bundles, rules, topology), waivers, rename)


def _exit_for(assessment: Assessment, args: argparse.Namespace) -> int:
    from nestaudit.report import errored_rules, exit_code
    from nestaudit.vocabulary import Severity

    errored = errored_rules(assessment)
    if errored:
        sys.stderr.write(
            "nestaudit: error: the verdict is incomplete: rules ended in error: "
            + safe_line(", ".join(errored))
            + "\n"
        )
    return exit_code(assessment, Severity(args.fail_on), allow_unknown=args.allow_unknown)


def _cmd_check(args: argparse.Namespace) -> int:
    from nestaudit.output import write_bytes
    from nestaudit.render import OutputFormat, render
    from nestaudit.vocabulary import Severity

    fmt = OutputFormat(args.format)
    if args.quiet and fmt is not OutputFormat.TEXT:
        raise NestauditError(f"check -q prints text only; drop -q or --format {args.format}")
    assessment = _assess(args, args.inputs)
    if args.quiet:
        from nestaudit.render.quiet import render_quiet

        data = render_quiet(assessment, Severity(args.fail_on), allow_unknown=args.allow_unknown,
                            color=_color(args.color)).encode("utf-8")
    else:
        data = render(assessment, fmt, color=_color(args.color) if fmt is OutputFormat.TEXT
                      else False)
    write_bytes(args.output or "-", _for_stdout(data, fmt) if not args.output else data)
    _warn_stale(assessment)
    return _exit_for(assessment, args)


def _for_stdout(data: bytes, fmt: Any) -> bytes:
    """A report written to standard output, with the terminal controls host data may carry
    shown escaped. Text and Markdown are escaped when rendered; JSON is re-escaped (still
    valid JSON, the same values); PDF is binary and left alone."""
    from nestaudit.render import OutputFormat

    if fmt in (OutputFormat.PDF, OutputFormat.TEXT, OutputFormat.MD):
        return data
    text = data.decode("utf-8")
    return (json_escape(text) if fmt is OutputFormat.JSON else safe(text)).encode("utf-8")


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
    assessment = _assess(args, args.inputs)
    data = render(assessment, fmt, paper=args.paper)
    write_bytes(args.output, _for_stdout(data, fmt) if args.output == "-" else data)
    _warn_stale(assessment)
    if args.output != "-":
        print(safe_line(args.output))
    return _exit_for(assessment, args)  # as `check` exits (verdicts.md, Exit codes)


def _cmd_audit(args: argparse.Namespace) -> int:
    from nestaudit.audit import run_audit
    from nestaudit.collect.cli import progress as collect_progress

    waivers = _load_waivers(args)
    result = run_audit(
        args.input,
        out_dir=args.output,
        extra_rules=args.rules or [],
        paper=args.paper,
        redactor=_open_key(args) if args.redact else None,
        topology=args.topology,
        progress=collect_progress(args.quiet),
        waivers=waivers,
    )
    print(result.summary(color=_color(args.color)))  # host text sanitized in summary()
    _warn_stale(result.assessment)
    return _exit_for(result.assessment, args)


# ---------------------------------------------------------------- fleet


def _cmd_fleet(args: argparse.Namespace) -> int:
    from nestaudit.fleet.progress import progress as fleet_progress
    from nestaudit.fleet.run import FILES, run_fleet
    from nestaudit.judge.registry import load_rules
    from nestaudit.topology import NO_TOPOLOGY, load_topology
    from nestaudit.vocabulary import Severity

    result = run_fleet(
        args.inputs,
        args.output,
        jobs=args.jobs or os.cpu_count() or 1,
        rules=load_rules(args.rules) if args.rules else None,
        topology=load_topology(args.topology) if args.topology else NO_TOPOLOGY,
        fail_on=Severity(args.fail_on),
        allow_unknown=args.allow_unknown,
        progress=fleet_progress(args.quiet),
        waivers=_load_waivers(args),
    )
    _warn_stale(result.waivers)
    for problem in result.problems:
        sys.stderr.write(f"nestaudit: error: {safe_line(problem.message)}\n")
    if result.errored:
        sys.stderr.write("nestaudit: error: the verdict is incomplete: rules ended in error: "
                         + ", ".join(result.errored) + "\n")
    print(f"{result.hosts} hosts judged, {len(result.problems)} inputs not; written to "
          f"{result.out_dir}/: {', '.join(FILES)}")
    return result.exit_code


# ---------------------------------------------------------------- rules


def _cmd_rules(args: argparse.Namespace) -> int:
    from nestaudit.engine.ruleset import describe
    from nestaudit.judge.registry import load_rules

    if args.rules_command == "lint":
        rules = load_rules([args.dir] if args.dir else [], builtin=not args.dir)
        print(f"{len(rules)} rules OK")
        return EXIT_OK
    rules = load_rules(args.rules or [])
    if args.rules_command == "list":
        for rule in rules:
            print(safe_line(
                f"{rule.id:<40} {rule.limitation:<22} {rule.severity:<8} {rule.scope:<6} "
                f"{rule.title}"
            ))
        return EXIT_OK
    wanted = [r for r in rules if r.id == args.id or r.limitation == args.id]
    if not wanted:
        raise NestauditError(
            f"{args.id}: no rule or limitation with this id (see 'nestaudit rules list')"
        )
    print(safe("\n\n".join(describe(rule) for rule in wanted)))
    return EXIT_OK


# ---------------------------------------------------------------- redact, ticket

# The redaction keys this run opened: _run says which it created, or removes them when the
# verb fails (no key is left for labels that no output holds).
_KEYS: list[Redactor] = []


def _open_key(args: argparse.Namespace) -> Redactor:
    """The redactor of the key --mapping names, else of the key's default place."""
    from pathlib import Path

    from nestaudit.redact import Redactor
    from nestaudit.redact.keyfile import LEGACY_NAME, locate_key

    where = locate_key(args.mapping, os.environ, Path.cwd())
    if where.legacy:
        sys.stderr.write(
            f"nestaudit: using the redaction key ./{LEGACY_NAME} found in this folder, as "
            "older versions did, so that labels match the redactions made with it\n"
        )
    redactor = Redactor(where.path, private_folder=where.default)
    _KEYS.append(redactor)
    return redactor


def _close_keys(failed: bool) -> None:
    for redactor in _KEYS:
        if failed:
            redactor.discard_created()
        elif redactor.created:
            sys.stderr.write(
                f"nestaudit: created the redaction key {safe_line(str(redactor.mapping_path))}; "
                "keep it to link later redactions (the same values get the same labels)\n"
            )
    _KEYS.clear()


def _cmd_redact(args: argparse.Namespace) -> int:
    from nestaudit.output import write_json

    bundle = _load_inputs([args.input])[0]
    redacted = _open_key(args).redact_bundle(bundle.data, redact_domains=args.domains)
    _validate_if_possible(redacted)
    write_json(args.output, redacted, private=True)
    if args.output != "-":
        print(safe_line(args.output))
    return EXIT_OK


def _cmd_ticket(args: argparse.Namespace) -> int:
    from nestaudit.ticket import write_ticket

    waivers = _load_waivers(args)
    path = write_ticket(
        args.inputs, args.output, case=args.case, redactor=_open_key(args), paper=args.paper,
        rules=args.rules, topology=args.topology,
        waivers=waivers,
    )
    print(safe_line(str(path)))
    return EXIT_OK


# ---------------------------------------------------------------- diff


def _cmd_diff(args: argparse.Namespace) -> int:
    from nestaudit.diff import diff_inputs, render
    from nestaudit.errors import EXIT_FINDINGS
    from nestaudit.judge.registry import load_rules
    from nestaudit.output import write_bytes
    from nestaudit.topology import NO_TOPOLOGY, load_topology
    from nestaudit.vocabulary import Severity

    diff = diff_inputs(
        args.old,
        args.new,
        fail_on=Severity(args.fail_on),
        allow_unknown=args.allow_unknown,
        rules=load_rules(args.rules) if args.rules else None,
        topology=load_topology(args.topology) if args.topology else NO_TOPOLOGY,
    )
    write_bytes(args.output or "-", render(diff, args.format).encode("utf-8"))
    return EXIT_FINDINGS if diff.worse else EXIT_OK


# ---------------------------------------------------------------- fix


def _cmd_fix(args: argparse.Namespace) -> int:
    from nestaudit.fix import FixFormat, write_fix
    from nestaudit.judge.registry import load_rules
    from nestaudit.output import write_bytes

    fmt = FixFormat(args.format)
    text = write_fix(_assess(args, args.inputs), load_rules(args.rules or []), fmt)
    write_bytes(args.output, text.encode("utf-8"), executable=fmt is FixFormat.SH)
    if args.output != "-":
        print(args.output)
    return EXIT_OK


_VERBS: dict[str, Callable[[argparse.Namespace], int]] = {
    "collect": _cmd_collect,
    "build-collector": _cmd_build_collector,
    "show": _cmd_show,
    "facts": _cmd_facts,
    "check": _cmd_check,
    "report": _cmd_report,
    "audit": _cmd_audit,
    "fleet": _cmd_fleet,
    "rules": _cmd_rules,
    "redact": _cmd_redact,
    "ticket": _cmd_ticket,
    "diff": _cmd_diff,
    "fix": _cmd_fix,
}


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush of what
    could not be written raises nothing more (Python's advice for a closed pipe)."""
    from nestaudit.collect.cli import silence_stdout

    silence_stdout()


# Errors of a write with no file named: every file nestaudit writes goes through
# output.py, which names it, so one of these is standard output (a full disk, a quota).
_WRITE_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)


def _run(args: argparse.Namespace) -> int:
    _KEYS.clear()
    try:
        code = _VERBS[args.verb](args)
        sys.stdout.flush()  # here, so that a full disk or a closed pipe is reported now
    except BrokenPipeError:
        _close_keys(failed=False)  # the reader stopped: what it read was whole
        raise
    except OSError as exc:
        _close_keys(failed=True)
        if exc.filename is not None or exc.errno not in _WRITE_ERRNOS:
            raise
        _silence_stdout()
        raise NestauditError(f"standard output: cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        _close_keys(failed=True)
        raise
    _close_keys(failed=False)
    return code


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # --debug anywhere (or NESTAUDIT_DEBUG=1) shows the traceback of an unexpected error.
    debug = "--debug" in argv or bool(os.environ.get("NESTAUDIT_DEBUG"))
    argv = [a for a in argv if a != "--debug"]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    if args.command == "rules" and args.rules_command is None:
        parser.parse_args(["rules", "--help"])
    try:
        return _run(args)
    except NestauditError as exc:
        sys.stderr.write(f"nestaudit: error: {safe_line(str(exc))}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("nestaudit: interrupted\n")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except ModuleNotFoundError as exc:
        if debug:
            raise
        sys.stderr.write(safe_line(missing_package(exc, args.verb)) + "\n")
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, exit 2
        if debug:
            import traceback

            traceback.print_exc()
        else:
            where = f" ({exc.filename})" if isinstance(exc, OSError) and exc.filename else ""
            sys.stderr.write(safe_line(
                f"nestaudit {args.verb}: internal error: {type(exc).__name__}{where}: "
                f"{' '.join(str(exc).split())[:300]} (run again with --debug for the "
                "traceback, and please report it)"
            ) + "\n")
        return EXIT_ERROR
