"""Fed anything, digest runs nothing and writes nowhere it should not.

XML attacks against the feed parser, caps on every input ([limits]), untrusted text that tries
to become a path, and a state file that must never be silently replaced.
"""

from __future__ import annotations

import http.server
import json
import sqlite3
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.build import BuildOptions, build
from digest.config import load_config, parse_config
from digest.errors import DigestError
from digest.ingest.feeds import guard_xml, parse_feed_bytes
from digest.limits import apply_limits, html_depth
from digest.model import Article, Story
from digest.output import SiteWriter, check_relative_path, unique_story_slugs
from digest.store import SCHEMA_VERSION, Store
from digest.util import slugify
from tests.conftest import DEMO_NOW, ROOT

CANARY = "CANARY-7f3a1c-never-in-output"

# ---------------------------------------------------------------- XML attacks


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        body = f'<!ENTITY leak "{CANARY}">'.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[str]]]:
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", _Recorder.hits
    finally:
        server.shutdown()
        server.server_close()


def _rss(prolog: str, title: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}\n<rss version="2.0"><channel>'
        f"<title>Attack</title><link>https://attack.example/</link><item><title>{title}</title>"
        "<link>https://attack.example/1</link><description>Plain words.</description></item>"
        "</channel></rss>\n"
    ).encode()


def attacks(base: str, canary_file: Path) -> dict[str, bytes]:
    laughs = "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    wide = (
        '<?xml version="1.0" encoding="{}"?>'
        f'<!DOCTYPE rss [<!ENTITY f SYSTEM "{canary_file.as_uri()}">]>'
        '<rss version="2.0"><channel><title>T</title><item><title>&f;</title>'
        "<link>https://attack.example/1</link></item></channel></rss>"
    )
    return {
        "billion laughs": _rss(
            f'<!DOCTYPE rss [<!ENTITY l0 "lol">{laughs}]>', "&l9;"
        ),
        "quadratic blowup": _rss(
            f'<!DOCTYPE rss [<!ENTITY a "{"x" * 50_000}">]>', "&a;" * 2_000
        ),
        "external entity (file)": _rss(
            f'<!DOCTYPE rss [<!ENTITY f SYSTEM "{canary_file.as_uri()}">]>', "a &f; b"
        ),
        "external entity (http)": _rss(
            f'<!DOCTYPE rss [<!ENTITY n SYSTEM "{base}/entity">]>', "a &n; b"
        ),
        "parameter entity (http)": _rss(
            f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{base}/param"> %p;]>', "a &leak; b"
        ),
        "comment before the DTD": _rss(
            f'<!-- <rss> --><!DOCTYPE rss [<!ENTITY f SYSTEM "{canary_file.as_uri()}">]>',
            "&f;",
        ),
        "UTF-16 with entities": (
            '<?xml version="1.0" encoding="utf-16"?>'
            f'<!DOCTYPE rss [<!ENTITY f SYSTEM "{canary_file.as_uri()}">]>'
            '<rss version="2.0"><channel><title>T</title><item><title>&f;</title>'
            "<link>https://attack.example/1</link></item></channel></rss>"
        ).encode("utf-16"),
        # no byte-order mark: the NULs alone tell the byte order (a big-endian UTF-16 text
        # decoded as little-endian once hid its DTD, and feedparser expanded the entity)
        "UTF-16BE without a byte-order mark": wide.format("utf-16").encode("utf-16-be"),
        "UTF-16LE without a byte-order mark": wide.format("utf-16").encode("utf-16-le"),
        "UTF-32BE without a byte-order mark": wide.format("utf-32").encode("utf-32-be"),
        "UTF-32BE with its byte-order mark": b"\x00\x00\xfe\xff"
        + wide.format("utf-32").encode("utf-32-be"),
        "UTF-32LE without a byte-order mark": wide.format("utf-32").encode("utf-32-le"),
    }


