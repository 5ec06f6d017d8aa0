"""How every human format reads a remediation: its steps in order, alternatives as one
choice, and each step as a few parts (words, then the code they lead to).

One wording for all formats: text, Markdown, JUnit and the HTML (and so the PDF) say the
same thing, each in its own markup. The code in a part was built and quoted by
`nestaudit.engine.steps`; a format shows it verbatim.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from nestaudit.engine.steps import quoted
from nestaudit.vocabulary import StepKind


class StepLike(Protocol):
    @property
    def kind(self) -> StepKind: ...
    @property
    def text(self) -> str: ...
    @property
    def path(self) -> str | None: ...
    @property
    def domain(self) -> str | None: ...
    @property
    def line(self) -> int | None: ...
    @property
    def replaces(self) -> str | None: ...
    @property
    def option(self) -> str | None: ...
    @property
    def command(self) -> str | None: ...
    @property
    def disruptive(self) -> bool: ...
    @property
    def reboot(self) -> bool: ...


class Part(NamedTuple):
    """Words, then the code they lead to (None: the words alone). `lang` names the code's
    language for a Markdown fence: sh, xml, or '' for a file's lines."""

    words: str
    code: str | None = None
    lang: str = ""


class Option(NamedTuple):
    title: str
    steps: tuple[StepLike, ...]


class Block(NamedTuple):
    """A step of its own, or a choice between options (`options` non-empty)."""

    step: StepLike | None
    options: tuple[Option, ...] = ()


CHOICE_LEAD = "Do one of these:"


def blocks(steps: Sequence[StepLike]) -> tuple[Block, ...]:
    """`steps` in order, each run of steps with option titles one choice. A run with a
    single title (the others did not apply to this host) is no choice: its steps stand alone."""
    out: list[Block] = []
    run: list[StepLike] = []

    def flush() -> None:
        options: dict[str, list[StepLike]] = {}
        for step in run:
            options.setdefault(step.option or "", []).append(step)
        if len(options) > 1:
            out.append(Block(None, tuple(Option(t, tuple(s)) for t, s in options.items())))
        else:
            out.extend(Block(step) for step in run)
        run.clear()

    for step in steps:
        if step.option:
            run.append(step)
            continue
        flush()
        out.append(Block(step))
    flush()
    return tuple(out)


def notes(step: StepLike) -> str:
    """' (disrupts running VMs; takes effect after a reboot)', or ''."""
    said = [w for w, on in (("disrupts running VMs", step.disruptive),
                            ("takes effect after a reboot", step.reboot)) if on]
    return f" ({'; '.join(said)})" if said else ""


def parts(step: StepLike) -> tuple[Part, ...]:
    """What a format shows for `step`, in order."""
    note = notes(step)
    if step.kind is StepKind.COMMAND:
        return (Part(f"Run{note}:", step.text, "sh"),)
    if step.kind is StepKind.EDIT and step.domain is not None:
        by_hand = quoted("virsh", "edit", "--domain", step.domain)
        out = []
        if step.command:
            out.append(Part(f"Run{note}:", step.command, "sh"))
            out.append(Part("or by hand, open the definition:", by_hand, "sh"))
        else:
            out.append(Part(f"Open the definition{note}:", by_hand, "sh"))
        out.append(Part("and make its <cpu> element read:", step.text, "xml"))
        return tuple(out)
    if step.kind is StepKind.EDIT:
        path = step.path or "the file"
        if step.line is not None:
            out = [Part(f"In {path}, line {step.line} now reads:", step.replaces or ""),
                   Part(f"Replace that line with{note}:", step.text)]
        else:
            out = [Part(f"Append to {path}{note}:", step.text)]
        if step.command:
            out.append(Part("(the same with a command:)", step.command, "sh"))
        return tuple(out)
    return (Part(step.text + note),)
