"""The command line, run as a real subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

CLEAN_KEYS = {"title", "source_name", "source_category", "topic", "published", "author",
              "summary", "paragraphs", "headings", "note", "url"}


def test_help_teaches(cli) -> None:
    result = cli("--help")
    assert result.returncode == 0
    for word in ("build", "clean", "examples:", "exit codes"):
        assert word in result.stdout
    assert cli("build", "--help").returncode == 0
    assert cli().returncode == 2


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "digest"
    assert script.exists(), "pip install -e . should create the digest command"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("digest ")


def test_build_other_content_into_other_folder(tmp_path: Path, cli) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "articles", content / "articles")
    out = tmp_path / "public"
    result = cli("build", "--content", str(content), "--out", str(out),
                 "--state", str(tmp_path / "s.sqlite"), "--now", "2026-11-24T18:00:00Z")
    assert result.returncode == 0, result.stderr
    assert "Look at it" in result.stdout and "public" in result.stdout
    stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    assert len(stories) == len(list((content / "articles").glob("*.md")))


def test_a_build_without_a_base_url_says_its_links_point_at_the_preview(
    tmp_path: Path, cli
) -> None:
    """With no [site] base_url the feeds and the sitemap link to the local preview: the
    build says so once, and what to set; a project that sets it hears nothing."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "articles", content / "articles")
    (tmp_path / "digest.toml").write_text("[site]\ntitle = \"Harbour Digest\"\n",
                                          encoding="utf-8")
    args = ["build", "-q", "--content", str(content), "--state", str(tmp_path / "s.sqlite"),
            "--now", "2026-11-24T18:00:00Z"]
    bare = cli(*args, "--out", str(tmp_path / "a"), cwd=tmp_path)
    assert bare.returncode == 0, bare.stderr
    assert bare.stderr.count("base_url is not set") == 1
    assert "http://127.0.0.1:8000/" in bare.stderr and "base_url = " in bare.stderr
    assert "http://127.0.0.1:8000/" in (tmp_path / "a" / "feed.xml").read_text(encoding="utf-8")
    (tmp_path / "digest.toml").write_text(
        '[site]\nbase_url = "https://harbour.example/digest/"\n', encoding="utf-8")
    set_url = cli(*args, "--out", str(tmp_path / "b"), cwd=tmp_path)
    assert set_url.returncode == 0 and "base_url" not in set_url.stderr, set_url.stderr


def test_second_build_says_up_to_date_and_full_builds_anyway(tmp_path: Path, cli) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "articles", content / "articles")
    args = ["build", "--content", str(content), "--out", str(tmp_path / "public"),
            "--state", str(tmp_path / "s.sqlite"), "--now", "2026-11-24T18:00:00Z"]
    first = cli(*args)
    assert first.returncode == 0 and "pages rendered" in first.stdout, first.stderr
    again = cli(*args)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Up to date") and "nothing changed" in again.stderr
    forced = cli(*args, "--full")
    assert forced.returncode == 0 and forced.stdout.startswith("Built "), forced.stderr


def test_partial_failure_exit_code_and_message(tmp_path: Path, cli) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "feeds", content / "feeds")
    (content / "feeds" / "broken.xml").write_text("<html><p>not a feed</p></html>",
                                                  encoding="utf-8")
    out = tmp_path / "site"
    result = cli("build", "--content", str(content), "--out", str(out),
                 "--state", str(tmp_path / "s.sqlite"))
    assert result.returncode == 3, result.stderr
    assert "broken.xml" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "index.html").is_file()


def test_total_failure_exit_code(tmp_path: Path, cli) -> None:
    content = tmp_path / "content"
    (content / "feeds").mkdir(parents=True)
    (content / "feeds" / "broken.xml").write_text("nope", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / ".digest-site").write_text("", encoding="utf-8")
    (site / "index.html").write_text("previous", encoding="utf-8")
    result = cli("build", "--content", str(content), "--out", str(site),
                 "--state", str(tmp_path / "s.sqlite"))
    assert result.returncode == 1
    assert "every input failed" in result.stderr and "broken.xml" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"


def test_missing_content_folder(tmp_path: Path, cli) -> None:
    result = cli("build", "--content", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "content folder not found" in result.stderr


def test_clean_prints_json_for_a_dump(cli, demo_expected) -> None:
    dumps = sorted((ROOT / "content" / "scraped").glob("*.txt"))
    result = cli("clean", *map(str, dumps))
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) == len(dumps)
    for item in items:
        assert CLEAN_KEYS <= set(item)
        assert item["paragraphs"] and all(isinstance(p, str) for p in item["paragraphs"])
        assert not item["title"].endswith(("CoinTide News", "DeFi Daybreak"))
    related = {h.casefold() for h in demo_expected["related_headlines"]}
    dumped = json.dumps(items, ensure_ascii=False).casefold()
    assert not [h for h in related if h in dumped]


def test_clean_reports_unreadable_file(tmp_path: Path, cli) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("one line only\n", encoding="utf-8")
    result = cli("clean", str(bad))
    assert result.returncode == 1
    assert "bad.txt" in result.stderr and "not a scraped dump" in result.stderr


def test_clean_says_a_settings_file_is_not_an_input_and_still_reads_a_suffixless_feed(
    tmp_path: Path, cli
) -> None:
    """``digest clean digest.toml`` is a slip: the answer names the kinds digest reads, not
    an XML error. A feed saved without a known suffix (``feed``, ``index.php``) is still
    read as a feed, as a build reads it."""
    settings = tmp_path / "digest.toml"
    settings.write_text('[site]\ntitle = "Desk"\n', encoding="utf-8")
    result = cli("clean", str(settings))
    assert result.returncode == 1
    assert "does not read .toml files" in result.stderr
    assert "Markdown articles (.md)" in result.stderr and "XML" not in result.stderr
    feed = tmp_path / "feed"
    feed.write_bytes(
        b'\xef\xbb\xbf\n<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
        b"<item><title>Validators ship the upgrade</title><link>https://desk.example/a</link>"
        b"<description>The upgrade went live on Tuesday.</description></item></channel></rss>"
    )
    result = cli("clean", str(feed), str(settings))
    assert result.returncode == 3, result.stderr  # partial: one read, one refused
    assert [item["title"] for item in json.loads(result.stdout)] == [
        "Validators ship the upgrade"
    ]