def test_xml_attacks_are_refused_fast_with_no_file_or_network_access(
    tmp_path: Path, recorder
) -> None:
    base, hits = recorder
    canary_file = tmp_path / "canary.txt"
    canary_file.write_text(CANARY, encoding="utf-8")
    for name, data in attacks(base, canary_file).items():
        tracemalloc.start()
        started = time.perf_counter()
        with pytest.raises(DigestError) as caught:
            parse_feed_bytes(data, f"{name}.xml")
        seconds = time.perf_counter() - started
        _size, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert "declares its own XML entities or DTD" in caught.value.message, name
        assert f"{name}.xml" in caught.value.message
        assert seconds < 5 and peak < 50_000_000, (name, seconds, peak)  # hang/blow-up guard
    assert hits == []


def test_external_dtd_is_cut_out_not_fetched(recorder) -> None:
    """An RSS 0.91-style DOCTYPE (no internal subset) still parses; its DTD is never fetched."""
    base, hits = recorder
    data = _rss(f'<!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" "{base}/rss.dtd">', "Hi")
    assert b"DOCTYPE" not in guard_xml(data, "x.xml")
    [article] = parse_feed_bytes(data, "x.xml")
    assert article.title == "Hi"
    assert hits == []


def test_a_feed_about_xml_may_quote_a_doctype_in_its_content() -> None:
    data = _rss("", "About DTDs").replace(
        b"Plain words.", b"&lt;!DOCTYPE x [ &lt;!ENTITY a 'b'&gt; ]&gt; is an example"
    )
    assert guard_xml(data, "x.xml") == data
    assert "ENTITY" in parse_feed_bytes(data, "x.xml")[0].body_html


def test_xml_attack_in_a_build_is_one_problem_line(tmp_path: Path, cli) -> None:
    feeds = tmp_path / "content" / "feeds"
    feeds.mkdir(parents=True)
    laughs = attacks("http://127.0.0.1:9", tmp_path / "x")["billion laughs"]
    (feeds / "laughs.xml").write_bytes(laughs)
    (feeds / "fine.xml").write_bytes(_rss("", "A fine item"))
    result = cli("build", "--offline", "--content", str(tmp_path / "content"),
                 "--out", str(tmp_path / "site"), "--state", str(tmp_path / "s.sqlite"))
    assert result.returncode == 3, result.stderr
    lines = [line for line in result.stderr.splitlines() if "laughs.xml" in line]
    assert len(lines) == 1 and lines[0].startswith("problem:")
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- caps ([limits])


def _article(n: int, **fields: object) -> Article:
    values: dict = {
        "id": f"id{n}", "origin": "feed", "location": "feeds/big.xml", "title": f"Title {n}",
        "source_name": "Big", "url": f"https://big.example/{n}", "body_html": "<p>x</p>",
    }
    values.update(fields)
    return Article(**values)


def test_every_cap_is_applied_and_reported_per_source() -> None:
    limits = parse_config(
        {"limits": {"max_items_per_feed": 5, "max_field_chars": 100, "max_body_chars": 10_000,
                    "max_html_depth": 20}}
    ).limits
    articles = [_article(n) for n in range(8)]
    articles[0] = _article(0, title="T" * 5000, author="A" * 5000, tags=("c" * 500,))
    articles[1] = _article(1, body_html="<p>" + "w " * 20_000 + "</p>")
    articles[2] = _article(2, body_html="<div>" * 500 + "deep words" + "</div>" * 500)
    articles[3] = _article(3, url="https://big.example/" + "x" * 500)
    articles[4] = _article(4, location="feeds/other.xml")
    kept, notices = apply_limits(articles, limits)
    assert [a.id for a in kept] == ["id0", "id1", "id2", "id3", "id4", "id5"]
    assert len(kept[0].title) == 100 and len(kept[0].author or "") == 100
    assert kept[0].tags == ("c" * 100,)
    assert len(kept[1].body_html) == 10_000
    assert kept[2].body_html == "<p>deep words</p>"
    assert kept[3].url is None
    text = "\n".join(notices)
    assert "feeds/big.xml: 7 items, over the 5-item cap (limits.max_items_per_feed)" in text
    assert "limits.max_field_chars" in text and "limits.max_body_chars" in text
    assert "limits.max_html_depth" in text
    assert "feeds/other.xml" not in text
    assert all(line.startswith("feeds/big.xml: ") for line in notices)


