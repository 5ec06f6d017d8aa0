"""The collect verb: its options and its run, shared by `nestaudit collect` and the
single-file collector (`nestaudit build-collector`), so both accept the same options.

Standard library only, Python 3.9: the single-file collector holds this package and what it
imports, nothing else. `main` is the single-file collector's entry point; `nestaudit`'s own
CLI declares the verb with `add_options` and runs it with `collect_bundle` and `write_bundle`,
adding the options that need the full install (--from-sos, --redact).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Any, Callable

from nestaudit import __version__
from nestaudit.errors import EXIT_ERROR, EXIT_OK, NestauditError
from nestaudit.terminal import safe_line

PROG = "nestaudit-collect"
DESCRIPTION = (
    "Collect raw evidence (files, module parameters, domain XMLs, a few read-only commands) "
    "into a versioned JSON bundle. Standard library only; never changes the host. --root "
    "reads a host root directory instead (no commands are run)."
)


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line and exit code 2 (its default), as
    nestaudit.arguments.Parser does; its own, so that the collector imports nothing of the
    analysis side's command line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see --help)\n")


def add_options(p: argparse.ArgumentParser) -> None:
    """The options every collector has: where to read, where to write, how long to wait."""
    p.add_argument(
        "--root", metavar="DIR", help="read this directory as the host's / (no commands are run)"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write the bundle (mode 0600: it holds serials and UUIDs); '-' is "
        "standard output; a name ending in .gz is compressed "
        "(default: nestaudit-<host>-<UTC time>.json here)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="timeout of each command in seconds (default 10)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print only the bundle's path")


def progress(quiet: bool) -> Callable[[str], None] | None:
    """Progress lines on standard error, only on a terminal and without -q."""
    if quiet or not sys.stderr.isatty():
        return None

    def show(message: str) -> None:
        sys.stderr.write(f"nestaudit: {safe_line(message)}\n")
        sys.stderr.flush()

    return show


def collect_bundle(args: argparse.Namespace) -> dict[str, Any]:
    """Collect what `args` (add_options's) asks for: the live host, or --root."""
    from nestaudit.collect import collect, require_host_root

    if args.root:
        require_host_root(args.root)
    return collect(root=args.root, timeout=args.timeout, progress=progress(args.quiet))


def write_bundle(data: dict[str, Any], args: argparse.Namespace) -> None:
    """Write the bundle where -o says (0600), then print its path and the probe counts."""
    from nestaudit.output import write_json

    # Not validated here: the collector stays standard-library and fast; every reader
    # validates on load (design.md), and the test suite validates every bundle it makes.
    output = args.output
    if output is None:
        host = data["host"].get("hostname") or hostname_from(data) or "host"
        output = "nestaudit-{}-{}.json".format(_safe_name(host), _stamp(data["collected_at"]))
    write_json(output, data, private=True)  # serials, UUIDs, names: the user's alone
    if output == "-":
        return
    counts: dict[str, int] = {}
    for section in ("files", "dirs", "stats", "commands"):
        for record in data[section].values():
            counts[record["status"]] = counts.get(record["status"], 0) + 1
    print(safe_line(output))
    if not args.quiet:
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        sys.stderr.write(f"nestaudit: probes: {summary}\n")


def hostname_from(data: dict[str, Any]) -> str | None:
    """The host name a bundle's hostname files hold, when its host record has none."""
    from nestaudit.collect.spec import HOSTNAME_FILES

    for path in HOSTNAME_FILES:
        record = data["files"].get(path, {})
        if record.get("status") == "ok" and record.get("encoding") == "utf-8":
            text = str(record.get("content", "")).strip()
            if text:
                return text.splitlines()[0]
    return None


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "host"


def _stamp(collected_at: str) -> str:
    return collected_at.replace("-", "").replace(":", "")


def build_parser() -> Parser:
    """The single-file collector's parser: `collect` with the options above."""
    parser = Parser(
        prog=PROG,
        description="nestaudit's collector in one file: " + DESCRIPTION,
        epilog="Judge the bundle where nestaudit is installed: nestaudit check BUNDLE",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    p = sub.add_parser(
        "collect",
        help="collect this host's (or a root's) raw evidence into a bundle",
        description=DESCRIPTION,
    )
    add_options(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The single-file collector: `python3 nestaudit-collect.pyz collect -o FILE`."""
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        write_bundle(collect_bundle(args), args)
        sys.stdout.flush()
    except NestauditError as exc:
        sys.stderr.write(f"{PROG}: error: {safe_line(str(exc))}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return 130
    except BrokenPipeError:
        silence_stdout()
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, exit 2
        where = f" ({exc.filename})" if isinstance(exc, OSError) and exc.filename else ""
        sys.stderr.write(safe_line(
            f"{PROG}: internal error: {type(exc).__name__}{where}: "
            f"{' '.join(str(exc).split())[:300]} (please report it)"
        ) + "\n")
        return EXIT_ERROR
    return EXIT_OK


def silence_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's last flush raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
