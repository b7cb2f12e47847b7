"""Large and odd local inputs: a page of megabytes of text, a single-file save full of
pictures, a file over [limits] max_file_bytes, binary files where text belongs, and files
left outside the kind folders. Synthetic fixtures: invented outlets, .example hosts."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import lxml.html
import pytest

import digest.limits
from digest.errors import DigestError
from digest.ingest import Input, ingest, looks_binary, read_input, unread_files, unread_note
from digest.ingest import html as page_reader
from digest.ingest.feeds import parse_feed_bytes

SENTENCE = ("The Harbour Works board at Example Bay voted on the second pier plan, "
            "and the tender for its pilings opens in spring, number {n}.")


def _page(paragraphs: int, extra: str = "") -> str:
    body = "".join(f"<p>{SENTENCE.format(n=n)}</p>\n" for n in range(paragraphs))
    ld = json.dumps({"@type": "NewsArticle", "headline": "Second pier plan approved",
                     "author": {"@type": "Person", "name": "Tova Quayside"}})
    return ("<!doctype html><html><head><title>Second pier plan approved - Bay Ledger</title>"
            "<meta property=\"og:url\" content=\"https://bayledger.example/pier\"></head><body>"
            f"<article><h1>Second pier plan approved</h1>{body}{extra}</article>"
            f"<script type=\"application/ld+json\">{ld}</script></body></html>")


# ---------------------------------------------------------------- a page of megabytes


def test_page_text_past_the_bound_is_not_read_and_a_warning_says_so(monkeypatch):
    # (before: the whole page went through the extractors, whose cost grows faster than
    # the page: a 53 MB page ran for over 400 s)
    monkeypatch.setattr(page_reader, "PAGE_TEXT_CHARS", 20_000)
    notices: list[str] = []
    article = page_reader.parse_page_text(_page(1500), "pages/pier.html", notices=notices)
    assert "number 0." in article.body_html and "number 20." in article.body_html
    assert "number 1499." not in article.body_html
    assert len(article.body_html) < 40_000
    assert notices == ["pages/pier.html: the page holds over 20,000 characters of text; the "
                       "text past them was not read"]
    # its JSON-LD, after the cut, is still read: the author is there
    assert article.author == "Tova Quayside"
    assert article.title == "Second pier plan approved"


def test_a_page_under_the_bound_is_read_whole_and_says_nothing():
    notices: list[str] = []
    article = page_reader.parse_page_text(_page(40), "pages/pier.html", notices=notices)
    assert "number 39." in article.body_html and not notices


def test_the_warning_reaches_read_input(tmp_path, monkeypatch):
    monkeypatch.setattr(page_reader, "PAGE_TEXT_CHARS", 20_000)
    path = tmp_path / "pier.html"
    path.write_text(_page(1500), encoding="utf-8")
    notices: list[str] = []
    read_input(Input("page", path), notices)
    assert len(notices) == 1 and notices[0].startswith("warning: ") and "20,000" in notices[0]


def test_text_end_skips_scripts_styles_and_comments():
    text = "<p>one two</p>"
    filler = "<script>" + "var x = 'a long script';" * 100 + "</script><style>p{}</style>"
    page = filler + "<!-- " + "c" * 500 + " -->" + text * 3
    # scripts, styles and comments are no text: 21 characters of it in all
    assert page_reader._page_text_end(page, 100) is None
    cut = page_reader._page_text_end(page, 10)
    assert cut is not None and page[:cut].endswith("<p>one two</p><p>one")


def test_text_end_is_linear_on_tags_that_never_close():
    # "<b" with no ">" after it, 200,000 times: a tag pattern that scanned on to the next ">"
    # would read the rest of the page at each one
    page = "<b" * 200_000 + "x" * 50
    assert page_reader._page_text_end(page, 10) is not None
    assert page_reader._page_text_end("<p>a</p><script>" + "x" * 1000, 10) is None  # unclosed


def test_blocks_are_looked_for_from_where_the_one_before_was_found():
    """Each block's text is looked for after the previous one's: the article is read about
    once, where a search from its start for each block read it once per block."""

    class Counted(str):
        scanned = 0

        def find(self, sub, start=0, end=None):  # type: ignore[override]
            stop = len(self) if end is None else end
            at = str.find(self, sub, start, stop)
            Counted.scanned += (at + len(sub) if at >= 0 else stop) - start
            return at

    def cost(count: int) -> int:
        texts = [SENTENCE.format(n=n).replace(" ", "") for n in range(count)]
        blocks = [lxml.html.fromstring(f"<p>{SENTENCE.format(n=n)}</p>") for n in range(count)]
        Counted.scanned = 0
        assert page_reader._blocks_not_in(blocks, Counted("".join(texts))) == []
        return Counted.scanned

    assert cost(2000) < 5 * cost(500)


def test_blocks_out_of_order_are_inside_and_blocks_from_elsewhere_are_outside():
    inside = "".join(SENTENCE.format(n=n).replace(" ", "") for n in range(5))
    blocks = [lxml.html.fromstring(f"<p>{SENTENCE.format(n=n)}</p>") for n in (3, 1, 4)]
    stray = lxml.html.fromstring("<p>More from Bay Ledger: the ferry timetable.</p>")
    assert page_reader._blocks_not_in([*blocks, stray], inside) == [stray]
    # a page of such blocks past the budget is left as it is (None: nothing dropped)
    assert page_reader._blocks_not_in([stray, stray, stray], inside, budget=len(inside)) is None


def test_picture_payloads_are_emptied_before_the_page_is_read():
    # a single-file save: the pictures' bytes in the page (48 MB of them took 5.7 s)
    payload = "iVBORw0KGgo" + "A" * 20_000
    small = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    figure = (f'<img src="data:image/png;base64,{payload}" alt="Pier">'
              f'<img src="data:image/gif;base64,{small}">')
    page = _page(5, extra=figure)
    out = page_reader._without_data_payloads(page)
    assert payload not in out and 'src="data:image/png;base64,"' in out
    assert small in out  # a 1-pixel placeholder is short, and kept
    whole = page_reader.parse_page_text(page, "pages/pier.html")
    emptied = page_reader.parse_page_text(out, "pages/pier.html")
    assert whole.body_html.replace(payload, "") == emptied.body_html
    assert "number 4." in emptied.body_html


# ---------------------------------------------------------------- the byte cap


def test_a_file_over_the_byte_cap_is_a_problem_and_the_others_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(digest.limits, "MAX_FILE_BYTES", 5_000)
    big = tmp_path / "big.md"
    big.write_text("---\ntitle: Pier\n---\n" + "Pilings and tenders.\n\n" * 400)
    small = tmp_path / "small.md"
    small.write_text("---\ntitle: Ferry timetable changes\n---\nThe ferry runs later.\n")
    result = ingest([Input("markdown", big), Input("markdown", small)])
    assert [a.title for a in result.articles] == ["Ferry timetable changes"]
    [problem] = result.problems
    size = big.stat().st_size
    assert problem.startswith(f"{big}: {size:,} bytes, over the 5,000 bytes cap on one input "
                              "file (limits.max_file_bytes): not read")
    assert "\n  fix: " in problem and "[limits] max_file_bytes = 10_000_000" in problem


def test_the_byte_cap_is_checked_before_the_file_is_read(tmp_path, monkeypatch):
    path = tmp_path / "page.html"
    path.write_text(_page(3))
    opened: list[Path] = []
    monkeypatch.setattr(page_reader, "parse_page_file",
                        lambda *args, **kw: opened.append(args[0]))  # type: ignore[func-returns-value]
    with pytest.raises(DigestError, match="over the 100 bytes cap"):
        read_input(Input("page", path), max_bytes=100)
    assert not opened
    read_input(Input("page", path), max_bytes=100_000)  # the configured cap is the one used
    assert opened == [path]


def test_the_default_cap_lets_a_single_file_save_in_and_says_it_in_mb():
    assert digest.limits.MAX_FILE_BYTES >= 50_000_000
    with pytest.raises(DigestError) as caught:
        digest.limits.check_file_size("pages/huge.html", 53_968_694)
    assert "54 MB (53,968,694 bytes), over the 50 MB cap" in caught.value.message
    digest.limits.check_file_size("pages/fine.html", 50_000_000)  # at the cap: read


# ---------------------------------------------------------------- binary where text belongs

BINARY = bytes(range(256)) * 12  # controls, NULs and bytes that are no UTF-8


def test_a_binary_json_feed_says_so_not_fix_the_xml():
    with pytest.raises(DigestError) as caught:
        parse_feed_bytes(b"\x89PNG\r\n\x1a\n" + BINARY, "feeds/wire.json")
    assert "not a JSON Feed: binary data" in caught.value.message
    assert "XML" not in caught.value.problem
    with pytest.raises(DigestError, match="not a feed: binary data"):
        parse_feed_bytes(b"\x1f\x8b\x08" + BINARY, "feeds/wire.xml")


def test_a_utf16_feed_is_not_binary():
    rss = ('<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>Bay '
           "Wire</title><item><title>Pier vote</title><link>https://baywire.example/pier"
           "</link></item></channel></rss>")
    assert not looks_binary(codecs.BOM_UTF16_LE + rss.encode("utf-16-le"))
    assert not looks_binary(rss.encode("utf-16-le")) and not looks_binary(rss.encode("utf-16-be"))
    [item] = parse_feed_bytes(codecs.BOM_UTF16_LE + rss.encode("utf-16-le"), "feeds/bay.xml")
    assert item.title == "Pier vote"


@pytest.mark.parametrize("data", [BINARY, b"PK\x03\x04" + b"\x00\x01\x02 notes" * 50])
def test_a_binary_markdown_file_says_binary_not_no_title(tmp_path, data):
    path = tmp_path / "notes.md"
    path.write_bytes(data)
    with pytest.raises(DigestError) as caught:
        read_input(Input("markdown", path))
    assert "binary data" in caught.value.problem and "title" not in caught.value.problem


def test_a_latin1_markdown_file_is_still_not_utf8_not_binary(tmp_path):
    path = tmp_path / "pier.md"
    path.write_bytes("---\ntitle: Café pier\n---\nThe café opens.\n".encode("latin-1"))
    with pytest.raises(DigestError, match="not UTF-8 text"):
        read_input(Input("markdown", path))


# ---------------------------------------------------------------- files outside the folders


def test_the_note_on_unread_files_names_each_and_the_folder_of_its_kind(tmp_path):
    content = tmp_path / "content"
    (content / "feed").mkdir(parents=True)
    (content / "feed" / "news.xml").write_text("<rss/>")
    (content / "feed" / "wire.rss").write_text("<rss/>")
    (content / "post.md").write_text("# Pier\n")
    note = unread_note(content, unread_files(content))
    assert note is not None and note.startswith("note: 3 files not read")
    assert f"move feeds into {content / 'feeds'}/" in note
    assert str(content / "feed" / "news.xml") in note and str(content / "feed" / "wire.rss") in note
    assert f"move Markdown articles into {content / 'articles'}/ ({content / 'post.md'})" in note
    feeds_part = note[note.index("move feeds"):].split(";")[0]
    assert "Markdown" not in feeds_part and "articles/" not in feeds_part
    assert unread_note(content, []) is None


def test_the_note_counts_past_five_names(tmp_path):
    names = [str(tmp_path / f"feed{n}.xml") for n in range(8)]
    note = unread_note(tmp_path, names)
    assert note is not None and "feed4.xml and 3 more)" in note and "feed5.xml" not in note
