"""End to end: the bundled content becomes a site, feeds and stories.json."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
from html import escape
from pathlib import Path

import feedparser
import pytest

from digest.build import BuildOptions, build
from digest.config import load_config
from digest.errors import DigestError
from digest.store import Store
from digest.util import to_utc

from .conftest import DEMO_NOW, ROOT

TOPICS = ["defi", "blockchain", "technology", "other"]


def all_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def story_links(html: str) -> list[str]:
    return re.findall(r'href="(?:\.\./)*(story/[^"]+?)(?:index\.html)?"', html)


def test_every_topic_page_and_feed_exists(demo_site: Path) -> None:
    for slug in TOPICS:
        assert (demo_site / "topics" / slug / "index.html").is_file(), slug
        assert (demo_site / "topics" / slug / "feed.xml").is_file(), slug
    for name in ("index.html", "archive/index.html", "feed.xml", "stories.json",
                 "static/style.css"):
        assert (demo_site / name).is_file(), name


def test_stories_json_holds_every_story_with_its_fields(demo_stories, demo_expected) -> None:
    assert len(demo_stories) == len(demo_expected["expected_topics"]) == 49
    for story in demo_stories:
        assert {"id", "title", "url", "topic", "published", "summary", "sources"} <= set(story)
        assert to_utc(story["published"]) is not None
        assert story["sources"] and all({"name", "url"} <= set(s) for s in story["sources"])
    ids = [s["id"] for s in demo_stories]
    assert len(ids) == len(set(ids))


def test_archive_story_from_years_ago_is_kept(demo_stories, demo_expected) -> None:
    [old] = [s for s in demo_stories if s["title"] == demo_expected["archive_title"]]
    assert old["published"].startswith("2019-")


def test_topics_match_the_answer_key(demo_stories, demo_expected) -> None:
    by_title = {s["title"]: s for s in demo_stories}
    wrong = {
        title: by_title[title]["topic"]
        for title, topic in demo_expected["expected_topics"].items()
        if by_title[title]["topic"] != topic
    }
    assert wrong == {}


def test_deliberate_duplicates_are_one_story_with_all_sources(demo_stories, demo_expected):
    for dup in demo_expected["duplicate_sets"]:
        matching = [
            s for s in demo_stories
            if any(s["title"] == t or s["title"] + " – DeFi Daybreak" == t for t in dup["titles"])
        ]
        assert len(matching) == 1, dup
        assert len(matching[0]["sources"]) == len(dup["titles"]), dup
        if "canonical_url" in dup:
            urls = [s["url"] for s in matching[0]["sources"]]
            assert any(u.startswith(dup["canonical_url"]) for u in urls)


def test_scraped_headline_suffix_removed_but_real_dash_kept(demo_stories, demo_expected):
    titles = {s["title"] for s in demo_stories}
    assert demo_expected["suffix_dash_headline"]["clean"] in titles
    assert not any(t.endswith(("CoinTide News", "DeFi Daybreak")) for t in titles)


def test_no_related_post_headline_anywhere(demo_site: Path, demo_expected) -> None:
    text = "\n".join(
        data.decode("utf-8", "replace").casefold() for data in all_files(demo_site).values()
    )
    leaked = [h for h in demo_expected["related_headlines"] if h.casefold() in text]
    assert leaked == []


def test_trap_paragraphs_survive_cleaning(demo_expected) -> None:
    from digest.clean import clean_article
    from digest.ingest.scraped import parse_dump_file

    paragraphs: set[str] = set()
    for dump in sorted((ROOT / "content" / "scraped").glob("*.txt")):
        paragraphs.update(clean_article(parse_dump_file(dump)).paragraphs)
    missing = [p for p in demo_expected["trap_paragraphs"] if p not in paragraphs]
    assert missing == []


def test_home_page_has_no_story_twice(demo_site: Path) -> None:
    links = story_links((demo_site / "index.html").read_text(encoding="utf-8"))
    assert len(links) >= 10
    assert len(links) == len(set(links))


def test_site_rss_parses_and_holds_the_newest_stories(demo_site: Path, demo_stories) -> None:
    feed = feedparser.parse((demo_site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "rss20"
    newest = sorted(demo_stories, key=lambda s: (s["published"], s["id"]), reverse=True)[:50]
    assert [e.id for e in feed.entries] == [s["id"] for s in newest]
    first = feed.entries[0]
    assert first.link == newest[0]["page"]
    assert first.title == newest[0]["title"]


@pytest.mark.parametrize("slug", TOPICS)
def test_topic_rss_holds_exactly_that_topic(demo_site: Path, demo_stories, slug: str) -> None:
    feed = feedparser.parse((demo_site / "topics" / slug / "feed.xml").read_bytes())
    assert feed.bozo == 0
    expected = {s["id"] for s in demo_stories if s["topic"] == slug}
    assert expected
    assert {e.id for e in feed.entries} == expected


def test_story_page_lists_other_sources(demo_site: Path, demo_stories) -> None:
    multi = [s for s in demo_stories if len(s["sources"]) > 1]
    assert len(multi) == 3
    for story in multi:
        page = (demo_site / story["page"].split("/digest/", 1)[1] / "index.html").read_text(
            encoding="utf-8"
        )
        assert "Also reported by" in page
        for source in story["sources"][1:]:
            assert source["name"] in page


def test_untrusted_feed_html_is_sanitised(demo_site: Path) -> None:
    for page in (demo_site / "story").rglob("index.html"):
        text = page.read_text(encoding="utf-8").lower()
        assert "<script" not in text, page
        assert "onerror" not in text and "onclick" not in text, page
        assert "javascript:" not in text, page


def test_two_builds_are_byte_identical_even_at_a_later_time(tmp_path: Path) -> None:
    config = load_config(ROOT / "digest.toml")
    state = tmp_path / "state.sqlite"
    build(config, BuildOptions(output_dir=tmp_path / "one", state_path=state, now=DEMO_NOW))
    build(config, BuildOptions(output_dir=tmp_path / "two", state_path=state, now=DEMO_NOW))
    one, two = all_files(tmp_path / "one"), all_files(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    # Later: every score decays by the same factor (docs/ranking.md), so every page and feed
    # stays byte-identical; only the scores printed in stories.json change.
    later = to_utc("2026-11-25T09:00:00Z")
    build(config, BuildOptions(output_dir=tmp_path / "three", state_path=state, now=later))
    three = all_files(tmp_path / "three")
    assert three.keys() == one.keys()
    assert [name for name in one if one[name] != three[name]] == ["stories.json"]
    before, after = (json.loads(files["stories.json"]) for files in (one, three))
    strip = [{k: v for k, v in s.items() if k != "score"} for s in before]
    assert strip == [{k: v for k, v in s.items() if k != "score"} for s in after]
    assert all(a["score"] <= b["score"] for a, b in zip(after, before, strict=True))


def test_rebuild_replaces_site_in_place(tmp_path: Path) -> None:
    config = load_config(ROOT / "digest.toml")
    options = BuildOptions(output_dir=tmp_path / "site", state_path=tmp_path / "s.sqlite",
                           now=DEMO_NOW)
    build(config, options)
    (tmp_path / "site" / "stale.html").write_text("old", encoding="utf-8")
    build(config, options)
    assert not (tmp_path / "site" / "stale.html").exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "content", root / "content")
    (root / "digest.toml").write_text('[site]\ntitle = "T"\n', encoding="utf-8")
    config = load_config(root / "digest.toml")
    options = BuildOptions(state_path=tmp_path / "s.sqlite", now=DEMO_NOW)
    build(config, options)
    before = all_files(root / "site")
    (root / "templates").mkdir()
    (root / "templates" / "story.html").write_text("{{ story.no_such_field }}", encoding="utf-8")
    with pytest.raises(DigestError, match="template story.html"):
        build(config, options)
    assert all_files(root / "site") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".site")]


def test_user_template_overrides_default(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "content", root / "content")
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "index.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>custom home</p>{% endblock %}',
        encoding="utf-8",
    )
    (root / "digest.toml").write_text("", encoding="utf-8")
    build(load_config(root / "digest.toml"), BuildOptions(now=DEMO_NOW))
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "<p>custom home</p>" in home
    assert "static/style.css" in home  # the default base.html still applies


def test_a_user_feed_sources_partial_reaches_every_feed(tmp_path: Path) -> None:
    """templates/_feed_sources.html is what RSS, Atom and the JSON Feed print after a
    story's text: a user's copy changes all three (the JSON Feed had a copy of it in
    Python, which a user's partial did not reach)."""
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "content", root / "content")
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "_feed_sources.html").write_text(
        "<p>Reported by {{ s.source.name }} & co.</p>", encoding="utf-8")
    (root / "digest.toml").write_text("", encoding="utf-8")
    build(load_config(root / "digest.toml"), BuildOptions(now=DEMO_NOW))
    site = root / "site"
    document = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    item = document["items"][0]
    assert item["content_html"].endswith("</p>")
    assert f"<p>Reported by {escape(item['authors'][-1]['name'])} & co.</p>" in (
        item["content_html"])
    assert "Source:" not in item["content_html"]
    for name in ("feed.xml", "atom.xml"):
        entry = feedparser.parse((site / name).read_bytes()).entries[0]
        assert "Reported by" in entry.content[0].value
        assert "Source:" not in entry.content[0].value


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me", encoding="utf-8")
    config = load_config(ROOT / "digest.toml")
    with pytest.raises(DigestError, match="not made by digest"):
        build(config, BuildOptions(output_dir=precious, state_path=tmp_path / "s.sqlite"))
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "keep me"