def test_deep_html_is_flattened_before_the_sanitiser_sees_it() -> None:
    """100k nested elements take the HTML sanitiser tens of seconds: never handed to it."""
    deep = "<div>" * 100_000 + "words" + "</div>" * 100_000
    assert html_depth(deep, stop_at=100) == 101
    assert html_depth("<p>one<p>two<p>three<ul><li>a<li>b</ul>") == 1  # implied ends
    kept, notices = apply_limits([_article(0, body_html=deep)], parse_config({}).limits)
    assert kept[0].body_html == "<p>words</p>"
    keys = [n.split("(")[-1].rstrip(")") for n in notices]
    assert keys == ["limits.max_body_chars", "limits.max_html_depth"]


def test_caps_in_a_real_build_print_one_line_per_source(tmp_path: Path, cli) -> None:
    feeds = tmp_path / "content" / "feeds"
    feeds.mkdir(parents=True)
    items = "".join(
        f"<item><title>Item {n} {'long ' * (400 if n == 0 else 1)}</title>"
        f"<link>https://many.example/{n}</link><description>{'&lt;b&gt;' * 300}deep "
        f"{n}</description></item>"
        for n in range(30)
    )
    (feeds / "many.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>{items}'
        "</channel></rss>",
        encoding="utf-8",
    )
    (tmp_path / "digest.toml").write_text(
        "[limits]\nmax_items_per_feed = 10\nmax_field_chars = 200\nmax_html_depth = 50\n",
        encoding="utf-8",
    )
    result = cli("--config", str(tmp_path / "digest.toml"), "build", "--offline",
                 "--content", str(tmp_path / "content"), "--out", str(tmp_path / "site"),
                 "--state", str(tmp_path / "s.sqlite"))
    assert result.returncode == 0, result.stderr
    limit_lines = [line for line in result.stderr.splitlines() if line.startswith("limit: ")]
    assert len(limit_lines) == 3, result.stderr
    assert all("many.xml" in line for line in limit_lines)
    assert "30 items, over the 10-item cap" in result.stderr
    stories = json.loads((tmp_path / "site" / "stories.json").read_text(encoding="utf-8"))
    assert len(stories) == 10


def test_limits_config_errors_name_the_key() -> None:
    with pytest.raises(DigestError, match="limits.max_items_per_feed: must be at least 1"):
        parse_config({"limits": {"max_items_per_feed": 0}})
    with pytest.raises(DigestError, match="limits.max_depth: unknown key"):
        parse_config({"limits": {"max_depth": 3}})


# ---------------------------------------------------------------- untrusted text and paths

HOSTILE_NAMES = [
    "../../../etc/passwd", "/etc/passwd", "..", ".", "a/../../b", "nul\x00byte", "CON", "con.html",
    "COM1", "lpt9.txt", "aux", "x" * 500, "C:\\Windows\\win.ini", "story/../../../x", "",
    "trailing.", "trailing ", "a\\b", "tab\there",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_writer_refuses_unsafe_paths(tmp_path: Path, name: str) -> None:
    writer = SiteWriter(tmp_path / "site")
    try:
        with pytest.raises(DigestError):
            writer.write(name, "x")
        with pytest.raises(DigestError):
            writer.write(f"story/{name}/index.html", "x")
    finally:
        writer.abort()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".digest-builds"]


def test_writer_refuses_to_write_one_file_twice(tmp_path: Path) -> None:
    writer = SiteWriter(tmp_path / "site")
    try:
        writer.write("story/a/index.html", "one")
        with pytest.raises(DigestError, match="same file"):
            writer.write("story/A/index.html", "two")  # the same file on macOS and Windows
    finally:
        writer.abort()


