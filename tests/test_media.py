"""Pictures beside Markdown articles (page bundles, Obsidian attachments) are copied into the
site's media/ folder, named after their bytes, and shown by the story page (a relative
address) and the feeds (the site's address). A picture that is missing, outside the content
folder, not what its name says or an SVG is left out with a note naming the file; nothing
else of the build changes. Real builds into temporary folders; pictures made here."""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from digest.build import BuildOptions, build
from digest.clean import clean_article
from digest.config import load_config
from digest.ingest.feeds import parse_feed_bytes
from digest.ingest.markdown import local_src, parse_markdown_file, render_markdown
from digest.media import LOCAL
from digest.util import to_utc

ROOT = Path(__file__).resolve().parent.parent
NOW = to_utc("2026-11-29T00:00:00Z")


def png(colour: tuple[int, int, int] = (200, 30, 30), width: int = 2) -> bytes:
    """A real PNG of one colour, ``width`` pixels wide and two high."""
    raw = b"".join(b"\x00" + bytes(colour) * width for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, 2, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def name_of(data: bytes, suffix: str = ".png") -> str:
    return hashlib.blake2b(data, digest_size=10).hexdigest() + suffix


def post(folder: Path, text: str, title: str = "Vault fees fell in November") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "index.md"
    path.write_text(f"---\ntitle: {title}\ndate: 2026-11-28T10:00:00Z\n---\n\n{text}",
                    encoding="utf-8")
    return path


def run(tmp: Path, content: Path, out: str = "site", state: str = "state.sqlite",
        notes: list[str] | None = None, now=NOW):
    """A build of ``content`` with the bundled digest.toml into ``tmp / out``."""
    config = load_config(ROOT / "digest.toml")
    return build(config, BuildOptions(content_dir=content, output_dir=tmp / out,
                                      state_path=tmp / state, now=now,
                                      on_notice=(notes.append if notes is not None else None)))


def files(site: Path) -> dict[str, bytes]:
    root = site.resolve()
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def story_page(site: Path, slug_start: str) -> Path:
    [page] = [p for p in (site / "story").glob(f"{slug_start}*/index.html")]
    return page


def shown_pictures(page: Path) -> list[Path]:
    """Each <img> of the page's body, as the file its relative address opens."""
    html = page.read_text(encoding="utf-8")
    body = html[html.index('class="body"'):]
    return [(page.parent / src).resolve() for src in re.findall(r'<img src="([^"]+)"', body)]


@pytest.mark.parametrize(("src", "marked"), [
    ("chart.png", "chart.png"),
    ("img/Chart%20one.JPG", "img/Chart%20one.JPG"),
    ("./chart.webp?v=2#top", "./chart.webp"),
    ("../shared/logo.gif", "../shared/logo.gif"),
    ("diagram.svg", "diagram.svg"),
    ("/images/chart.png", "/images/chart.png"),  # from the site's root (Hugo's static/)
    ("https://img.example/chart.png", None),
    ("//img.example/chart.png", None),
    ("data:image/png;base64,iVBORw0KGgo=", None),
    ("c:\\pictures\\chart.png", None),
    ("notes.pdf", None),
    ("#chart.png", None),
    ("", None),
])
def test_which_addresses_are_pictures_beside_the_file(src: str, marked: str | None) -> None:
    assert local_src(src) == (None if marked is None else LOCAL + marked)


def test_every_way_markdown_shows_a_picture_is_marked_to_be_copied() -> None:
    html = render_markdown(
        "![A chart](chart.png)\n\n<img src='raw.jpg' alt='raw'>\n\n"
        "![[vault.png|400]] and ![[Another note]]\n\n"
        '{{< figure src="fig.webp" caption="Fees by month." >}}\n\n'
        "![web](https://img.example/w.png)\n")
    assert f'src="{LOCAL}chart.png"' in html and f'src="{LOCAL}raw.jpg"' in html
    assert f'src="{LOCAL}vault.png"' in html and f'src="{LOCAL}fig.webp"' in html
    assert "Fees by month." in html and 'src="https://img.example/w.png"' in html
    assert "Another note" not in html  # an embedded note, whose text is not here


def test_the_mark_survives_the_clean_stage_even_with_the_posts_original_address(
    tmp_path: Path,
) -> None:
    path = post(tmp_path / "post", "Fees fell.\n\n![chart](chart.png)\n")
    text = path.read_text(encoding="utf-8").replace(
        "title:", "url: https://origin.example/posts/fees/\ntitle:")
    path.write_text(text, encoding="utf-8")
    article = parse_markdown_file(path)
    assert article is not None
    cleaned = clean_article(article)  # resolved against url, a relative picture would move
    assert f'<img src="{LOCAL}chart.png" alt="chart">' in cleaned.body_html


def test_a_page_bundles_picture_is_copied_and_shown_by_page_and_feeds(tmp_path: Path) -> None:
    content = tmp_path / "content"
    picture = png()
    post(content / "articles" / "fees", "Vault fees fell for a third month.\n\n"
         "![Fees by month](chart.png)\n\nThe report came out on Friday.\n")
    (content / "articles" / "fees" / "chart.png").write_bytes(picture)
    run(tmp_path, content)
    site = tmp_path / "site"
    name = name_of(picture)
    assert (site / "media" / name).read_bytes() == picture
    page = story_page(site, "vault-fees-fell")
    assert shown_pictures(page) == [(site / "media" / name).resolve()]
    assert 'alt="Fees by month"' in page.read_text(encoding="utf-8")
    base = load_config(ROOT / "digest.toml").site.base_url
    for feed in ("feed.xml", "atom.xml"):
        assert f"{base}media/{name}" in (site / feed).read_text(encoding="utf-8")
    items = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    assert any(f'src="{base}media/{name}"' in item["content_html"] for item in items)
    everything = b"".join(files(site).values())
    assert b"digest.invalid" not in everything


def test_pictures_named_from_the_sites_root_are_found_in_the_content_folder(
    tmp_path: Path,
) -> None:
    """Hugo and Jekyll posts name shared pictures from the site's root ("/images/x.png",
    kept in Hugo's static/). They are looked up in the content folder, then its static/
    folder; the lead picture of the front matter too. Before, they were dropped unsaid."""
    content = tmp_path / "content"
    chart, cover = png(), png((20, 90, 200))
    post(content / "articles" / "fees", "Vault fees fell for a third month.\n\n"
         "![Fees by month](/images/chart.png)\n\nThe report came out on Friday.\n")
    path = post(content / "articles" / "cover", "Bridge volumes doubled in a week.\n",
                title="Bridge volumes doubled")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title:", "image: /static-only/cover.png\ntitle:"), encoding="utf-8")
    (content / "images").mkdir(parents=True)
    (content / "images" / "chart.png").write_bytes(chart)
    (content / "static" / "static-only").mkdir(parents=True)
    (content / "static" / "static-only" / "cover.png").write_bytes(cover)
    notes: list[str] = []
    run(tmp_path, content, notes=notes)
    site = tmp_path / "site"
    assert notes == []
    page = story_page(site, "vault-fees-fell")
    assert shown_pictures(page) == [(site / "media" / name_of(chart)).resolve()]
    assert (site / "media" / name_of(cover)).read_bytes() == cover
    lead = story_page(site, "bridge-volumes").read_text(encoding="utf-8")
    assert f"media/{name_of(cover)}" in lead  # the lead picture


def test_a_root_picture_the_content_folder_lacks_is_shown_from_the_posts_own_site(
    tmp_path: Path,
) -> None:
    """A post that names its original address shows a root picture it does not have from
    that site, as the original page does; a post without one leaves it out with a note
    saying where it was looked for."""
    content = tmp_path / "content"
    kept = post(content / "articles" / "kept", "Vault fees fell for a third month.\n\n"
                "![chart](/images/chart.png)\n\nThe report came out on Friday.\n")
    kept.write_text(kept.read_text(encoding="utf-8").replace(
        "title:", "url: https://origin.example/posts/fees/\ntitle:"), encoding="utf-8")
    post(content / "articles" / "lost", "Bridge volumes doubled in a week.\n\n"
         "![chart](/images/volumes.png)\n\nThe bridge team gave no reason.\n",
         title="Bridge volumes doubled")
    notes: list[str] = []
    run(tmp_path, content, notes=notes)
    site = tmp_path / "site"
    html = story_page(site, "vault-fees-fell").read_text(encoding="utf-8")
    assert '<img src="https://origin.example/images/chart.png" alt="chart">' in html
    lost = story_page(site, "bridge-volumes").read_text(encoding="utf-8")
    assert "volumes.png" not in lost and "The bridge team gave no reason." in lost
    [note] = notes
    assert "picture '/images/volumes.png' was not found in the content folder" in note
    assert "static/" in note and str(content / "articles" / "lost" / "index.md") in note
    assert not (site / "media").exists()


def test_pictures_that_cannot_be_shown_are_left_out_with_a_note_saying_why(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    folder = content / "articles" / "fees"
    post(folder, "Vault fees fell for a third month.\n\n![fake](fake.png)\n\n"
         "![missing](gone.jpg) ![up](../../../secret.png)\n\n![d](diagram.svg)\n\n"
         "The report came out on Friday.\n")
    (folder / "fake.png").write_bytes(b"<html><script>alert(1)</script></html>")
    (folder / "diagram.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.png").write_bytes(png())
    notes: list[str] = []
    report = run(tmp_path, content, notes=notes)
    assert report.problems == [] and report.stories == 1
    said = "\n".join(notes)
    where = str(folder / "index.md")
    for picture, why in [("fake.png", "is not a PNG picture"), ("gone.jpg", "was not found"),
                         ("../../../secret.png", "is outside the content folder"),
                         ("diagram.svg", "is an SVG")]:
        assert re.search(rf"{re.escape(where)}: picture '{re.escape(picture)}' {why}", said)
    site = tmp_path / "site"
    assert not (site / "media").exists()
    html = story_page(site, "vault-fees-fell").read_text(encoding="utf-8")
    body = html[html.index('class="body"'):]
    assert "<img" not in body.split("</div>")[0] and "<p>  </p>" not in body
    assert "The report came out on Friday." in body
    assert b"digest.invalid" not in b"".join(files(site).values())


def test_a_forged_mark_in_a_posts_raw_html_is_left_out_not_a_crash(tmp_path: Path) -> None:
    """Raw HTML in a post can write the mark itself, with a name no file can have (a NUL):
    that picture is left out with a note, and the build goes on (a NUL in a path raised
    ValueError out of the build)."""
    content = tmp_path / "content"
    post(content / "articles" / "fees", "Vault fees fell for a third month.\n\n"
         f'<img src="{LOCAL}a%00b.png" alt="x">\n\n<img src="{LOCAL}../../../../etc/x.png">\n')
    notes: list[str] = []
    report = run(tmp_path, content, notes=notes)
    assert report.stories == 1 and report.problems == []
    assert any("is no file name" in n for n in notes)
    assert b"digest.invalid" not in b"".join(files(tmp_path / "site").values())


def test_a_feed_item_cannot_reach_files_through_the_mark(tmp_path: Path) -> None:
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Chain Wire</title>'
            f"<link>https://wire.example/</link><item><title>Bridge paused after exploit</title>"
            f"<link>https://wire.example/a</link><pubDate>Fri, 27 Nov 2026 10:00:00 GMT</pubDate>"
            f"<description>&lt;p&gt;The bridge was paused on Friday.&lt;/p&gt;&lt;img src=&quot;"
            f"{LOCAL}../../digest.toml.png&quot;&gt;&lt;img src=&quot;https://digest.invalid/"
            f"media/0.png&quot;&gt;</description></item></channel></rss>").encode()
    content = tmp_path / "content"
    (content / "feeds").mkdir(parents=True)
    (content / "feeds" / "wire.xml").write_bytes(feed)
    assert parse_feed_bytes(feed, "wire.xml")  # the feed reads
    (tmp_path / "digest.toml.png").write_bytes(png())
    run(tmp_path, content)
    site = tmp_path / "site"
    assert not (site / "media").exists()
    assert b"digest.invalid" not in b"".join(files(site).values())
    assert "The bridge was paused on Friday." in story_page(site, "bridge-paused").read_text(
        encoding="utf-8")


def test_an_edited_picture_gets_a_new_name_and_the_rebuild_equals_a_full_build(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    folder = content / "articles" / "fees"
    post(folder, "Vault fees fell for a third month.\n\n![chart](chart.png)\n")
    post(content / "articles" / "other", "A plain note with no picture at all.\n",
         title="Council meets on Tuesday")
    first, second = png((200, 30, 30)), png((30, 30, 200))
    (folder / "chart.png").write_bytes(first)
    run(tmp_path, content)
    site = tmp_path / "site"
    other = story_page(site, "council-meets")
    kept = other.stat().st_ino
    assert sorted(p.name for p in (site / "media").iterdir()) == [name_of(first)]

    (folder / "chart.png").write_bytes(second)  # only the picture changes
    report = run(tmp_path, content)
    assert not report.unchanged
    assert sorted(p.name for p in (site / "media").iterdir()) == [name_of(second)]
    assert shown_pictures(story_page(site, "vault-fees-fell")) == [
        (site / "media" / name_of(second)).resolve()]
    assert story_page(site, "council-meets").stat().st_ino == kept  # carried over

    run(tmp_path, content, out="full", state="fresh.sqlite")
    assert files(site) == files(tmp_path / "full")


def test_one_picture_shared_by_two_posts_is_copied_once(tmp_path: Path) -> None:
    content = tmp_path / "content"
    picture = png((10, 120, 10))
    for name, title in [("a", "Harbour lab opens in spring"), ("b", "Tram line tested at night")]:
        post(content / "articles" / name, f"Words about {title.lower()}.\n\n![p](p.png)\n",
             title=title)
        (content / "articles" / name / "p.png").write_bytes(picture)
    run(tmp_path, content)
    media = tmp_path / "site" / "media"
    assert [p.name for p in media.iterdir()] == [name_of(picture)]
    assert os.path.getsize(media / name_of(picture)) == len(picture)


def test_every_page_bundle_is_a_story_of_its_own(tmp_path: Path) -> None:
    """Every bundle's text is an index.md: the folder names the post (its id was made from
    the file's name alone, so the second bundle read was dropped as a repeat of the first)."""
    content = tmp_path / "content"
    for name, title in [("harbour", "Harbour lab opens in spring"),
                        ("tram", "Tram line tested at night"),
                        ("vote", "Council vote moves to Thursday")]:
        post(content / "articles" / name, f"Words about {title.lower()}.\n", title=title)
    notes: list[str] = []
    report = run(tmp_path, content, notes=notes)
    assert report.articles == 3 and report.stories == 3
    assert not [n for n in notes if "also read from an earlier input" in n]
    articles = [parse_markdown_file(content / "articles" / n / "index.md")
                for n in ("harbour", "tram")]
    assert articles[0] is not None and articles[1] is not None
    assert articles[0].id != articles[1].id


def test_an_unchanged_picture_is_not_read_again_and_keeps_its_file(tmp_path: Path) -> None:
    """The state keeps each picture's name by its path and file times: a rebuild names an
    unchanged picture without opening it (Python's audit hook sees every open), links the
    live build's copy (same inode), and reads an edited one again."""
    content = tmp_path / "content"
    folder = content / "articles" / "fees"
    post(folder, "Vault fees fell for a third month.\n\n![chart](chart.png)\n")
    picture = folder / "chart.png"
    picture.write_bytes(png())
    old = 10**9 * 1_700_000_000  # well before the build: its times can be trusted
    os.utime(picture, ns=(old, old))
    run(tmp_path, content)
    copied = tmp_path / "site" / "media" / name_of(png())
    inode = copied.stat().st_ino
    from digest.store import Store
    with Store(tmp_path / "state.sqlite") as store:
        assert [n for _, n in store.picture_names().values()] == [name_of(png())]

    (folder / "index.md").write_text((folder / "index.md").read_text() + "\nOne more line.\n")
    with opened_files() as opened:
        run(tmp_path, content)
    assert str(picture.resolve()) not in opened and opened  # other files were opened
    assert copied.stat().st_ino == inode  # the live build's file, linked
    page = story_page(tmp_path / "site", "vault-fees-fell")
    assert "One more line." in page.read_text(encoding="utf-8")
    assert shown_pictures(page) == [copied.resolve()]

    picture.write_bytes(png((0, 0, 0)))  # edited: read again, a new name
    os.utime(picture, ns=(old + 10**9, old + 10**9))
    with opened_files() as opened:
        run(tmp_path, content)
    assert str(picture.resolve()) in opened
    assert [p.name for p in (tmp_path / "site" / "media").iterdir()] == [
        name_of(png((0, 0, 0)))]


_AUDITING: list[list[str]] = []


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _AUDITING and isinstance(args[0], str):
        _AUDITING[-1].append(os.path.realpath(args[0]))


@contextmanager
def opened_files() -> Iterator[list[str]]:
    """The real path of every file this process opens in the block (an audit hook, added
    once: hooks cannot be removed)."""
    if not getattr(opened_files, "hooked", False):
        sys.addaudithook(_audit)
        opened_files.hooked = True  # type: ignore[attr-defined]
    _AUDITING.append([])
    try:
        yield _AUDITING[-1]
    finally:
        _AUDITING.pop()


def test_a_post_that_names_no_source_is_credited_to_the_site(tmp_path: Path) -> None:
    """A hand-written article with no ``source:`` is the site's own: credited to its
    [site] title (it was credited to a made-up "Editor"), on the site and by digest clean."""
    content = tmp_path / "content"
    post(content / "articles" / "own", "A note from the desk on this week's votes.\n",
         title="Three Votes To Watch This Week")
    run(tmp_path, content)
    title = load_config(ROOT / "digest.toml").site.title
    stories = json.loads((tmp_path / "site" / "stories.json").read_text(encoding="utf-8"))
    [story] = stories["stories"] if isinstance(stories, dict) else stories
    assert [s["name"] for s in story["sources"]] == [title]
    from .conftest import run_cli

    done = run_cli("clean", str(content / "articles" / "own" / "index.md"), cwd=ROOT)
    assert json.loads(done.stdout)[0]["source_name"] == title


def test_the_copied_picture_loads_in_a_browser_under_a_sub_path(tmp_path: Path, browser) -> None:
    """Served as GitHub Pages serves a project site (http://127.0.0.1:PORT/repo/), the story
    page's picture loads (its pixels decoded: naturalWidth), and a wide one fits a phone."""
    from .conftest import serving

    content = tmp_path / "content"
    post(content / "articles" / "fees", "Vault fees fell for a third month.\n\n"
         "![Fees by month](chart.png)\n\n![Wide](wide.png)\n")
    (content / "articles" / "fees" / "chart.png").write_bytes(png())
    (content / "articles" / "fees" / "wide.png").write_bytes(png((16, 128, 16), width=2000))
    served = tmp_path / "served"
    with serving(served) as root:
        base = root + "repo/"
        config = load_config(ROOT / "digest.toml")
        config = replace(config, site=replace(config.site, base_url=base))
        build(config, BuildOptions(content_dir=content, output_dir=served / "repo",
                                   state_path=tmp_path / "state.sqlite", now=NOW))
        page_path = story_page(served / "repo", "vault-fees-fell").relative_to(served / "repo")
        page = browser.new_page(viewport={"width": 375, "height": 800})
        response = page.goto(base + page_path.parent.as_posix() + "/")
        assert response is not None and response.status == 200
        page.wait_for_load_state("load")
        shown = page.eval_on_selector_all(
            ".body img", "els => els.map(e => [e.alt, e.complete, e.naturalWidth, "
                         "e.getBoundingClientRect().width])")
        page.close()
    assert [(alt, done, width) for alt, done, width, _ in shown] == [
        ("Fees by month", True, 2), ("Wide", True, 2000)]
    assert shown[1][3] <= 375