def test_story_keeps_its_id_when_a_new_source_joins_later(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    first = content / "articles" / "first.md"
    first.write_text(
        "---\ntitle: Quiet Harbor Bridge Reopens After Audit\ndate: 2026-11-23T08:00:00Z\n"
        "source: Desk One\nurl: https://one.example/bridge\n---\nThe bridge reopened.\n",
        encoding="utf-8",
    )
    config = load_config(None, root=tmp_path)
    state = tmp_path / "state.sqlite"
    build(config, BuildOptions(content_dir=content, output_dir=tmp_path / "a", state_path=state,
                               now=DEMO_NOW))
    [before] = json.loads((tmp_path / "a" / "stories.json").read_text(encoding="utf-8"))
    # An earlier report from another outlet turns up in the next run: it becomes the primary
    # article, but the story keeps its id and page.
    (content / "articles" / "second.md").write_text(
        "---\ntitle: Quiet Harbor bridge reopens after audit!\ndate: 2026-11-23T07:00:00Z\n"
        "source: Desk Two\nurl: https://two.example/b\n---\nIt reopened after an audit.\n",
        encoding="utf-8",
    )
    build(config, BuildOptions(content_dir=content, output_dir=tmp_path / "b", state_path=state,
                               now=to_utc("2026-11-24T20:00:00Z")))
    [after] = json.loads((tmp_path / "b" / "stories.json").read_text(encoding="utf-8"))
    assert after["id"] == before["id"]
    assert after["page"] == before["page"]
    assert [s["name"] for s in after["sources"]] == ["Desk Two", "Desk One"]
    with Store(state) as store:
        assert store.count("stories") == 1
        assert store.count("articles") == 2


def test_undated_item_keeps_its_first_seen_date(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "scraped").mkdir(parents=True)
    (content / "scraped" / "x.txt").write_text(
        "Technology\nOrchid Labs Ships A Compiler – Some Site\nIt shipped.\nBody.\n",
        encoding="utf-8",
    )
    config = load_config(None, root=tmp_path)
    state = tmp_path / "s.sqlite"
    for day, out in (("2026-11-20T10:00:00Z", "a"), ("2026-11-22T10:00:00Z", "b")):
        build(config, BuildOptions(content_dir=content, output_dir=tmp_path / out,
                                   state_path=state, now=to_utc(day)))
    [story] = json.loads((tmp_path / "b" / "stories.json").read_text(encoding="utf-8"))
    assert story["published"] == "2026-11-20T10:00:00Z"


def test_identical_files_twice(tmp_path: Path) -> None:
    """--content/--out build another folder with the same settings; compare two folders."""
    config = load_config(ROOT / "digest.toml")
    for name in ("x", "y"):
        build(config, BuildOptions(content_dir=ROOT / "content", output_dir=tmp_path / name,
                                   state_path=tmp_path / f"{name}.sqlite", now=DEMO_NOW))
    comparison = filecmp.dircmp(tmp_path / "x", tmp_path / "y")
    assert comparison.diff_files == [] and comparison.left_only == [] == comparison.right_only


def test_an_article_dated_in_the_future_is_dated_when_first_seen(tmp_path: Path) -> None:
    """A feed's wrong year (2062) would head every list in time order until then: an
    article dated more than a day after the build's clock takes its first sighting instead,
    and keeps it in later builds; a few hours ahead (time zones) is kept as given. The
    notice names the input."""
    from datetime import timedelta

    feeds = tmp_path / "content" / "feeds"
    feeds.mkdir(parents=True)
    items = [
        ("wrong-year", "Harbour Crane Upgrade Finished", "2062-11-20T10:00:00Z"),
        ("hours-ahead", "Ferry Timetable Changes Tonight", "2026-11-24T20:00:00Z"),
        ("ordinary", "Canal Locks Reopen For Barges", "2026-11-23T08:00:00Z"),
    ]
    (feeds / "odd.json").write_text(json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Odd Dates",
        "home_page_url": "https://odd.example/",
        "items": [{"id": i, "url": f"https://odd.example/{i}", "title": t, "date_published": d,
                   "content_text": f"{t}: a report of several sentences about it. " * 3}
                  for i, t, d in items],
    }), encoding="utf-8")
    now = to_utc("2026-11-24T12:00:00Z")
    notices: list[str] = []

    def run(when):
        build(load_config(None), BuildOptions(
            content_dir=tmp_path / "content", output_dir=tmp_path / "site",
            state_path=tmp_path / "s.sqlite", now=when, offline=True,
            on_notice=notices.append,
        ))
        stories = json.loads((tmp_path / "site" / "stories.json").read_text("utf-8"))
        return {s["title"]: s["published"] for s in stories}

    first = run(now)
    assert first["Harbour Crane Upgrade Finished"] == "2026-11-24T12:00:00Z"
    assert first["Ferry Timetable Changes Tonight"] == "2026-11-24T20:00:00Z"
    assert first["Canal Locks Reopen For Barges"] == "2026-11-23T08:00:00Z"
    assert [n for n in notices if "dated more than 1 day after" in n] == [
        f"limit: {feeds / 'odd.json'}: 1 item(s) dated more than 1 day after the build's "
        "clock were dated by when they were first seen"
    ]
    later = run(now + timedelta(hours=6))  # its first sighting, not the new clock
    assert later["Harbour Crane Upgrade Finished"] == "2026-11-24T12:00:00Z"


