"""The JSON exports (digest/render/exports.py): their bytes are json.dumps' of their records,
and a build that copies unchanged records from the live build's file writes exactly the
bytes a full encoding gives, encoding only the records of new or changed stories."""

from __future__ import annotations

import json
import os
from array import array
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from digest.render.context import SourceLink, StoryView
from digest.render.exports import ExportIndex, ExportWriter, search_format, stories_format
from digest.render.keys import Encoder
from digest.util import iso

from .conftest import read_search_index

BASE = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
CODE = bytes(range(32))

_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
)


def view(number: int, title: str = "", words: tuple[str, ...] = (), score: float = 0.5,
         others: int = 0) -> StoryView:
    return StoryView(
        id=f"id-{number}",
        slug=f"story-{number}",
        title=title or f"Story {number}",
        url=f"https://news.example/{number}" if number % 3 else None,
        path=f"story/story-{number}/",
        page_url=f"https://digest.example/story/story-{number}/",
        summary=f"Summary of story {number}.",
        body_html=Markup("<p>body</p>"),
        paragraphs=words or (f"First paragraph of {number}.", "Second paragraph."),
        note=None,
        author=None,
        source=SourceLink(f"Desk {number % 4}", f"https://desk{number % 4}.example/"),
        others=tuple(SourceLink(f"Other {i}", None) for i in range(others)),
        topic="defi",
        topic_name="DeFi",
        topic_reason="keyword",
        published=BASE + timedelta(hours=number),
        first_seen=BASE + timedelta(hours=number, minutes=5) if number % 2 else None,
        secondary_topics=("technology",) if number % 5 == 0 else (),
        score=score,
        source_count=1 + others,
        outlets=("Desk",),
        brief=("One line.",) if number % 2 else (),
        developing=number % 7 == 0,
    )


def expected_search(views: list[StoryView]) -> bytes:
    records = []
    for s in views:
        text = " ".join(s.paragraphs)
        if len(text) > 3000:
            text = text[:3000].rsplit(" ", 1)[0]
        records.append({
            "t": s.title, "u": s.path, "s": s.summary, "x": text, "c": s.topic_name,
            "o": ", ".join(link.name for link in s.sources), "d": iso(s.published),
        })
    return ("window.digestSearchIndex="
            + json.dumps(records, ensure_ascii=False, separators=(",", ":")) + ";\n").encode()


def expected_stories(views: list[StoryView]) -> bytes:
    if not views:
        return b"[]\n"
    rows = [json.dumps(s.as_json(), ensure_ascii=False) for s in views]
    return ("[\n" + ",\n".join(rows) + "\n]\n").encode()


def write(path: Path, writer: ExportWriter) -> bytes:
    with open(path, "wb") as out:
        for chunk in writer.chunks():
            out.write(chunk)
    return path.read_bytes()


def digest_of() -> object:
    return Encoder(skip=frozenset({"score"})).dataclass_digest


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.tuples(_text, st.lists(_text, max_size=3), st.floats(0, 50),
                          st.integers(0, 2)), max_size=6))
def test_an_export_is_json_dumps_of_its_records(tmp_path_factory, items) -> None:
    views = [view(n, t, tuple(w), s, o) for n, (t, w, s, o) in enumerate(items)]
    folder = tmp_path_factory.mktemp("x")
    search = write(folder / "s.json", ExportWriter(search_format(), views, digest_of(), CODE))
    assert search == expected_search(views)
    stories = write(folder / "t.json", ExportWriter(stories_format(), views, digest_of(), CODE))
    assert stories == expected_stories(views)
    assert json.loads(stories) == [json.loads(json.dumps(v.as_json())) for v in views]


def test_long_text_is_cut_at_a_word(tmp_path: Path) -> None:
    long = view(1, words=("word " * 1000,))
    write(tmp_path / "s.js", ExportWriter(search_format(), [long], digest_of(), CODE))
    data = read_search_index(tmp_path / "s.js")
    assert len(data[0]["x"]) <= 3000 and data[0]["x"].endswith("word")