def test_check_relative_path_accepts_ordinary_paths() -> None:
    for name in ("index.html", "story/a-b-1f2e3d/index.html", "static/search.js", ".nojekyll",
                 "topics/defi/feed.xml"):
        assert check_relative_path(name).as_posix() == name


@pytest.mark.parametrize("title", [*HOSTILE_NAMES, "\u202e\u0000\ud7ff", "ÆØÅ 東京 🚀"])
def test_slugify_makes_a_safe_name_of_anything(title: str) -> None:
    slug = slugify(title, 60)
    assert slug.isascii() and 1 <= len(slug) <= 60
    check_relative_path(f"story/{slug}-1a2b3c/index.html")
    check_relative_path(slug)


def _story(story_id: str, slug: str, title: str = "t") -> Story:
    article = Article(id=story_id, origin="feed", location="x", title=title, source_name="S")
    return Story(id=story_id, slug=slug, primary=article)


def test_story_slugs_are_made_safe_and_unique_whatever_the_order() -> None:
    stories = [
        _story("b2", "same-title-abc123"),
        _story("a1", "same-title-abc123"),
        _story("c3", "../../etc/passwd"),
        _story("d4", "CON"),
        _story("e5", "x" * 500),
    ]
    fixed = unique_story_slugs(stories)
    slugs = [s.slug for s in fixed]
    assert len(set(slugs)) == len(slugs)
    assert slugs[1] == "same-title-abc123"  # the smaller id keeps it; the other is extended
    assert slugs[0].startswith("same-title-abc123-")
    for slug in slugs:
        check_relative_path(f"story/{slug}/index.html")
        assert slug.isascii() and len(slug) <= 100
    assert [s.slug for s in unique_story_slugs(list(reversed(stories)))] == slugs[::-1]


def test_hostile_titles_and_names_build_inside_the_output(tmp_path: Path) -> None:
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    titles = ["../../escape", "/etc/passwd", "CON", "NUL", "com1", "x" * 500, "..", "",
              "same title", "same title", "Ünïcødé ☃ title"]
    for n, title in enumerate(titles):
        safe = title.replace("\n", " ")
        (articles / f"{n:02d}.md").write_text(
            f'---\ntitle: "{safe}"\nsource: "../../../{safe}"\nurl: https://t.example/{n}\n'
            f"date: 2026-11-2{n % 4}T10:00:00Z\n---\nBody number {n} with words of its own.\n",
            encoding="utf-8",
        )
    out = tmp_path / "out" / "site"
    report = build(load_config(None, root=tmp_path), BuildOptions(
        content_dir=tmp_path / "content", output_dir=out, state_path=tmp_path / "s.sqlite",
        now=DEMO_NOW,
    ))
    stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    pages = {s["page"] for s in stories}
    assert len(pages) == len(stories) == report.stories
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".digest-builds", "site"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "out", "s.sqlite",
                                                          "s.sqlite.lock"]
    root = out.resolve()
    for path in root.rglob("*"):
        assert path.resolve().is_relative_to(root)
        assert path.name.split(".")[0].lower() not in {"con", "nul", "com1", "prn", "aux"}
        assert len(path.name) <= 200 and path.name.isascii()


def test_tampered_slug_in_the_state_cannot_escape(tmp_path: Path) -> None:
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    (content / "a.md").write_text(
        "---\ntitle: Quiet Harbor\nurl: https://t.example/a\ndate: 2026-11-23T08:00:00Z\n---\n"
        "Some words.\n", encoding="utf-8")
    config = load_config(None, root=tmp_path)
    options = BuildOptions(content_dir=tmp_path / "content", output_dir=tmp_path / "site",
                           state_path=tmp_path / "s.sqlite", now=DEMO_NOW)
    build(config, options)
    db = sqlite3.connect(tmp_path / "s.sqlite")
    db.execute("UPDATE stories SET slug = '../../../pwned'")
    db.commit()
    db.close()
    build(config, options)
    assert not (tmp_path / "pwned").exists() and not (tmp_path.parent / "pwned").exists()
    [story] = json.loads((tmp_path / "site" / "stories.json").read_text(encoding="utf-8"))
    assert "/story/pwned-" in story["page"]