def test_a_copy_of_a_feed_is_read_once_and_said(tmp_path: Path) -> None:
    """The same feed saved twice (the same source and item ids): one story a source, not
    one story of two copies, and a notice names the later file."""
    feeds = tmp_path / "content" / "feeds"
    feeds.mkdir(parents=True)
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Copy Desk</title>'
            "<link>https://copy.example/</link><description>d</description>"
            "<item><title>Staking rewards fall again</title><link>https://copy.example/1</link>"
            "<guid>g1</guid><pubDate>Wed, 25 Nov 2026 10:00:00 +0000</pubDate>"
            "<description>Rewards fell for the third week.</description></item>"
            "</channel></rss>")
    (feeds / "desk.xml").write_text(feed, encoding="utf-8")
    (feeds / "desk-saved-again.xml").write_text(feed, encoding="utf-8")
    report = build(load_config(ROOT / "digest.toml"),
                   BuildOptions(content_dir=tmp_path / "content", output_dir=tmp_path / "site",
                                state_path=tmp_path / "s.sqlite", now=DEMO_NOW))
    [story] = json.loads((tmp_path / "site" / "stories.json").read_text(encoding="utf-8"))
    assert story["sources"] == [{"name": "Copy Desk", "url": "https://copy.example/1"}]
    assert report.articles == 1
    assert any("desk.xml: 1 item(s) also read from an earlier input" in n
               for n in report.notices)
