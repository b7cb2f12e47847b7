"""Every feed of the demo build: parses back cleanly and meets its spec's required parts.

RSS 2.0 (https://www.rssboard.org/rss-specification), Atom 1.0 (RFC 4287) and JSON Feed 1.1
(https://www.jsonfeed.org/version/1.1/): the checks below are written from those texts.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import jsonschema
import pytest

from digest.build import BuildOptions, build
from digest.config import load_config
from digest.util import to_utc

from .conftest import DEMO_NOW, ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
TOPICS = ["defi", "blockchain", "technology", "other"]
PREFIXES = ["", *[f"topics/{t}/" for t in TOPICS]]

# RFC 822 as amended by RFC 1123 (four-digit year), the form RSS 2.0 requires.
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
URL = re.compile(r"^https?://[^\s]+$")


def check_rss(data: bytes) -> list[str]:
    """Problems with an RSS 2.0 document; [] when it has every required part."""
    problems = []
    root = ET.fromstring(data)
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"root is <{root.tag} version={root.get('version')}>, not <rss version=2.0>"]
    channel = root.find("channel")
    if channel is None:
        return ["no <channel>"]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel has no <{name}>")
    if not URL.match(channel.findtext("link") or ""):
        problems.append("channel <link> is not an absolute URL")
    for name in ("lastBuildDate", "pubDate"):
        value = channel.findtext(name)
        if value is not None and not RFC822.match(value):
            problems.append(f"channel <{name}> {value!r} is not RFC 822")
    guids = []
    for number, item in enumerate(channel.findall("item")):
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"item {number}: needs <title> or <description>")
        guid = item.find("guid")
        if guid is None or not (guid.text or "").strip():
            problems.append(f"item {number}: no <guid>")
        else:
            guids.append(guid.text)
            if guid.get("isPermaLink", "true") == "true" and not URL.match(guid.text or ""):
                problems.append(f"item {number}: permalink guid is not a URL")
        date = item.findtext("pubDate")
        if date is None or not RFC822.match(date):
            problems.append(f"item {number}: <pubDate> {date!r} is not RFC 822")
        else:
            parsedate_to_datetime(date)  # raises if the day does not exist
        if not URL.match(item.findtext("link") or ""):
            problems.append(f"item {number}: <link> is not an absolute URL")
    if len(guids) != len(set(guids)):
        problems.append("guids repeat")
    return problems


def check_atom(data: bytes) -> list[str]:
    """Problems with an Atom 1.0 document (RFC 4287 section 4); [] when valid."""
    problems = []
    feed = ET.fromstring(data)
    if feed.tag != f"{ATOM}feed":
        return [f"root is {feed.tag}, not atom:feed"]

    def one(parent: ET.Element, name: str, where: str) -> str | None:
        found = parent.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} <{name}>, needs exactly one")
            return None
        return found[0].text or ""

    for name in ("id", "title"):
        if not (one(feed, name, "feed") or "").strip():
            problems.append(f"feed: empty <{name}>")
    updated = one(feed, "updated", "feed")
    if updated is not None and not RFC3339.match(updated):
        problems.append(f"feed: <updated> {updated!r} is not RFC 3339")
    links = feed.findall(f"{ATOM}link")
    if not any(link.get("rel") == "self" and URL.match(link.get("href", "")) for link in links):
        problems.append("feed: no absolute rel=self link")
    feed_author = feed.find(f"{ATOM}author") is not None
    ids = []
    for number, entry in enumerate(feed.findall(f"{ATOM}entry")):
        where = f"entry {number}"
        entry_id = one(entry, "id", where)
        if entry_id is not None:
            ids.append(entry_id)
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", entry_id):
                problems.append(f"{where}: <id> {entry_id!r} is not an IRI")
        one(entry, "title", where)
        for name in ("updated", "published"):
            found = entry.findall(f"{ATOM}{name}")
            if name == "updated" and len(found) != 1:
                problems.append(f"{where}: needs one <updated>")
            for element in found:
                if not RFC3339.match(element.text or ""):
                    problems.append(f"{where}: <{name}> {element.text!r} is not RFC 3339")
        alternates = [
            link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") ==
            "alternate"
        ]
        content = entry.find(f"{ATOM}content")
        if content is None and not alternates:
            problems.append(f"{where}: needs <content> or a rel=alternate link")
        if content is not None and content.get("type") == "html" and "<" in (content.text or ""):
            # escaped HTML: the parsed text holds the markup, which must itself parse
            pass
        if not feed_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: no <author> and the feed has none")
        for link in entry.findall(f"{ATOM}link"):
            if not link.get("href"):
                problems.append(f"{where}: <link> without href")
    if len(ids) != len(set(ids)):
        problems.append("entry ids repeat")
    return problems


# JSON Feed 1.1, written from the spec: required fields, types, and "items need an id and
# content_html or content_text". Dates are RFC 3339; URLs absolute.
_DATE = {"type": "string", "pattern": RFC3339.pattern}
_URL = {"type": "string", "pattern": URL.pattern}
_AUTHOR = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "url": _URL, "avatar": _URL},
    "anyOf": [{"required": ["name"]}, {"required": ["url"]}, {"required": ["avatar"]}],
}
JSON_FEED_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": _URL,
        "feed_url": _URL,
        "description": {"type": "string"},
        "user_comment": {"type": "string"},
        "next_url": _URL,
        "icon": _URL,
        "favicon": _URL,
        "authors": {"type": "array", "items": _AUTHOR},
        "language": {"type": "string", "minLength": 2},
        "expired": {"type": "boolean"},
        "hubs": {"type": "array"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": _URL,
                    "external_url": _URL,
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "content_text": {"type": "string"},
                    "summary": {"type": "string"},
                    "image": _URL,
                    "banner_image": _URL,
                    "date_published": _DATE,
                    "date_modified": _DATE,
                    "authors": {"type": "array", "items": _AUTHOR},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "language": {"type": "string"},
                    "attachments": {"type": "array"},
                },
                # anything else must be an extension: a name that starts with "_"
                "patternProperties": {"^_": {"type": "object"}},
                "additionalProperties": False,
            },
        },
    },
    "patternProperties": {"^_": {"type": "object"}},
    "additionalProperties": False,
}


def check_json_feed(data: bytes) -> list[str]:
    document = json.loads(data)
    validator = jsonschema.Draft202012Validator(JSON_FEED_SCHEMA)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


# ---------------------------------------------------------------- the checks check

def test_checks_catch_broken_feeds() -> None:
    bad_rss = (
        b'<rss version="2.0"><channel><title>t</title><link>/rel</link>'
        b"<item><title>a</title><pubDate>2026-11-24</pubDate><link>x</link></item>"
        b"</channel></rss>"
    )
    rss = check_rss(bad_rss)
    assert any("description" in p for p in rss)
    assert any("guid" in p for p in rss)
    assert any("RFC 822" in p for p in rss)
    bad_atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b"<updated>2026-11-24 10:00</updated><entry><title>a</title></entry></feed>"
    )
    atom = check_atom(bad_atom)
    assert any("<id>" in p for p in atom)
    assert any("RFC 3339" in p for p in atom)
    assert any("rel=self" in p for p in atom)
    assert any("author" in p for p in atom)
    bad_json = json.dumps(
        {"version": "https://jsonfeed.org/version/1", "title": "t",
         "items": [{"id": 1, "date_published": "yesterday", "extra": 1}]}
    ).encode()
    assert len(check_json_feed(bad_json)) >= 4


# ---------------------------------------------------------------- the demo build

@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_feed_parses_back_without_bozo(demo_site: Path, prefix: str) -> None:
    ids = {}
    for name, version in {"feed.xml": "rss20", "atom.xml": "atom10"}.items():
        parsed = feedparser.parse((demo_site / prefix / name).read_bytes())
        assert parsed.bozo == 0, (prefix + name, parsed.get("bozo_exception"))
        assert parsed.version == version, prefix + name
        assert parsed.entries, prefix + name
        for entry in parsed.entries:
            assert entry.get("published_parsed"), (prefix + name, entry.get("id"))
        ids[name] = [e.id for e in parsed.entries]
    # feedparser 6 does not read JSON Feed (7 will): the schema test below checks it instead
    document = json.loads((demo_site / prefix / "feed.json").read_bytes())
    ids["feed.json"] = [item["id"] for item in document["items"]]
    # the same stories, in the same order, in all three; GUIDs are the story ids
    assert ids["feed.xml"] == ids["feed.json"]
    assert ids["atom.xml"] == [f"urn:digest:story:{i}" for i in ids["feed.xml"]]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_rss_and_atom_meet_their_specs(demo_site: Path, prefix: str) -> None:
    assert check_rss((demo_site / prefix / "feed.xml").read_bytes()) == []
    assert check_atom((demo_site / prefix / "atom.xml").read_bytes()) == []


@pytest.mark.parametrize("prefix", PREFIXES)
def test_json_feed_meets_the_schema(demo_site: Path, prefix: str) -> None:
    assert check_json_feed((demo_site / prefix / "feed.json").read_bytes()) == []


def test_feed_items_carry_dates_summary_content_and_sources(demo_site: Path, demo_stories) -> None:
    by_id = {s["id"]: s for s in demo_stories}
    multi = next(s for s in demo_stories if len(s["sources"]) > 1)
    rss = feedparser.parse((demo_site / "feed.xml").read_bytes())
    atom = feedparser.parse((demo_site / "atom.xml").read_bytes())
    document = json.loads((demo_site / "feed.json").read_bytes())
    for entry in rss.entries:
        story = by_id[entry.id]
        assert entry.published == _rfc822(story["published"])
        assert story["sources"][0]["name"] in entry.summary
        assert "content" in entry and entry.content[0].value
    for entry in atom.entries:
        story = by_id[entry.id.rsplit(":", 1)[1]]
        assert entry.published.replace("+00:00", "Z") == story["published"]
        assert entry.summary
    item = next(i for i in document["items"] if i["id"] == multi["id"])
    assert item["date_published"] == multi["published"]
    assert item["url"] == multi["page"]
    for source in multi["sources"]:
        assert source["name"] in item["content_html"]
    assert [s["name"] for s in item["_digest"]["sources"]] == [
        s["name"] for s in multi["sources"]
    ]


def _rfc822(iso_date: str) -> str:
    from email.utils import format_datetime

    return format_datetime(to_utc(iso_date), usegmt=True)


def test_feeds_hold_the_newest_n_and_keep_guids_across_builds(tmp_path: Path) -> None:
    config = load_config(ROOT / "digest.toml")
    config = replace(config, site=replace(config.site, feed_items=3))
    state = tmp_path / "state.sqlite"
    build(config, BuildOptions(output_dir=tmp_path / "a", state_path=state, now=DEMO_NOW))
    stories = json.loads((tmp_path / "a" / "stories.json").read_text(encoding="utf-8"))
    newest = sorted(stories, key=lambda s: (s["published"], s["id"]), reverse=True)[:3]
    for name in ("feed.xml", "atom.xml", "feed.json"):
        data = (tmp_path / "a" / name).read_bytes()
        if name.endswith(".json"):
            got = [item["id"] for item in json.loads(data)["items"]]
        else:
            got = [e.id.rsplit(":", 1)[-1] for e in feedparser.parse(data).entries]
        assert got == [s["id"] for s in newest]
    # a new article arrives: the old stories keep their GUIDs
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "articles" / "zz-new.md").write_text(
        "---\ntitle: A Freshly Invented Harbour Crane Record\ndate: 2026-11-25T08:00:00Z\n"
        "source: Test Desk\n---\n\nThe invented harbour set a record for crane moves.\n",
        encoding="utf-8",
    )
    build(config, BuildOptions(content_dir=content, output_dir=tmp_path / "b",
                               state_path=state, now=to_utc("2026-11-25T09:00:00Z")))
    after = feedparser.parse((tmp_path / "b" / "feed.xml").read_bytes())
    assert after.entries[0].title == "A Freshly Invented Harbour Crane Record"
    assert [e.id for e in after.entries[1:]] == [s["id"] for s in newest[:2]]
