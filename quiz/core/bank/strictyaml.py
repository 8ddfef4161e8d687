"""YAML read strictly: plain types only, no anchors or aliases, no key given twice, and every node's line kept.

The parsed node tree is kept beside the data so that a problem found later (by the schema or the
content checks) can be told with the line it is on.
"""

from typing import Any

import yaml

from quiz.core.bank.schema import KINDS, MAX_QUESTIONS, Problem

_SAFE_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that also refuses anchors and aliases, the stuff of alias bombs."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="YAML anchors and aliases (& and *) are not allowed in question files",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


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


def locate(root: yaml.Node, loc: tuple[Any, ...]) -> tuple[int, str]:
    """The line and a readable field path for a pydantic error location."""
    node, names = root, []
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            values = {k.value: v for k, v in node.value}
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
