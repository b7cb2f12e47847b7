"""OPML subscription lists: `digest opml` turns one into [[sources]] (printed, or added to
the settings file without breaking it or adding a feed twice), and an OPML file dropped
where feeds go is named for what it is, with the command that reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.config import load_config
from digest.errors import DigestError
from digest.opml import read_opml

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a feed reader -->
<opml version="2.0">
  <head><title>Subscriptions</title></head>
  <body>
    <outline text="DeFi" title="DeFi">
      <outline type="rss" text="Ledger &amp; Co" title="Ledger &amp; Co"
               xmlUrl="https://ledger.example/feed" htmlUrl="https://ledger.example/"/>
      <outline type="rss" text="Pool &quot;Notes&quot;" xmlUrl="https://pool.example/rss.xml"/>
    </outline>
    <outline text="Tech"><outline text="Nested"><outline type="rss" text="Chip Wire"
      xmlUrl="https://chips.example/feed"/></outline></outline>
    <outline type="rss" text="Chain Daily" xmlUrl="https://chain.example/atom.xml"/>
    <outline type="rss" text="Chain again" xmlUrl="https://CHAIN.example:443/atom.xml/"/>
    <outline type="rss" text="A local one" xmlUrl="file:///home/me/feed.xml"/>
    <outline type="rss" text="No address"/>
  </body>
</opml>
"""


def test_read_opml_takes_names_addresses_and_folders() -> None:
    feeds = read_opml(OPML, "subs.opml")
    assert [(f.name, f.url, f.category) for f in feeds] == [
        ("Ledger & Co", "https://ledger.example/feed", "DeFi"),
        ('Pool "Notes"', "https://pool.example/rss.xml", "DeFi"),
        ("Chip Wire", "https://chips.example/feed", "Nested"),  # the nearest folder
        ("Chain Daily", "https://chain.example/atom.xml", None),  # the copy is left out
    ]


def test_an_opml_with_entities_is_refused_like_a_feed() -> None:
    attack = b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]><opml><body/></opml>'
    with pytest.raises(DigestError, match="entities"):
        read_opml(attack, "evil.opml")


def test_opml_prints_tables_that_load(tmp_path: Path, cli) -> None:
    (tmp_path / "subs.opml").write_bytes(OPML)
    result = cli("opml", "subs.opml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "4 feeds" in result.stderr
    (tmp_path / "printed.toml").write_text(result.stdout, encoding="utf-8")
    config = load_config(tmp_path / "printed.toml")
    assert [(s.name, s.location, s.category) for s in config.sources] == [
        ("Ledger & Co", "https://ledger.example/feed", "DeFi"),
        ('Pool "Notes"', "https://pool.example/rss.xml", "DeFi"),
        ("Chip Wire", "https://chips.example/feed", "Nested"),
        ("Chain Daily", "https://chain.example/atom.xml", None),
    ]


def test_append_keeps_the_file_and_adds_each_feed_once(tmp_path: Path, cli) -> None:
    (tmp_path / "subs.opml").write_bytes(OPML)
    settings = tmp_path / "digest.toml"
    original = '\ufeff[site]\r\ntitle = "Mine"\r\n\r\n[[sources]]\r\nurl = "https://ledger.example/feed/"\r\n'
    settings.write_bytes(original.encode("utf-8"))
    result = cli("opml", "subs.opml", "--append", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "added 3 feeds" in result.stderr and "1 already among the sources" in result.stderr
    data = settings.read_bytes()
    assert data.startswith(original.encode("utf-8"))  # BOM, CRLF and text kept as they were
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF line ends throughout
    config = load_config(settings)
    assert config.site.title == "Mine"
    assert [s.location for s in config.sources] == [
        "https://ledger.example/feed/", "https://pool.example/rss.xml",
        "https://chips.example/feed", "https://chain.example/atom.xml",
    ]
    again = cli("opml", "subs.opml", "--append", cwd=tmp_path)
    assert again.returncode == 0 and "nothing to add" in again.stderr
    assert settings.read_bytes() == data


def test_append_makes_the_settings_file_when_there_is_none(tmp_path: Path, cli) -> None:
    (tmp_path / "subs.opml").write_bytes(OPML)
    result = cli("opml", "subs.opml", "--append", "--config", "new.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(load_config(tmp_path / "new.toml").sources) == 4


def test_append_that_would_break_the_file_leaves_it_as_it_was(tmp_path: Path, cli) -> None:
    (tmp_path / "subs.opml").write_bytes(OPML)
    settings = tmp_path / "digest.toml"
    settings.write_text("sources = []\n", encoding="utf-8")  # [[sources]] cannot follow this
    result = cli("opml", "subs.opml", "--append", cwd=tmp_path)
    assert result.returncode == 1
    assert "would break it" in result.stderr and "left as it was" in result.stderr
    assert settings.read_text(encoding="utf-8") == "sources = []\n"
    assert not list(tmp_path.glob(".digest.toml*"))  # no spare file left behind


def test_an_opml_file_among_the_feeds_says_what_it_is(tmp_path: Path, cli) -> None:
    feeds = tmp_path / "content" / "feeds"
    feeds.mkdir(parents=True)
    (feeds / "subscriptions.xml").write_bytes(OPML)
    result = cli("build", "-q", "--content", str(tmp_path / "content"), "--out",
                 str(tmp_path / "site"), "--state", str(tmp_path / "s.sqlite"))
    assert result.returncode == 1
    assert "an OPML subscription list (4 feeds), not a feed" in result.stderr
    assert "digest opml" in result.stderr and "--append" in result.stderr


def test_an_opml_list_on_the_web_is_fetched(tmp_path: Path, cli) -> None:
    from tests.conftest import serving

    web = tmp_path / "web"
    web.mkdir()
    (web / "blogroll.opml").write_bytes(OPML)
    with serving(web) as base:
        result = cli("opml", f"{base}blogroll.opml", "--append", cwd=tmp_path)
        missing = cli("opml", f"{base}nope.opml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "added 4 feeds" in result.stderr
    assert "# from blogroll.opml (digest opml)" in (tmp_path / "digest.toml").read_text()
    assert missing.returncode == 1 and "cannot fetch it" in missing.stderr


def test_a_deeply_nested_list_and_odd_titles_are_read() -> None:
    from digest.opml import sources_toml

    deep = (b"<opml><body>" + b'<outline text="f">' * 3000
            + b'<outline text="Odd\x7f name" xmlUrl="https://a.example/f"/>'
            + b"</outline>" * 3000 + b"</body></opml>")
    [feed] = read_opml(deep, "deep.opml")
    assert (feed.url, feed.category) == ("https://a.example/f", "f")
    assert 'name = "Odd  name"' in sources_toml([feed])  # no control character in TOML
