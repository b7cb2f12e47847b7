"""A fast reader for the YAML front matter most Markdown files have: one ``key: value`` per
line, a value being a plain or quoted scalar, a ``[flow, list]`` or a block list of
``- item`` lines under its key.

libyaml takes about 85 us for a typical eight-line header, most of it in PyYAML's Python
code that builds the nodes; this takes about a tenth of that, which at 100,000 files is
several seconds of a first build. It gives exactly what ``yaml.load`` with the safe loader
gives (tests/test_frontmatter.py compares them on generated headers), because each scalar
is typed by PyYAML's own resolver and, when it is not a string, built by PyYAML's own safe
constructor (dates, numbers, booleans, null). Anything else (nested mappings, anchors, tags,
comments after a value, escapes other than ``\\"`` and ``\\\\``, multi-line values, tabs,
CRLF line ends, ...) returns None and the caller asks libyaml, so errors are libyaml's too.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

_NOT_SIMPLE = object()  # a value this reader leaves to libyaml
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_RESOLVED_FIRST = frozenset(ch for ch in Resolver.yaml_implicit_resolvers if ch)
_TYPED = {
    tag: getattr(_CONSTRUCTOR, name)
    for tag, name in (
        ("tag:yaml.org,2002:null", "construct_yaml_null"),
        ("tag:yaml.org,2002:bool", "construct_yaml_bool"),
        ("tag:yaml.org,2002:int", "construct_yaml_int"),
        ("tag:yaml.org,2002:float", "construct_yaml_float"),
        ("tag:yaml.org,2002:timestamp", "construct_yaml_timestamp"),
    )
}

# Characters that make a header the full parser's: tabs, CR, other controls, and the line
# breaks and marks YAML treats specially (NEL, LS, PS, BOM).
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
_ITEM_LINE = re.compile(r"( *)- +(.*)")
# A plain scalar is one line of text with no indicator first; in a block, no ": " or " #"
# inside and no ":" at the end; in a [flow, list], none of ":#,[]{}" at all.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_STOP = re.compile(r"[:#,\[\]{}]")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\])*)"')
_ESCAPE = re.compile(r'\\(["\\])')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")


def _tag(text: str) -> str:
    """The tag YAML gives a plain scalar: PyYAML's resolver, asked only when a rule of
    it starts with the scalar's first character (else it says str without one)."""
    if text[0] not in _RESOLVED_FIRST:
        return _STR
    return _RESOLVER.resolve(ScalarNode, text, (True, False))


def simple_yaml(header: str) -> dict[str, Any] | None:
    """The mapping ``header`` holds, or None when it is not of the simple kind above."""
    if _UNUSUAL.search(header):
        return None
    result: dict[str, Any] = {}
    lines = header.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip():
            continue
        match = _KEY_LINE.fullmatch(line)
        if match is None:
            return None
        key, text = match.group(1), (match.group(2) or "").rstrip(" ")
        if _tag(key) != _STR:
            return None  # "yes:", "on:", "null:" ... are not string keys in YAML 1.1
        if text:
            value = _value(text)
            if value is _NOT_SIMPLE:
                return None
        else:  # null, or a block list on the lines below
            items: list[Any] = []
            indent: str | None = None
            while index < len(lines):
                item = _ITEM_LINE.fullmatch(lines[index])
                if item is None or (indent is not None and item.group(1) != indent):
                    break
                indent = item.group(1)
                value = _scalar(item.group(2).rstrip(" "), False)
                if value is _NOT_SIMPLE:
                    return None
                items.append(value)
                index += 1
            value = items if indent is not None else None
        result[key] = value
    return result


def _value(text: str) -> Any:
    if text.startswith("["):
        if not text.endswith("]"):
            return _NOT_SIMPLE
        inner = text[1:-1].strip()
        if not inner:
            return []
        # A comma inside quotes splits a quoted item in two, which then reads as not simple.
        values = [_scalar(part.strip(" "), True) for part in inner.split(",")]
        return _NOT_SIMPLE if any(v is _NOT_SIMPLE for v in values) else values
    return _scalar(text, False)


def _scalar(text: str, in_list: bool) -> Any:
    if not text:
        return _NOT_SIMPLE
    first = text[0]
    if first == '"':
        if text[-1] == '"' and len(text) > 1 and "\\" not in text and '"' not in text[1:-1]:
            return text[1:-1]
        match = _DOUBLE.fullmatch(text)
        if match is None:
            return _NOT_SIMPLE
        inner = match.group(1)
        return _ESCAPE.sub(r"\1", inner) if "\\" in inner else inner
    if first == "'":
        match = _SINGLE.fullmatch(text)
        return _NOT_SIMPLE if match is None else match.group(1).replace("''", "'")
    if first in _INDICATORS or (
        _FLOW_STOP.search(text) if in_list
        else ": " in text or " #" in text or text[-1] == ":"
    ):
        return _NOT_SIMPLE
    tag = _tag(text)
    if tag == _STR:
        return text
    construct = _TYPED.get(tag)
    if construct is None:
        return _NOT_SIMPLE  # "<<", "=" and the like
    return construct(ScalarNode(tag, text))
