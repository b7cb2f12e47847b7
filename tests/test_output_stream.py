"""Large exports are written in pieces (digest/render/feeds.py json_array, SiteWriter
write_chunks): the pieces join to exactly what json.dumps gives, and an unchanged export is
carried over from the live build like any other file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.output import SiteWriter
from digest.render.feeds import json_array

_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_values, max_size=6), st.sampled_from([None, 1, 2]), st.booleans())
def test_json_array_joins_to_json_dumps(items, indent, ascii_only) -> None:
    expected = json.dumps(items, indent=indent, ensure_ascii=ascii_only) + "\n"
    assert "".join(json_array(iter(items), indent=indent, ensure_ascii=ascii_only)) == expected


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_values, max_size=6), st.booleans())
def test_json_array_in_lines_is_the_same_value_one_item_a_line(items, ascii_only) -> None:
    text = "".join(json_array(iter(items), lines=True, ensure_ascii=ascii_only))
    assert json.loads(text) == items
    assert text.endswith("\n")
    if items:  # "[", one compact item a line, "]"
        rows = text.split("\n")
        assert rows[0] == "[" and rows[-2:] == ["]", ""]
        assert [json.loads(r.rstrip(",")) for r in rows[1:-2]] == items
        assert [json.dumps(i, ensure_ascii=ascii_only) for i in items] == [
            r.rstrip(",") for r in rows[1:-2]
        ]


def test_json_array_of_nothing() -> None:
    assert "".join(json_array([], indent=1)) == json.dumps([], indent=1) + "\n"
    assert "".join(json_array([], separators=(",", ":"))) == "[]\n"
    assert "".join(json_array([], lines=True)) == "[]\n"


def test_write_chunks_writes_and_carries_over(tmp_path: Path) -> None:
    pieces = ["[", '{"a": "\u00e9"}', "]\n"]
    first = SiteWriter(tmp_path / "site")
    first.write_chunks("big.json", iter(pieces))
    first.commit()
    live = (tmp_path / "site" / "big.json").resolve()
    assert live.read_bytes() == "".join(pieces).encode("utf-8")

    same = SiteWriter(tmp_path / "site")
    same.write_chunks("big.json", iter(pieces))
    same.commit()
    kept = (tmp_path / "site" / "big.json").resolve()
    assert os.stat(kept).st_ino == os.stat(live).st_ino  # carried over: same inode

    other = SiteWriter(tmp_path / "site")
    other.write_chunks("big.json", iter(["[", "1", "]\n"]))
    other.commit()
    changed = tmp_path / "site" / "big.json"
    assert changed.read_bytes() == b"[1]\n"
    assert os.stat(changed).st_ino != os.stat(kept).st_ino
    assert not list((tmp_path / "site").resolve().glob("*.digest-link"))
