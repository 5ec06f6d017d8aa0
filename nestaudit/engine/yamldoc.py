"""A YAML document with the line of every value, so each problem can name its line.

`parse_document` refuses YAML over nestaudit/limits.py's limits (anchors and aliases, depth,
size) with the line, then composes a file to YAML nodes (safe tags only, libyaml where the
wheel has it) and maps every JSON path (keys and list indexes) to the line it is on. A file the
package's parsed index knows (`nestaudit.engine.parsed`) is taken from the index instead,
with the lines of its rules only.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from nestaudit.engine.parsed import lookup, safe_loader

Path_ = tuple[Any, ...]
"""A JSON path into a document: keys and list indexes."""

_FLOAT_TAG = "tag:yaml.org,2002:float"


class Problem(NamedTuple):
    """One problem of a rule file, for a one-line message: "<file>: line <n>: <what>"."""

    file: str
    line: int
    what: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.file}: {self.what}"
        return f"{self.file}: line {self.line}: {self.what}"


class Document:
    """A parsed rule file: its data and, for every JSON path, the line it is on.

    `indexed`: taken from `nestaudit.engine.parsed`'s index, so only the lines of the rules
    are known. A plain class, not a dataclass: `check` imports this module, and importing
    `dataclasses` costs it milliseconds.
    """

    def __init__(self, file: str, data: Any, indexed: bool = False) -> None:
        self.file = file
        self.data = data
        self.indexed = indexed
        self.lines: dict[Path_, int] = {}
        self.key_lines: dict[Path_, int] = {}
        self.float_text: dict[Path_, str] = {}

    def line(self, path: Path_, *, key: bool = False) -> int:
        """The line of the value at `path` (or of its key), else of its nearest ancestor."""
        probe = tuple(path)
        if key and probe in self.key_lines:
            return self.key_lines[probe]
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)


def parse_document(
    text: str, file: str, problems: list[Problem], *, use_index: bool = True,
    loader_class: Any = None,
) -> Document | None:
    """Compose `text` to YAML nodes (safe tags only) and map every JSON path to its line.

    A file of the package's parsed index (`nestaudit.engine.parsed`) is taken from it instead,
    with the lines of its rules only; `use_index=False` always parses. `loader_class`: a
    subclass of the safe loader to construct with (default: the safe loader).
    """
    if use_index:
        entry = lookup(text)
        if entry is not None:
            return _from_index(file, entry)
    import yaml

    from nestaudit.limits import yaml_problem

    refused = yaml_problem(text)
    if refused is not None:
        problems.append(Problem(file, refused[0], f"refused YAML: {refused[1]}"))
        return None
    # libyaml's loader (shipped in PyYAML's wheels) composes the same nodes and marks,
    # several times faster; the pure-Python one is the fallback.
    loader = (loader_class or safe_loader())(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = str(err.problem or "cannot parse")
        if err.context:
            what += f" ({err.context})"
        problems.append(Problem(file, line, f"malformed YAML: {what}"))
        return None
    except yaml.YAMLError as err:
        problems.append(Problem(file, 1, f"malformed YAML: {err}"))
        return None
    finally:
        loader.dispose()
    doc = Document(file, data)
    if node is None:
        doc.lines[()] = 1
        return doc
    _walk(node, (), doc, problems)  # bounded: no aliases, depth capped (yaml_problem)
    return doc


def _from_index(file: str, entry: dict[str, Any]) -> Document:
    doc = Document(file, entry["data"], indexed=True)
    doc.lines[()] = 1
    for index, line in enumerate(entry["rule_lines"]):
        doc.lines[("rules", index)] = line
    doc.float_text = {tuple(path): text for path, text in entry["floats"]}
    return doc


def index_entry(text: str, file: str) -> dict[str, Any] | None:
    """What `nestaudit.engine.parsed`'s index stores for a rule file; None if it has a problem."""
    problems: list[Problem] = []
    doc = parse_document(text, file, problems, use_index=False)
    if doc is None or problems or not isinstance(doc.data, dict):
        return None
    rules = doc.data.get("rules")
    count = len(rules) if isinstance(rules, list) else 0
    return {
        "data": doc.data,
        "rule_lines": [doc.line(("rules", i)) for i in range(count)],
        "floats": sorted([list(path), text] for path, text in doc.float_text.items()),
    }


def _walk(node: Any, path: Path_, doc: Document, problems: list[Problem]) -> None:
    import yaml

    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        first: dict[object, int] = {}
        for key_node, value_node in node.value:
            key: object = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or key == "<<":
                continue
            line = key_node.start_mark.line + 1
            if key in first:
                problems.append(
                    Problem(
                        doc.file,
                        line,
                        f"duplicate key {key!r} (first at line {first[key]})",
                    )
                )
            else:
                first[key] = line
            doc.key_lines[(*path, key)] = line
            _walk(value_node, (*path, key), doc, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), doc, problems)
    elif isinstance(node, yaml.ScalarNode) and node.tag == _FLOAT_TAG and not node.style:
        # Keep "9.10" as written: as a float it would be 9.1, and versions compare by part.
        doc.float_text[path] = node.value