# ---------------------------------------------------------------- the state file


def test_newer_schema_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    db = sqlite3.connect(state)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    db.close()
    before = state.read_bytes()
    with pytest.raises(DigestError) as caught:
        Store(state)
    assert str(state) in caught.value.message and "newer digest" in caught.value.message
    assert "upgrade digest" in caught.value.message
    assert state.read_bytes() == before


JUNK = [b"not a database at all\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000]


@pytest.mark.parametrize("junk", JUNK, ids=["text", "damaged header"])
def test_corrupt_state_is_refused_and_left_alone(tmp_path: Path, junk: bytes, cli) -> None:
    state = tmp_path / "state.sqlite"
    state.write_bytes(junk)
    with pytest.raises(DigestError) as caught:
        Store(state)
    message = caught.value.message
    assert str(state) in message and "unreadable" in message and "mv " in message
    result = cli("build", "--offline", "--content", str(ROOT / "content"),
                 "--out", str(tmp_path / "site"), "--state", str(state))
    assert result.returncode == 1 and str(state) in result.stderr
    assert "Traceback" not in result.stderr
    assert state.read_bytes() == junk  # never silently replaced


def test_another_programs_sqlite_file_is_not_touched(tmp_path: Path) -> None:
    state = tmp_path / "app.sqlite"
    db = sqlite3.connect(state)
    db.execute("CREATE TABLE customers (name TEXT)")
    db.commit()
    db.close()
    with pytest.raises(DigestError, match="did not make"):
        Store(state)
    tables = sqlite3.connect(state).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("customers",)]


def test_a_backup_is_taken_before_a_migration(tmp_path: Path) -> None:
    from digest.store import _MIGRATIONS

    state = tmp_path / "state.sqlite"
    db = sqlite3.connect(state)
    db.executescript(_MIGRATIONS[1])
    db.execute("INSERT INTO stories VALUES ('s1', 'old-story', '2026-01-01T00:00:00Z')")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    with Store(state) as store:
        assert store.schema_version() == SCHEMA_VERSION
    backup = tmp_path / "state.sqlite.bak-v1"
    assert backup.is_file()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT slug FROM stories").fetchall() == [("old-story",)]
    old.close()
    with Store(state):  # already migrated: no second backup
        pass
    backups = sorted(p.name for p in tmp_path.iterdir() if ".bak-" in p.name)
    assert backups == ["state.sqlite.bak-v1"]


def test_control_characters_and_lone_surrogates_never_reach_a_page(tmp_path: Path) -> None:
    feeds = tmp_path / "content" / "feeds"
    feeds.mkdir(parents=True)
    # Raw JSON, so the escapes reach the parser as written: ESC, NUL, a lone surrogate, U+FFFF.
    (feeds / "odd.json").write_text(
        '{"version": "https://jsonfeed.org/version/1.1", "title": "Odd", "items": [{"id": "1", '
        '"url": "https://odd.example/1", "title": "Bell\\u001b and \\u0000 and \\ud800 and '
        '\\uffff end", "content_html": "<p>Words \\ud83d here</p>", "authors": [{"name": '
        '"A\\u0007uthor"}]}]}',
        encoding="utf-8",
    )
    build(load_config(ROOT / "digest.toml"), BuildOptions(
        content_dir=tmp_path / "content", output_dir=tmp_path / "site",
        state_path=tmp_path / "s.sqlite", now=DEMO_NOW,
    ))
    [story] = json.loads((tmp_path / "site" / "stories.json").read_text(encoding="utf-8"))
    assert story["title"] == "Bell and and and end"
    for page in (tmp_path / "site").resolve().rglob("*"):
        if page.suffix in (".html", ".xml", ".json"):
            text = page.read_text(encoding="utf-8")  # a lone surrogate could not be written
            assert "\x1b" not in text and "\x00" not in text and "\uffff" not in text
