"""Scraped dumps and Markdown articles, real-world shapes, round 3.

Dumps copied from a browser's reader view (headline, the site's domain, a byline and the
reading time, then the text), dumps that start with the page's address, Windows line endings
and form feeds; Markdown from Obsidian and Notion exports (wikilinks, callouts, %%comments%%,
footnotes, Notion's property lines under the title), raw HTML with a script. Every text here
was written for these tests; outlets and domains are invented.
"""

from __future__ import annotations

from pathlib import Path

from digest.clean import clean_article
from digest.ingest.markdown import parse_markdown_file
from digest.ingest.scraped import parse_dump_file, parse_dump_text
from digest.media import LOCAL

# ---------------------------------------------------------------- scraped dumps


def test_a_reader_view_copy_gives_the_site_and_byline_not_a_standfirst() -> None:
    text = (
        "Grey Harbour Bank Opens A Desk For Tokenised Deposits\n"
        "www.greyharbour.example\n"
        "Mira Okafor\n"
        "5\u20137 minutes\n"
        "Grey Harbour Bank said on Tuesday it would open a desk for tokenised deposits.\n"
        "The desk starts with three corporate clients and a cap on balances.\n"
    )
    article = parse_dump_text(text, "reader.txt")
    assert article.title == "Grey Harbour Bank Opens A Desk For Tokenised Deposits"
    assert article.summary.startswith("Grey Harbour Bank said on Tuesday")
    assert article.raw_lines == ("The desk starts with three corporate clients and a cap on "
                                 "balances.",)
    assert article.author == "Mira Okafor"
    assert article.source_home == "https://greyharbour.example/"
    assert article.source_name == "greyharbour.example"


def test_a_reader_view_copy_without_a_byline() -> None:
    text = ("Oakline Chain Raises Its Gas Limit Next Week\nnews.oakline.example\n4 min read\n"
            "The upgrade lands next week.\nValidators must update their clients.\n")
    article = parse_dump_text(text, "reader.txt")
    assert (article.summary, article.author) == ("The upgrade lands next week.", None)
    assert article.raw_lines == ("Validators must update their clients.",)


def test_a_short_line_under_the_headline_that_is_not_a_domain_stays_the_standfirst() -> None:
    text = "Markets\nNode.js Ships A New Release\nNode.js\nThe release adds a test runner.\n"
    assert parse_dump_text(text, "x.txt").summary == "Node.js"


def test_a_dump_that_starts_with_its_address(tmp_path: Path) -> None:
    path = tmp_path / "gas.txt"
    path.write_text(
        "https://oakline.example/2026/12/gas-limit\nMarkets\n"
        "Oakline Chain Raises Gas Limit \u2013 Oakline Wire\nThe upgrade lands next week.\n"
        "Validators must update their clients before the fork.\n",
        encoding="utf-8",
    )
    article = parse_dump_file(path)
    assert article.url == "https://oakline.example/2026/12/gas-limit"
    assert article.source_category == "Markets"
    assert article.title.startswith("Oakline Chain Raises Gas Limit")
    assert article.summary == "The upgrade lands next week."
    # The sidecar's address still wins.
    (tmp_path / "gas.meta.toml").write_text('url = "https://oakline.example/a"\n')
    assert parse_dump_file(path).url == "https://oakline.example/a"


def test_windows_line_endings_and_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(
        b"Markets\r\nOakline Chain Raises Gas Limit - Oakline Wire\r\nThe upgrade lands soon."
        b"\r\n\x0c\r\nValidators must update.\r\n\x0cOperators who miss it fall out.\r\n"
    )
    article = parse_dump_file(path)
    assert article.summary == "The upgrade lands soon."
    assert article.raw_lines == ("Validators must update.", "Operators who miss it fall out.")


# ---------------------------------------------------------------- Markdown


