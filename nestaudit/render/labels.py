"""The words and colours every human format shows for the vocabulary."""

from __future__ import annotations

from nestaudit.vocabulary import Outcome, Severity, SupportClass

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.FAIL: "Fail",
    Outcome.ERROR: "Error",
    Outcome.UNKNOWN: "Unknown",
    Outcome.WAIVED: "Waived",
    Outcome.INFO: "Info",
    Outcome.PASS: "Pass",
    Outcome.NOT_APPLICABLE: "Not applicable",
}

OUTCOME_COLORS: dict[Outcome, str] = {
    Outcome.FAIL: "#c9190b",
    Outcome.ERROR: "#7b2cbf",
    Outcome.UNKNOWN: "#b25f00",
    Outcome.WAIVED: "#4f5d75",
    Outcome.INFO: "#2563a8",
    Outcome.PASS: "#3e8635",
    Outcome.NOT_APPLICABLE: "#a7abb0",
}
"""Chart colours, as SVG presentation attributes (WeasyPrint's SVG ignores page CSS)."""

SEVERITY_ORDER: tuple[Severity, ...] = tuple(reversed(Severity))
"""Display order of severities, most severe first."""

SEVERITY_LABELS: dict[Severity, str] = {s: s.value.capitalize() for s in Severity}

SUPPORT_LABELS: dict[SupportClass, str] = {
    SupportClass.SUPPORTED: "Supported",
    SupportClass.TECHNOLOGY_PREVIEW: "Technology Preview",
    SupportClass.UNTESTED: "Untested",
    SupportClass.UNSUPPORTED: "Unsupported",
    SupportClass.UNKNOWN: "Support unknown",
}

SUPPORT_EXPLAINED: dict[SupportClass, str] = {
    SupportClass.SUPPORTED: "This setup is in Red Hat's supported nesting table.",
    SupportClass.TECHNOLOGY_PREVIEW: (
        "This setup is a Technology Preview: usable for testing, not for production."
    ),
    SupportClass.UNTESTED: "This setup is outside the tested configurations.",
    SupportClass.UNSUPPORTED: "This setup is not supported for nested virtualization.",
    SupportClass.UNKNOWN: "The evidence is not enough to place this setup in the support tables.",
}

CHAIN_GROUP_ORDER: tuple[SupportClass, ...] = (
    SupportClass.UNSUPPORTED,
    SupportClass.UNTESTED,
    SupportClass.UNKNOWN,
    SupportClass.TECHNOLOGY_PREVIEW,
    SupportClass.SUPPORTED,
)
"""Order of chain groups in print: what needs attention first."""
