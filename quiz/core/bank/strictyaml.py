"""YAML read strictly: plain types only, no anchors or aliases, no key given twice, and every node's line kept.

The parsed node tree is kept beside the data so that a problem found later (by the schema or the
content checks) can be told with the line it is on.
"""

import re
from typing import Any

import yaml

from quiz.core.bank.schema import KINDS, MAX_QUESTIONS, Problem

_SAFE_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}


# Limits checked on the parser's events, before any node is built: a real question file is a few
# levels deep and a few thousand nodes; a hostile one nested 20,000 deep would overflow the stack.
MAX_DEPTH = 40
MAX_NODES = 100_000
MAX_DIGITS = 18  # the database's 64-bit integers hold 18 digits
MAX_PROBLEMS = 200  # told at once; a file with more has a deeper mistake the first ones show
# Characters no question file needs: C0/C1 controls (tab and newline aside) and bidirectional overrides.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def precheck(text: str, path: str) -> list[Problem]:
    """Control characters by line, then nesting depth and node count from the parser's events."""
    problems = []
    for match in CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        problems.append(Problem(path, line, "", f"holds the control character U+{ord(match.group()):04X}; remove it"))
        if len(problems) >= 20:
            break
    if problems:
        return problems
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1
                    return [Problem(path, line, "", f"nested more than {MAX_DEPTH} levels deep")]
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    return [Problem(path, event.start_mark.line + 1, "", f"more than {MAX_NODES:,} values")]
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        return [Problem(path, line, "", f"not valid YAML: {' '.join(str(error.problem).split())}")]
    except yaml.YAMLError as error:
        return [Problem(path, None, "", f"not valid YAML: {' '.join(str(error).split())}")]
    return []


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that also refuses anchors and aliases, the stuff of alias bombs, and values no column holds."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if sum(ch.isdigit() for ch in node.value) > MAX_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"the number has more than {MAX_DIGITS} digits", node.start_mark
            )
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a date between the years 1 and 9999", node.start_mark
            ) from None

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="YAML anchors and aliases (& and *) are not allowed in question files",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def construct(text: str, root: yaml.Node) -> Any:
    """The data of a checked node tree, with the strict integer and date rules."""
    loader = _StrictLoader(text)
    try:
        return loader.construct_document(root)
    finally:
        loader.dispose()


def compose(text: str) -> yaml.Node:
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is None:
        raise yaml.MarkedYAMLError(problem="the file is empty")
    return node


def check_tree(node: yaml.Node, path: str) -> list[Problem]:
    """Refuse tags other than plain YAML types, and keys given twice in one mapping."""
    problems = []
    stack = [node]
    while stack:
        current = stack.pop()
        line = current.start_mark.line + 1
        if current.tag not in _SAFE_TAGS:
            problems.append(Problem(path, line, "", f"the tag {current.tag!r} is not allowed"))
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if key.value in seen:
                    problems.append(Problem(path, key.start_mark.line + 1, str(key.value), "given twice"))
                seen.add(key.value)
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems


class Locator:
    """Lines for pydantic error locations; each mapping's keys are indexed once, so many errors stay linear."""

    def __init__(self, root: yaml.Node):
        self.root = root
        self._keys: dict[int, dict[Any, yaml.Node]] = {}

    def values(self, node: yaml.MappingNode) -> dict[Any, yaml.Node]:
        if id(node) not in self._keys:
            self._keys[id(node)] = {k.value: v for k, v in node.value}
        return self._keys[id(node)]

    def __call__(self, loc: tuple[Any, ...]) -> tuple[int, str]:
        return locate(self.root, loc, self.values)


def locate(root: yaml.Node, loc: tuple[Any, ...], values_of: Any = None) -> tuple[int, str]:
    """The line and a readable field path for a pydantic error location."""
    node, names = root, []
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            values = values_of(node) if values_of else {k.value: v for k, v in node.value}
            if part in values:
                node = values[part]
                names.append(f".{part}")
            elif part in KINDS:
                continue  # the union's tag, not a key in the file
            else:
                names.append(f".{part}")
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            names.append(f"[{part}]")
        else:
            break
    return node.start_mark.line + 1, "".join(names).lstrip(".")


def count_questions(text: str) -> tuple[int, int | None]:
    """The number of top-level ``questions`` (counted to one past the limit) and their line.

    Counted from the parser's events, with libyaml when it is there, before any node is built:
    building 10,000 questions would take seconds only to refuse them. A file that does not parse
    counts 0 here and gets its exact error from ``compose``.
    """
    depth, after_key, counting, count, line = 0, False, False, 0, None
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            opens = isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent)
            if counting and depth == 2 and (opens or isinstance(event, yaml.ScalarEvent | yaml.AliasEvent)):
                count += 1
                if count > MAX_QUESTIONS:
                    break
            if opens:
                if after_key and depth == 1 and isinstance(event, yaml.SequenceStartEvent):
                    counting, line = True, event.start_mark.line + 1
                depth += 1
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
                if counting and depth == 1:
                    break
            after_key = depth == 1 and isinstance(event, yaml.ScalarEvent) and event.value == "questions"
    except yaml.YAMLError:
        return 0, None
    return count, line
