"""YAML with line numbers: the safe loader, remembering each key's line and refusing duplicate keys."""
from __future__ import annotations

from typing import Any


class LDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    lines: dict

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class LList(list):
    """A sequence that remembers its own line and each item's line (1-based)."""

    line: int = 0
    lines: list

    def line_at(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


MAX_DEPTH = 40  # the rulebook nests patterns a few levels deep; thousands of levels only exhaust the stack


def load_yaml(text: str) -> Any:
    """Safe-load YAML with line numbers. Aliases (`*name`) are refused and nesting is bounded:
    a 1 KB file of nested aliases ("billion laughs") would otherwise expand to gigabytes.
    Errors are yaml.MarkedYAMLError with the line of the problem."""
    import yaml

    _refuse_aliases_and_depth(text)
    return yaml.load(text, Loader=_loader())  # a SafeLoader subclass: no arbitrary objects


def _refuse_aliases_and_depth(text: str) -> None:
    """One pass over the parser's events (cheap, nothing is built) before anything is constructed."""
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(problem="YAML aliases (*name) are not allowed; write the value out",
                                       problem_mark=event.start_mark)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(problem=f"nested more than {MAX_DEPTH} levels deep",
                                           problem_mark=event.start_mark)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


_LOADER: list = []  # cache


def _loader():
    if _LOADER:
        return _LOADER[0]
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(base):  # type: ignore[misc, valid-type]
        pass

    def construct_mapping(loader: Any, node: Any) -> LDict:
        loader.flatten_mapping(node)
        out = LDict()
        out.line = node.start_mark.line + 1
        out.lines = {}
        for knode, vnode in node.value:
            key = loader.construct_object(knode, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise yaml.constructor.ConstructorError(None, None, "a key must be a plain value", knode.start_mark)
            if key in out:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}' (first at line {out.lines[key]})", knode.start_mark)
            out[key] = loader.construct_object(vnode, deep=True)
            out.lines[key] = knode.start_mark.line + 1
        return out

    def construct_sequence(loader: Any, node: Any) -> LList:
        out = LList(loader.construct_object(child, deep=True) for child in node.value)
        out.line = node.start_mark.line + 1
        out.lines = [child.start_mark.line + 1 for child in node.value]
        return out

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    _LOADER.append(LineLoader)
    return LineLoader