def _md(tmp_path: Path, text: str, name: str = "a.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_markdown_file(path)


def test_obsidian_wikilinks_callouts_comments_and_footnotes(tmp_path: Path) -> None:
    article = _md(tmp_path, (
        "---\ntitle: Notes On The Kestrel Rollup Launch\ndate: 2026-12-03 09:05:00 -0500\n"
        'tags: rollup, launch\ndraft: "false"\n---\n'
        "The [[Kestrel Rollup]] went live, see [[Launch Plan#Day one|the plan]]. ![[chart.png]]\n\n"
        "> [!note] Background\n> The team announced it in June.\n\n"
        "%%check the numbers with Sam%%\n\n"
        "Fees fell by half.[^1]\n\n%%\na comment\nover lines\n%%\n\n"
        "```\nprintf('%%d [[not a link]]')\n```\n\n"
        "[^1]: Figures from the team's dashboard.\n"
    ))
    html = article.body_html
    assert "The Kestrel Rollup went live, see the plan." in html
    assert "[[" not in html.split("<pre>")[0]
    # the picture's embed: marked for the build to copy from beside the file (digest/media.py)
    assert f'<img src="{LOCAL}chart.png" alt="" />' in html
    assert "<strong>Background</strong>" in html and "[!note]" not in html
    assert "Sam" not in html and "a comment" not in html
    assert "Fees fell by half.[1]" in html and "[1] Figures from the team" in html
    assert "printf('%%d [[not a link]]')" in html  # code is shown as written
    assert article.tags == ("rollup", "launch")
    assert article.published is not None and article.published.isoformat() == (
        "2026-12-03T14:05:00+00:00")


def test_notion_property_lines_under_the_title_are_metadata(tmp_path: Path) -> None:
    article = _md(tmp_path, (
        "# Weekly Notes On Harbour Token\n\nCreated: December 3, 2026 9:05 AM\n"
        "Tags: DeFi, Stablecoins\nStatus: Published\n\n"
        "The harbour token's reserves rose again this week.\n"
    ))
    assert article.title == "Weekly Notes On Harbour Token"
    assert article.published is not None and article.published.isoformat() == (
        "2026-12-03T09:05:00+00:00")
    assert article.tags == ("DeFi", "Stablecoins")
    assert "Created" not in article.body_html and "reserves rose" in article.body_html
    draft = "# Draft Page Title Here\n\nCreated: December 3, 2026\nStatus: Draft\n\nText.\n"
    assert _md(tmp_path, draft, "b.md") is None


def test_a_note_paragraph_under_the_title_stays_text(tmp_path: Path) -> None:
    article = _md(tmp_path, "# A Title Line\n\nNote: the figures are provisional.\n\nMore.\n")
    assert "Note: the figures are provisional." in article.body_html


def test_raw_html_with_a_script_is_sanitised_and_more_markers_vanish(tmp_path: Path) -> None:
    article = _md(tmp_path, (
        "---\ntitle: Raw HTML Block\n---\nBefore.\n\n<!--more-->\n\n<script>alert(1)</script>\n"
        '<div onclick="x()">A raw block.</div>\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n'
    ))
    cleaned = clean_article(article)
    assert "<script" not in cleaned.body_html and "alert" not in cleaned.body_html
    assert "onclick" not in cleaned.body_html and "more" not in cleaned.body_html
    assert "<table>" in cleaned.body_html and "A raw block." in cleaned.body_html


def test_front_matter_shapes_that_already_work(tmp_path: Path) -> None:
    tabs = _md(tmp_path, '---\ntitle:\tTabbed\ndate:\t"Dec 3, 2026"\n---\nBody.\n', "t.md")
    assert tabs.title == "Tabbed" and tabs.published.isoformat().startswith("2026-12-03")
    toml = _md(tmp_path, '+++\ntitle = "T"\ndate = 2026-12-03T09:05:00-05:00\n+++\nB.\n', "u.md")
    assert toml.published.isoformat() == "2026-12-03T14:05:00+00:00"
    json_fm = _md(tmp_path, '{\n"title": "J",\n"date": "2026-12-03"\n}\nBody.\n', "j.md")
    assert json_fm.title == "J"
    only = _md(tmp_path, "---\ntitle: Only\nsummary: No body.\n---\n", "o.md")
    assert (only.title, only.summary) == ("Only", "No body.")


def test_a_markdown_table_is_a_line_a_row_and_no_part_of_the_summary(tmp_path) -> None:
    """A table's cells were a paragraph each ("Metric", "Before", ...), and the first of
    them ended up in the summary. A row is one line, its cells a bar apart; the summary is
    made of prose."""
    from digest.clean import clean_article
    from digest.ingest.markdown import parse_markdown_file

    path = tmp_path / "fees.md"
    path.write_text(
        "---\ntitle: Rollup fees fell by half\ndate: 2026-11-20T08:00:00Z\n"
        "source: Wren Desk\n---\n\n"
        "Fees on the three largest rollups fell by half in November, explorers show.\n\n"
        "| Metric | Before | After |\n|---|---|---|\n| Median fee | $0.12 | $0.05 |\n"
        "| Daily transactions | 1.1M | 1.6M |\n\n"
        "The drop follows the data-blob upgrade shipped in October.\n",
        encoding="utf-8",
    )
    article = clean_article(parse_markdown_file(path))
    assert article.paragraphs == (
        "Fees on the three largest rollups fell by half in November, explorers show.",
        "Metric | Before | After",
        "Median fee | $0.12 | $0.05",
        "Daily transactions | 1.1M | 1.6M",
        "The drop follows the data-blob upgrade shipped in October.",
    )
    assert "Metric" not in article.summary and "$0.12" not in article.summary
    assert "<table>" in article.body_html  # the page still shows the table


def test_a_wikilink_in_a_code_span_is_written_as_it_is() -> None:
    """"Add a `[[sources]]` table" shows the brackets (it read "Add a sources table"); a
    wikilink outside code is still its shown text."""
    from digest.ingest.markdown import render_markdown

    html = render_markdown("Add a `[[sources]]` table, see [[Fees|the fee note]] and "
                           "``a [[b]] c``; an unclosed ` tick and [[Plain]] too.")
    assert "<code>[[sources]]</code>" in html and "<code>a [[b]] c</code>" in html
    assert "the fee note" in html and "Plain too" in html and "[[Plain]]" not in html
