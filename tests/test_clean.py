"""The clean stage: sanitiser, summaries, normalisation, per-site furniture, pages, --explain."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from digest.clean import (
    count_site_lines,
    make_summary,
    normalize_text,
    sanitize_html,
    strip_site_suffix,
)
from digest.ingest import discover, ingest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "clean"


def test_sanitiser_drops_dangerous_parts_and_keeps_content() -> None:
    dirty = (
        '<p onclick="x()">Hi <a href="javascript:alert(1)">bad</a> <a href="/rel">ok</a></p>'
        "<script>steal()</script><style>p{}</style><form><button>Buy now</button></form>"
        '<iframe src="https://video.example/x">frame text</iframe>'
        '<img src="data:image/png;base64,AAAA"><img src="https://t.example/p.gif" width="1" '
        'height="1"><img src="https://pixel.wp.com/g.gif?x=1"><img src="/pic.jpg" alt="A pic">'
        "<h2>Sub</h2><ul><li>one</li></ul><blockquote>q</blockquote><pre><code>c</code></pre>"
        "<table><tr><td>cell</td></tr></table>"
    )
    clean = sanitize_html(dirty, "https://site.example/post/1")
    for bad in ("onclick", "javascript:", "script", "steal", "style", "form", "Buy now",
                "iframe", "frame text", "data:", "t.example", "pixel.wp.com"):
        assert bad not in clean, bad
    assert '<a href="https://site.example/rel" rel="noopener nofollow ugc">ok</a>' in clean
    assert '<img src="https://site.example/pic.jpg" alt="A pic">' in clean
    for kept in ("<h2>Sub</h2>", "<li>one</li>", "<blockquote>q</blockquote>", "<code>c</code>",
                 "<td>cell</td>"):
        assert kept in clean, kept


def test_summary_is_bounded_plain_text_without_tails_or_entities() -> None:
    text = (
        "<p>Rates &amp;amp; fees fell &#8217;again&#8217;. " + "More words here. " * 40 + "</p>"
        "<p>The post Rates Fell appeared first on Tidal Desk.</p>"
    )
    summary = make_summary(text, limit=120)
    assert len(summary) <= 121 and summary.endswith("…")
    assert "&" not in summary.replace("& fees", "") and "<" not in summary
    assert summary.startswith("Rates & fees fell ’again’.")
    assert not summary[:-1].endswith(" ")
    assert make_summary("Short news. Continue reading →") == "Short news."
    assert make_summary("Short news. The post Short appeared first on Site.") == "Short news."


def test_normalisation_repairs_mojibake_and_keeps_smart_quotes_and_names() -> None:
    assert normalize_text("Itâ€™s  here\u200b") == "It’s here"
    kept = "Zoë Łukasz said “yes” – it’s fine"
    assert normalize_text(kept) == kept
    assert normalize_text("Cafe\u0301") == "Café"  # NFC


def test_suffix_only_removed_when_it_is_the_site_name() -> None:
    assert strip_site_suffix("Bitcoin – The Next Decade", ["Tidal Desk"]) == (
        "Bitcoin – The Next Decade"
    )
    for sep in (" – ", " — ", " - ", " | ", ": "):
        assert strip_site_suffix(f"Rates Fall{sep}Tidal Desk", ["Tidal Desk"]) == "Rates Fall"


def test_site_counts_are_a_pure_function_of_the_grouped_corpus() -> None:
    corpus = {
        "a": [["Support us today.", f"Story {n} text."] for n in range(4)],
        "b": [["Support us today.", "Other text."]],
    }
    counts = count_site_lines(corpus)
    assert counts.dumps == {"a": 4, "b": 1}
    assert counts.counts["a"]["Support us today."] == 4
    assert counts.lines_for("a") == frozenset({"Support us today."})
    assert counts.lines_for("b") == frozenset()  # one dump is not "many"
    assert count_site_lines(corpus) == counts


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "digest", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )


def test_clean_page_prints_the_same_json_as_a_dump() -> None:
    result = _cli("clean", str(FIXTURES / "page-json-ld-only.html"),
                  str(FIXTURES / "glued-widget.txt"))
    assert result.returncode == 0, result.stderr
    page, dump = json.loads(result.stdout)
    assert set(page) == set(dump)
    assert page["title"] == "Saltreach Fund Files For A Listing"
    assert page["author"] == "Marta Solenne"
    assert page["published"] == "2026-11-19T06:45:00Z"


def test_explain_names_the_rule_for_each_dropped_line() -> None:
    result = _cli("clean", "--explain", str(FIXTURES / "share-subscribe-cookie.txt"))
    assert result.returncode == 0, result.stderr
    (item,) = json.loads(result.stdout)
    rules = {d["line"]: d["rule"] for d in item["explain"]["clean"]["dropped"]}
    assert rules["Advertisement"] == "advertisement"
    assert rules["Share this article"] == "share-widget"
    assert rules["We use cookies to improve your experience. Accept all cookies"] == (
        "cookie-banner"
    )
    assert rules["-"] == "lone-dash"
    assert any(r == "related-posts" for r in rules.values())
    assert "topic" in item["explain"]  # the topic explanation stays beside it


def test_pages_folder_is_discovered(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "one.html").write_text(
        (FIXTURES / "page-semantic-article.html").read_text("utf-8"), encoding="utf-8"
    )
    inputs = discover(tmp_path)
    assert [(i.kind, i.path.name) for i in inputs] == [("page", "one.html")]
    result = ingest(inputs)
    assert result.problems == [] and result.articles[0].origin == "page"


def test_quality_report_meets_the_targets() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "clean_quality.py"), "--json"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["fixtures"] >= 30
    assert figures["headline_exact"] == 1.0
    for kind in ("dump", "page"):
        assert figures["paragraphs"][kind]["precision"] >= 0.99
        assert figures["paragraphs"][kind]["recall"] >= 0.99
    assert figures["furniture_leaked"] == 0
    body = figures["page_body"]
    assert body["digest"]["f1"] >= 0.97
    assert body["digest"]["f1"] > body["trafilatura"]["f1"]
    assert body["digest"]["f1"] > body["readability"]["f1"]


def test_share_buttons_one_network_a_line_go_after_a_share_line_only() -> None:
    """"Share this article" then "Twitter", "Telegram" on lines of their own (a copied share
    widget): none of them is a heading of the story; "Telegram" heading a section stays."""
    from digest.clean import clean_article
    from digest.ingest.scraped import parse_dump_text

    dump = (
        "DeFi\nVault Curator Cuts Exposure | Ledger Times\n"
        "The curator trimmed its exposure to a volatile market.\n"
        "The curator cut exposure to the market by half on Tuesday, its governance post said.\n"
        "Telegram\n"
        "The team posted the change in its Telegram channel before the vote closed.\n"
        "Share this article\nTwitter\nTelegram\nCopy link\n"
        "-\nDeFi2 days agoOther Story | Ledger Times\n"
    )
    article = clean_article(parse_dump_text(dump, "vault.txt"))
    assert article.headings == ("Telegram",)
    assert article.paragraphs == (
        "The curator cut exposure to the market by half on Tuesday, its governance post said.",
        "The team posted the change in its Telegram channel before the vote closed.",
    )
    assert "Twitter" not in article.body_html and "Copy link" not in article.body_html
