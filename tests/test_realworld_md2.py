"""Markdown as static-site generators leave it: Jekyll's dated file names, and Hugo page
bundles whose pictures sit beside index.md (copied into the site: tests/test_media.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.clean import clean_article, sanitize_html
from digest.ingest.markdown import parse_markdown_file
from digest.media import LOCAL


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


def test_a_bundle_picture_is_marked_for_the_build_to_copy(tmp_path: Path) -> None:
    path = write(tmp_path / "post" / "index.md",
                 "---\ntitle: Bundle post\n---\n\nA post with a chart.\n\n![chart](chart.png)\n"
                 "\n![kept](https://img.example/c.png)\n")
    (tmp_path / "post" / "chart.png").write_bytes(b"x")
    article = parse_markdown_file(path)
    assert article is not None
    cleaned = clean_article(article)
    # the path, under the mark digest/media.py resolves (the build checks the file)
    assert f'<img src="{LOCAL}chart.png" alt="chart">' in cleaned.body_html
    assert '<img src="https://img.example/c.png" alt="kept">' in cleaned.body_html
    assert cleaned.paragraphs[0] == "A post with a chart."


def test_every_image_the_sanitiser_keeps_has_an_address() -> None:
    html = sanitize_html('<p>a <img alt="x" src="rel.png"> <img src="javascript:alert(1)">'
                         ' <img alt="y"> <img src="https://e.org/p.png"></p>')
    assert html.count("<img") == 1 and 'src="https://e.org/p.png"' in html
    # resolved against the page's address, a relative picture stays
    assert 'src="https://e.org/a/rel.png"' in sanitize_html('<img src="rel.png">',
                                                            "https://e.org/a/")


def test_a_canonical_url_is_the_posts_address_and_matches_its_original(tmp_path: Path) -> None:
    from digest.dedupe import cluster, with_canonical
    from digest.model import Article

    path = write(tmp_path / "syndicated.md",
                 "---\ntitle: Why vault fees fell\ncanonical_url: "
                 "https://origin.example/posts/vault-fees?utm_source=x\ndate: 2026-11-28\n---\n\n"
                 "A post first published elsewhere, copied here with its permission.\n")
    post = parse_markdown_file(path)
    assert post is not None
    assert post.url == "https://origin.example/posts/vault-fees?utm_source=x"
    original = Article(
        id="feed-1", origin="feed", location="origin.xml", title="Vault fees: why they fell",
        source_name="Origin", url="https://origin.example/posts/vault-fees",
        published=datetime(2026, 11, 27, 9, tzinfo=UTC),
        body_html="<p>Another text entirely, as the original's feed gives it.</p>",
    )
    prepared = [with_canonical(clean_article(a)) for a in (post, original)]
    assert prepared[0].canonical_url == prepared[1].canonical_url
    assert len(cluster(prepared)) == 1  # one story: the copy lists its original


def test_a_url_key_still_names_the_post_and_keeps_its_id(tmp_path: Path) -> None:
    from digest.util import stable_id

    path = write(tmp_path / "mine.md",
                 "---\ntitle: T\nurl: https://me.example/t\ncanonical_url: https://o.example/t\n"
                 "---\n\nText.\n")
    post = parse_markdown_file(path)
    assert post is not None
    assert (post.url, post.canonical_url) == ("https://me.example/t", "https://o.example/t")
    assert post.id == stable_id("markdown", "https://me.example/t")


def test_summary_tails_are_cut_only_where_a_teaser_or_note_starts() -> None:
    from digest.clean import make_summary

    # prose that says "read more" or "the post" keeps every word
    assert make_summary("Users can read more about it on the forum.") == (
        "Users can read more about it on the forum.")
    assert make_summary("The post office reopened. The post Fees fall appeared first on "
                        "Coin Corner.") == "The post office reopened."
    # teasers after a sentence, or as a capitalised link text, still go
    assert make_summary("The fee fell. Read more") == "The fee fell."
    assert make_summary("The fee fell 5% Read more »") == "The fee fell 5%"
    assert make_summary("The fee fell. READ MORE") == "The fee fell."
    assert make_summary("Read the full story") == ""
