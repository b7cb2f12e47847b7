"""The fast front-matter reader (digest/ingest/frontmatter.py) against PyYAML's safe loader:
whenever it answers, its answer is PyYAML's, types included; and it does answer for the
headers Markdown files usually have."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.ingest.frontmatter import simple_yaml
from digest.ingest.markdown import split_front_matter

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def same(a: object, b: object) -> bool:
    """Equal values of the same types, all the way down (True == 1 in Python; not here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore
    if isinstance(a, float) and a != a:
        return b != b
    if isinstance(a, datetime):
        return a == b and a.tzinfo == b.tzinfo  # type: ignore[union-attr]
    return a == b


KEYS = ["title", "date", "tags", "yes", "on", "No", "null", "y", "2020", "a-b", "_x", "<<",
        "a b", "url", "Title", "draft", "x:y", "#c", "- k", "?q"]
SCALARS = [
    "Plain words here", "It's fine", 'say "hi"', "a  b", "x: y", "x:y", "ends with:", "a #b",
    "a#b", "#comment", "1", "-5", "0x1F", "0o17", "017", "1_000", "1.5", "1e3", "1.0e+3", ".inf",
    "-.inf", ".NaN", "1:20", "yes", "No", "on", "OFF", "true", "False", "y", "n", "~", "null",
    "Null", "2026-06-03", "2026-06-03T12:17:00Z", "2026-06-03 12:17:00 +02:00",
    "2026-06-03T12:17:00.5-05:00", "2026-6-3", "12:17", '"quoted"', '"with \\" escape"',
    '"back\\\\slash"', '"tab\\tescape"', '"unclosed', "'single'", "'it''s'", "'bad'quote'",
    "[a, b, c]", "[]", "[ ]", "[a, [b]]", "[a,b,]", "[1, 2.5, yes, ~]", '["x, y", z]',
    "['q', \"d\"]", "[a: b]", "[a] # c", "{a: b}", "&anchor v", "*alias", "!!str 5", "|",
    ">", "- item", "? key", "%x", "@x", "`x`", "Ünïcödé façade", "emoji 🚀 rocket",
    "https://example.org/a?b=c#frag", "a [bracket] b", "a, b", "Bitcoin: the next step",
    "trailing spaces   ", "=", "<<",
]


@st.composite
def headers(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["pair", "pair", "pair", "list", "blank", "comment",
                                     "indented", "empty"]))
        key = draw(st.sampled_from(KEYS))
        value = draw(st.one_of(st.sampled_from(SCALARS),
                               st.text(st.characters(codec="utf-8"), max_size=12)))
        if kind == "pair":
            lines.append(f"{key}: {value}")
        elif kind == "empty":
            lines.append(f"{key}:")
        elif kind == "list":
            lines.append(f"{key}:")
            indent = draw(st.sampled_from(["", "  ", "    "]))
            for _ in range(draw(st.integers(0, 3))):
                item = draw(st.sampled_from(SCALARS))
                lines.append(f"{draw(st.sampled_from([indent, indent, '  ']))}- {item}")
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "   "])))
        elif kind == "comment":
            lines.append(f"# {value}")
        else:
            lines.append(f"  {key}: {value}")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n"]))


@st.composite
def plain_headers(draw: st.DrawFn) -> str:
    """Mostly headers the fast reader takes: usual keys, values of every type."""
    lines = []
    for key in draw(st.lists(st.sampled_from(KEYS[:8] + ["author", "summary", "weight"]),
                             max_size=8)):
        if draw(st.integers(0, 4)) == 0:
            lines.append(f"{key}:")
            indent = draw(st.sampled_from(["", "  "]))
            lines += [f"{indent}- {v}" for v in draw(st.lists(st.sampled_from(SCALARS),
                                                              max_size=3))]
        else:
            value = draw(st.one_of(
                st.sampled_from(SCALARS),
                st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=10),
            ))
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


@settings(max_examples=3000, deadline=None)
@given(plain_headers())
def test_the_fast_reader_answers_as_pyyaml_does_on_plain_headers(header: str) -> None:
    check(header)


@settings(max_examples=3000, deadline=None)
@given(headers())
def test_the_fast_reader_answers_as_pyyaml_does(header: str) -> None:
    check(header)


def loaded(header: str) -> object:
    try:
        return yaml.load(header, Loader=LOADER) or {}  # noqa: S506
    except yaml.YAMLError:
        return yaml.YAMLError


def check(header: str) -> None:
    fast = simple_yaml(header)
    if fast is None:
        return
    expected = loaded(header)
    assert expected is not yaml.YAMLError, f"PyYAML refuses {header!r}; fast reader: {fast!r}"
    assert same(fast, expected), (header, fast, expected)


@pytest.mark.parametrize("value", SCALARS)
def test_each_scalar_alone(value: str) -> None:
    header = f"title: {value}\n"
    fast = simple_yaml(header)
    if fast is not None:
        assert same(fast, loaded(header)), (value, fast, loaded(header))


USUAL = [
    # what the benchmark corpus and most static-site generators write
    'title: "Port Alder Audits Its Solar Farm (0)"\ndate: 2026-06-03T12:17:00Z\n'
    "category: Technology\ntags: [market, plan, week]\nsource: Lantern Times\n"
    'url: https://lantern-times.example/news/0\nsummary: "Fees rise."\nauthor: Lumen Writer\n',
    # Hugo / Jekyll: block lists, single quotes, a date without a time, a boolean
    "title: 'Ether''s week'\ndate: 2026-11-02\ndraft: false\ntags:\n  - defi\n  - lending\n"
    "categories:\n- DeFi\nauthor: Jo Doe\n",
    # a time with an offset, a number, an empty value
    "title: Rates\ndate: 2026-11-02 09:30:00 +01:00\nweight: 3\nsummary:\n",
]


@pytest.mark.parametrize("header", USUAL)
def test_usual_headers_take_the_fast_path(header: str) -> None:
    fast = simple_yaml(header)
    assert fast is not None
    assert same(fast, loaded(header))


def test_the_fast_path_gives_typed_values() -> None:
    meta = simple_yaml(USUAL[1])
    assert meta is not None
    assert meta["date"] == date(2026, 11, 2) and meta["draft"] is False
    assert meta["tags"] == ["defi", "lending"] and meta["categories"] == ["DeFi"]
    assert meta["title"] == "Ether's week"


@pytest.mark.parametrize("header", [
    "title: a\n  nested: b\n",  # a nested mapping
    "title: |\n  block text\n",  # a block scalar
    "title: a # comment\n",  # a comment after a value
    "title: 'x'\r\n",  # CRLF line ends
    "title:\ta\n",  # a tab
    'title: "line\\nbreak"\n',  # an escape other than \" and \\
    "yes: a\n",  # a key YAML 1.1 reads as a boolean
])
def test_other_headers_are_left_to_libyaml(header: str) -> None:
    assert simple_yaml(header) is None


def test_split_front_matter_keeps_libyaml_errors() -> None:
    from digest.errors import DigestError

    with pytest.raises(DigestError) as caught:
        split_front_matter('---\ntitle: "unclosed\n---\nbody\n', "a.md")
    assert "a.md" in str(caught.value)
    meta, body = split_front_matter("---\ntitle: Fine\ntags:\n  - a\n---\nBody\n", "b.md")
    assert meta == {"title": "Fine", "tags": ["a"]} and body == "Body\n"
