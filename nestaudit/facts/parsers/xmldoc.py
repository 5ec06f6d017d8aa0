"""Read one XML document that came from a host, refusing what could harm the reader.

Domain XML, libvirt's CPU map files and `virsh domcapabilities` all pass through here:
a document with a DTD or entity declarations is refused before parsing (no entity
expansion), and a broken document becomes a problem string, never an exception.

    >>> parse_xml("<cpus><model name='486'/></cpus>", "x86_486.xml").tag
    'cpus'
    >>> parse_xml("<cpus>", "x86_486.xml")
    'x86_486.xml: line 1, column 6: invalid XML: no element found'
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_FORBIDDEN = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_xml(text: str, source: str) -> ET.Element | str:
    """The root element of a document, or the problem that stops it being read."""
    if _FORBIDDEN.search(text):
        return f"{source}: refused: the document declares a DTD or entities"
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":")[0]
        return f"{source}: line {line}, column {column}: invalid XML: {message}"
    except ValueError as exc:  # expat may raise ValueError (a NUL byte, say)
        return f"{source}: invalid XML: {exc}"


def text_of(element: ET.Element | None) -> str | None:
    """An element's stripped text; None for no element or no text."""
    if element is None or element.text is None:
        return None
    return element.text.strip()