def _first(tmp_path: Path, form, views) -> tuple[Path, bytes]:
    old = tmp_path / f"old-{form.name}.json"
    writer = ExportWriter(form, views, digest_of(), CODE)
    write(old, writer)
    blob = writer.index(old)
    assert blob is not None
    return old, blob


def test_unchanged_records_are_copied_and_the_bytes_are_a_full_encoding(tmp_path: Path) -> None:
    before = [view(n, score=n / 10) for n in range(40)]
    after = list(before)
    after[3] = replace(after[3], title="A changed headline — é")  # changed: encoded
    after[10] = replace(after[10], others=(SourceLink("Late Desk", None),))  # changed
    del after[20:23]  # gone
    after.insert(0, view(100, "Brand new"))  # new
    after.insert(15, view(101, "Another new"))
    after = [replace(s, score=s.score * 2 + 0.123456) for s in after]  # the clock moved
    after[30], after[31] = after[31], after[30]  # another order
    for form, expected in ((search_format(), expected_search),
                           (stories_format(), expected_stories)):
        old = _first(tmp_path, form, before)
        writer = ExportWriter(form, after, digest_of(), CODE, old)
        data = write(tmp_path / f"new-{form.name}.json", writer)
        assert data == expected(after), form.name
        assert writer.encoded == 4, form.name  # two new, two changed
        # and the new file's index serves the build after it
        again = ExportWriter(form, after, digest_of(), CODE,
                             (tmp_path / f"new-{form.name}.json",
                              writer.index(tmp_path / f"new-{form.name}.json")))
        assert write(tmp_path / f"third-{form.name}.json", again) == expected(after)
        assert again.encoded == 0


def test_an_index_is_not_used_for_a_file_it_does_not_describe(tmp_path: Path) -> None:
    views = [view(n) for n in range(10)]
    form = stories_format()
    path, blob = _first(tmp_path, form, views)

    def rewrite(code: bytes = CODE, old=(path, blob)) -> ExportWriter:
        writer = ExportWriter(form, views, digest_of(), code, old)
        assert write(tmp_path / "out.json", writer) == expected_stories(views)
        return writer

    assert rewrite().encoded == 0
    assert rewrite(code=bytes(32)).encoded == 10  # another digest: its records may differ
    assert rewrite(old=(path, b"not an index")).encoded == 10
    assert rewrite(old=(path, blob[:-8])).encoded == 10  # cut short
    index = ExportIndex.unpack(blob)
    assert index is not None
    beyond = replace(index, spans=array("q", [*index.spans[:-1], index.size])).pack()
    assert rewrite(old=(path, beyond)).encoded == 10  # a span past the end of the file
    status = os.stat(path)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert rewrite().encoded == 10  # touched (edited by hand?): not trusted
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert rewrite().encoded == 0
    with open(path, "r+b") as f:  # same size, new bytes and mtime
        f.write(b"{")
    assert rewrite().encoded == 10
    path.unlink()
    assert rewrite().encoded == 10


def test_an_empty_export(tmp_path: Path) -> None:
    for form, empty in ((search_format(), b"window.digestSearchIndex=[];\n"),
                        (stories_format(), b"[]\n")):
        writer = ExportWriter(form, [], digest_of(), CODE)
        assert write(tmp_path / "e.json", writer) == empty
        index = ExportIndex.unpack(writer.index(tmp_path / "e.json") or b"")
        assert index is not None and index.digests == b""


def test_without_digests_there_is_no_index(tmp_path: Path) -> None:
    views = [view(n) for n in range(3)]
    writer = ExportWriter(stories_format(), views, None)
    assert write(tmp_path / "n.json", writer) == expected_stories(views)
    assert writer.index(tmp_path / "n.json") is None
