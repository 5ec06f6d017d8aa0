"""Remediation steps filled in for one target, every host value quoted for where it goes.

A value from a host (a domain name, a CPU model, a line of a file) never becomes part of a
command or an XML snippet by text substitution: a command is built from its words, each
quoted alone with `shlex.quote`; a `<cpu>` element is built with ElementTree, which escapes
what it writes. So a domain named ``vm$(reboot)`` stays one harmless word when pasted.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping, Sequence
from xml.etree import ElementTree as ET

from nestaudit.engine.model import CheckTemplate, CpuEdit, Step, StepTemplate
from nestaudit.engine.templates import Template
from nestaudit.values import UNKNOWN
from nestaudit.vocabulary import StepKind

Values = Mapping[str, object]


def fill(templates: Sequence[StepTemplate], values: Values, target: str) -> tuple[Step, ...]:
    """The steps of `templates` for `target`: those for another vendor or architecture
    dropped (kept when the host's is unknown), and those whose host values are missing."""
    vendor = values.get("cpu.vendor", UNKNOWN)
    arch = values.get("host.arch", UNKNOWN)
    out: list[Step] = []
    for template in templates:
        if template.vendor is not None and isinstance(vendor, str) and template.vendor != vendor:
            continue
        if template.arch is not None and isinstance(arch, str) and template.arch != arch:
            continue
        step = _fill(template, values, target)
        if step is not None:
            out.append(step)
    return tuple(out)


def quoted(*words: str) -> str:
    """One shell command line of `words`, each quoted alone."""
    return " ".join(quote(w) for w in words)


def quote(word: str) -> str:
    """`word` as one shell word. shlex.quote's single quotes would keep a newline or an
    escape character as it is: the line would break in two, or the terminal act on it. A
    word holding one is written in bash's $'...' form instead, every such character as an
    escape, so the command stays one line of plain characters."""
    if not _SPECIAL.search(word):
        return shlex.quote(word)
    return "$'" + _SPECIAL_OR_QUOTE.sub(_escape, word) + "'"


# C0 and C1 controls, DEL, and the bidi controls that reorder what a terminal shows
_SPECIAL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPECIAL_OR_QUOTE = re.compile(_SPECIAL.pattern[:-1] + "'\\\\]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in "'\\":
        return "\\" + char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def _fill(t: StepTemplate, values: Values, target: str) -> Step | None:
    base = Step(t.kind, "", vendor=t.vendor, arch=t.arch, disruptive=t.disruptive,
                reboot=t.reboot, option=t.option)
    if t.kind is StepKind.COMMAND:
        lines = list(_command_lines(t, values, target))
        if not lines:
            return None
        check = "\n".join(c for _, c in lines if c) if t.check is not None else None
        return base._replace(text="\n".join(line for line, _ in lines), check=check)
    if t.kind is StepKind.EDIT and t.cpu is not None and t.domain is not None:
        return _domain_edit(base, t.cpu, values.get(t.domain, UNKNOWN), values)
    if t.kind is StepKind.EDIT and t.path is not None:
        return _file_edit(base, t, values, target)
    return base._replace(text=t.text.render(values, target))


def _command_lines(
    t: StepTemplate, values: Values, target: str
) -> Iterator[tuple[str, str | None]]:
    """(command, its check) per item of `each` (the item standing for that fact in `argv`
    and the check), else one."""
    if t.each is None:
        yield _command_line(t, values, target)
        return
    items = values.get(t.each, UNKNOWN)
    if not isinstance(items, (list, tuple)):
        return  # unknown or not a list: nothing to name one by one
    for item in items:
        yield _command_line(t, {**values, t.each: str(item)}, target)


def _command_line(t: StepTemplate, values: Values, target: str) -> tuple[str, str | None]:
    line = quoted(*(_word(w, values, target) for w in t.argv))
    return line, None if t.check is None else _check_line(t.check, values, target)


def _check_line(check: CheckTemplate, values: Values, target: str) -> str:
    """The check as one shell line: the command, piped to grep for `prints`, behind `!`
    when negated."""
    line = quoted(*(_word(w, values, target) for w in check.argv))
    if check.prints:
        line += " | " + quoted("grep", "-qxF", *(a for text in check.prints for a in ("-e", text)))
    return f"! {line}" if check.negate else line


def _word(word: Template, values: Values, target: str) -> str:
    return word.render(values, target)


def _file_edit(base: Step, t: StepTemplate, values: Values, target: str) -> Step:
    text = t.text.render(values, target)
    line: int | None = None
    replaces: str | None = None
    if t.replaces is not None:
        number, old = (values.get(name, UNKNOWN) for name in t.replaces)
        if isinstance(number, int) and not isinstance(number, bool) and isinstance(old, str):
            line, replaces = number, old
    path = t.path or ""
    command = _file_command(path, text, line)
    check = f"grep -qxF -- {quote(text)} {quote(path)}" if "\n" not in text else None
    return base._replace(text=text, path=path, line=line, replaces=replaces, command=command,
                         check=check)


def _file_command(path: str, text: str, line: int | None) -> str | None:
    """A command making the edit: sed's `c` for a replaced line, printf for an append."""
    if "\n" in text or "\\" in text:
        return None  # sed's c text and printf's argument would read these specially
    if line is None:
        return f"printf '%s\\n' {quote(text)} >> {quote(path)}"
    return f"sed -i {quote(f'{line}c {text}')} {quote(path)}"


def _domain_edit(base: Step, cpu: CpuEdit, domain: object, values: Values) -> Step | None:
    if not isinstance(domain, str) or not domain:
        return None
    model = next(
        (v for v in (values.get(m, UNKNOWN) for m in cpu.models) if isinstance(v, str) and v),
        None,
    )
    feature = values.get(cpu.require, UNKNOWN) if cpu.require else None
    if cpu.mode is None and (model is None or not isinstance(feature, str) or not feature):
        return None  # no model the evidence names, or no flag to require: nothing valid to offer
    element = _cpu_element(cpu, model, feature if isinstance(feature, str) else None)
    ET.indent(element, space="  ")
    # ElementTree ends an empty element with " />"; text content cannot hold it (">" in text
    # is written as &gt;), so dropping the space changes nothing but the look
    text = ET.tostring(element, encoding="unicode").replace(" />", "/>")
    if cpu.mode is not None:
        spec = cpu.mode
        shows = f"<cpu mode='{cpu.mode}'"
    else:
        spec = f"{model},require={feature}"
        shows = f"<feature policy='require' name='{feature}'/>"
    return base._replace(
        text=text, domain=domain, command=_virt_xml(domain, spec, model),
        check=f"{quoted('virsh', 'dumpxml', '--inactive', '--domain', domain)} | "
              f"{quoted('grep', '-qF', '--', shows)}",
    )


def _cpu_element(cpu: CpuEdit, model: str | None, feature: str | None) -> ET.Element:
    if cpu.mode is not None:
        return ET.Element("cpu", {"mode": cpu.mode})
    attrs = {"mode": "custom", "match": "exact"}
    if cpu.check:
        attrs["check"] = cpu.check
    element = ET.Element("cpu", attrs)
    ET.SubElement(element, "model", {"fallback": "allow"}).text = model
    ET.SubElement(element, "feature", {"policy": "require", "name": feature or ""})
    return element


def _virt_xml(domain: str, spec: str, model: str | None) -> str | None:
    """virt-xml's non-interactive edit (virt-install's tests show `DOMAIN --edit --cpu
    host-passthrough` and `--cpu MODEL,require=FEATURE`), where virt-xml can read it: its
    option parser splits on `,` and `=`, and takes a name starting with `-` for an option."""
    if domain.startswith("-") or (model is not None and any(c in model for c in ",=")):
        return None
    return quoted("virt-xml", domain, "--edit", "--cpu", spec)
