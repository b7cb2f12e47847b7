"""Markdown as static-site generators leave it: Jekyll's dated file names, and Hugo page
bundles whose pictures sit beside index.md (not copied into the digest's site)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.clean import clean_article, sanitize_html
from digest.ingest.markdown import parse_markdown_file


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", [
    "2026-11-28-rollup-fees.md", "2026-11-28_rollup-fees.md", "2026-11-28.md",
    "2026-11-28-rollup-fees/index.md",
])
def test_a_jekyll_file_name_dates_a_post_without_a_date(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, "---\ntitle: Rollup fees halve\n---\n\nFees fell by half.\n")
    article = parse_markdown_file(path)
    assert article is not None
    assert article.published == datetime(2026, 11, 28, tzinfo=UTC)


def test_a_date_key_wins_over_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path / "2026-11-28-x.md",
                 "---\ntitle: T\ndate: 2026-11-30T08:00:00Z\n---\n\nText here.\n")
    article = parse_markdown_file(path)
    assert article is not None and article.published == datetime(2026, 11, 30, 8, tzinfo=UTC)


@pytest.mark.parametrize("name", ["2026-13-45-x.md", "20261128-x.md", "notes-2026-11-28.md"])
def test_no_date_is_made_up_from_other_names(tmp_path: Path, name: str) -> None:
    article = parse_markdown_file(write(tmp_path / name, "---\ntitle: T\n---\n\nText.\n"))
    assert article is not None and article.published is None


def test_a_bundle_picture_that_is_not_in_the_site_leaves_no_broken_image(tmp_path: Path) -> None:
    path = write(tmp_path / "post" / "index.md",
                 "---\ntitle: Bundle post\n---\n\nA post with a chart.\n\n![chart](chart.png)\n"
                 "\n![kept](https://img.example/c.png)\n")
    (tmp_path / "post" / "chart.png").write_bytes(b"x")
    article = parse_markdown_file(path)
    assert article is not None
    cleaned = clean_article(article)
    assert "chart.png" not in cleaned.body_html and 'alt="chart"' not in cleaned.body_html
    assert '<img src="https://img.example/c.png" alt="kept">' in cleaned.body_html
    assert cleaned.paragraphs[0] == "A post with a chart."


def test_every_image_the_sanitiser_keeps_has_an_address() -> None:
    html = sanitize_html('<p>a <img alt="x" src="rel.png"> <img src="javascript:alert(1)">'
                         ' <img alt="y"> <img src="https://e.org/p.png"></p>')
    assert html.count("<img") == 1 and 'src="https://e.org/p.png"' in html
    # resolved against the page's address, a relative picture stays
    assert 'src="https://e.org/a/rel.png"' in sanitize_html('<img src="rel.png">',
                                                            "https://e.org/a/")
