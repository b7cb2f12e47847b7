"""The same feed (or file) listed twice in [[sources]].

Old: both tables were used. A feed was fetched twice and each of its items counted as two
outlets reporting it (under two names); a file was read once, under the last table's name,
and the other table's name and category were silently dropped. Now it is a config error that
names both tables, the repeated address and what to do, before anything is read or written.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digest.config import load_config
from digest.errors import DigestError

NOW = "2026-11-24T18:00:00Z"
ARTICLE = (
    "---\ntitle: Harbour Ferry Adds A Night Crossing\ndate: 2026-11-24T10:00:00Z\n"
    "source: Test Desk\n---\n\nAn invented paragraph about a harbour that does not exist.\n"
)
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Wire</title><link>https://wire.example/</link>
<description>Invented news</description>
<item><title>Lighthouse Keeper Retires After Forty Years</title>
<link>https://wire.example/lighthouse</link><guid>https://wire.example/lighthouse</guid>
<pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate>
<description>An invented story about a lighthouse that does not exist.</description></item>
</channel></rss>
"""


def sources(*tables: dict[str, str]) -> str:
    lines = []
    for table in tables:
        lines.append("[[sources]]")
        lines += [f"{key} = '{value}'" for key, value in table.items()]
        lines.append("")
    return "\n".join(lines)


def error(folder: Path, text: str) -> DigestError:
    (folder / "digest.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DigestError) as info:
        load_config(folder / "digest.toml")
    return info.value


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://news.example/feed.xml", "https://news.example/feed.xml"),
        ("https://news.example/feed", "https://News.EXAMPLE/feed/"),  # host case, slash
        ("https://news.example/feed.xml", "https://news.example:443/feed.xml"),  # default port
        ("http://news.example/rss", "HTTP://news.example:80/rss#latest"),  # scheme case
        ("https://news.example", "https://news.example./"),  # an empty path is "/"
    ],
)
def test_the_same_feed_twice_names_both_tables_the_url_and_the_fix(
    tmp_path: Path, first: str, second: str
) -> None:
    text = sources(
        {"name": "Alpha News", "url": first, "category": "DeFi"},
        {"name": "Beta Wire", "url": second},
    )
    exc = error(tmp_path, text)
    assert exc.where == f"{tmp_path / 'digest.toml'}, line 8"  # the repeated url
    assert exc.problem.startswith(f"sources[1].url: {second!r} is the same feed as sources[0] "
                                  f'("Alpha News", line 3: {first!r}')
    if first != second:  # written another way: the address both mean is shown
        assert "both mean https://news.example/" in exc.problem or (
            "both mean http://news.example/rss" in exc.problem
        )
    assert "fetched twice" in exc.problem
    assert exc.fix.startswith("remove one of the two [[sources]] tables")
    assert "give them different urls" in exc.fix


def test_a_different_query_is_a_different_feed_but_the_same_query_is_not(
    tmp_path: Path,
) -> None:
    # ?cat=defi and ?cat=tech are two feeds; the third table repeats the first
    text = sources(
        {"url": "https://news.example/feed?cat=defi"},
        {"url": "https://news.example/feed?cat=tech"},
        {"url": "https://news.example/feed/?cat=defi", "name": "DeFi again"},
    )
    exc = error(tmp_path, text)
    assert exc.problem.startswith(
        "sources[2].url: 'https://news.example/feed/?cat=defi' is the same feed as sources[0] "
        "(line 2: 'https://news.example/feed?cat=defi'"
    )
    assert "both mean https://news.example/feed?cat=defi" in exc.problem
    # without the repeat, all three load: different queries, schemes and paths are kept
    lines = (tmp_path / "digest.toml").read_text(encoding="utf-8").splitlines()
    (tmp_path / "digest.toml").write_text(
        "\n".join(lines[:6]) + "\n" + sources(
            {"url": "http://news.example/feed?cat=defi"},
            {"url": "https://news.example/Feed?cat=defi"},
        ),
        encoding="utf-8",
    )
    assert len(load_config(tmp_path / "digest.toml").sources) == 4


@pytest.mark.parametrize("spelling", ["./feeds/../feeds/wire.xml", "ABSOLUTE", "LINK"])
def test_the_same_file_twice_names_both_tables_and_the_file(
    tmp_path: Path, spelling: str
) -> None:
    feed = tmp_path / "feeds" / "wire.xml"
    feed.parent.mkdir()
    feed.write_text(FEED, encoding="utf-8")
    if spelling == "ABSOLUTE":
        spelling = str(feed)
    elif spelling == "LINK":  # a hard link: one file under two names
        try:
            os.link(feed, tmp_path / "feeds" / "wire-copy.xml")
        except OSError as exc:
            pytest.skip(f"no hard links here: {exc}")
        spelling = "feeds/wire-copy.xml"
    exc = error(tmp_path, sources({"path": "feeds/wire.xml"},
                                  {"name": "Wire", "path": spelling}))
    assert exc.where.endswith("digest.toml, line 6")
    assert exc.problem.startswith(
        f"sources[1].path: {spelling!r} is the same file as sources[0] "
        "(line 2: 'feeds/wire.xml'"
    )
    if spelling != "feeds/wire-copy.xml":
        assert f"both mean {feed.resolve()}" in exc.problem
    assert "one table's name and category would be silently ignored" in exc.problem
    assert exc.fix.startswith("remove one of the two [[sources]] tables")


def test_digest_build_stops_with_exit_1_and_leaves_the_site_as_it_was(
    tmp_path: Path, cli
) -> None:
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "content" / "articles" / "ferry.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "wire.xml").write_text(FEED, encoding="utf-8")
    settings = tmp_path / "digest.toml"
    settings.write_text(sources({"name": "Harbour Wire", "path": "wire.xml"}), encoding="utf-8")
    run = ("--config", str(settings), "build", "--offline", "-q", "--now", NOW)
    built = cli(*run, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    site = tmp_path / "site"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    assert before

    settings.write_text(
        sources({"name": "Harbour Wire", "path": "wire.xml"},
                {"name": "Wire Again", "path": "./wire.xml", "category": "Technology"}),
        encoding="utf-8",
    )
    again = cli(*run, cwd=tmp_path)
    assert again.returncode == 1, again.stderr  # a settings error: nothing built
    assert "Traceback" not in again.stderr
    assert (
        f"error: {settings}, line 7: sources[1].path: './wire.xml' is the same file as "
        f"sources[0] (\"Harbour Wire\", line 3: 'wire.xml'" in again.stderr
    )
    assert "fix: remove one of the two [[sources]] tables" in again.stderr
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    assert after == before
