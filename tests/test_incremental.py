"""Incremental builds: the parse cache and the reuse of unchanged files from the live build.

An incremental build (a state and a site from an earlier build) must produce exactly the
bytes a full build of the same input produces; files whose bytes did not change are carried
over from the previous build (same inode, so same mtime); a parse of an unchanged input file
is not repeated.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from digest.build import BuildOptions, build, prepare_articles
from digest.config import load_config
from digest.errors import DigestError
from digest.ingest import discover
from digest.store import Store
from digest.util import to_utc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402

NOW = to_utc("2026-11-25T00:00:00Z")


def files(site: Path) -> dict[str, bytes]:
    root = site.resolve()
    found = sorted(p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in found}


def stats(site: Path) -> dict[str, tuple[int, int]]:
    root = site.resolve()
    found = {}
    for p in root.rglob("*"):
        if p.is_file():
            s = p.stat()
            found[p.relative_to(root).as_posix()] = (s.st_ino, s.st_mtime_ns)
    return found


def new_article(folder: Path, name: str, title: str, day: str) -> None:
    (folder / "articles" / f"{name}.md").write_text(
        f'---\ntitle: "{title}"\ndate: {day}T08:00:00Z\ncategory: Technology\n'
        f"source: Bench Desk\nurl: https://desk.example/{name}\n---\n\n"
        f"Plain words about {title.lower()} for a test of incremental builds.\n",
        encoding="utf-8",
    )


@pytest.fixture
def setup(tmp_path: Path):
    content = tmp_path / "content"
    write_corpus(content, 60, seed=7)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "day.html").write_bytes((ROOT / "templates" / "day.html").read_bytes())
    text = (ROOT / "digest.toml").read_text(encoding="utf-8")
    lines = [
        f'templates = "{templates}"' if line.startswith("templates =") else line
        for line in text.splitlines()
    ]
    (tmp_path / "digest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path, load_config(tmp_path / "digest.toml"), content


def run(config, content: Path, out: Path, state: Path) -> None:
    build(config, BuildOptions(content_dir=content, output_dir=out, state_path=state, now=NOW))


def test_incremental_build_is_byte_identical_to_a_full_build(setup) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run(config, content, tmp / "site", state)
    before = stats(tmp / "site")
    new_article(content, "fresh-one", "Wren Opens A Quiet Harbour Lab", "2026-11-20")
    new_article(content, "fresh-two", "Sable Tests A Slow Tram Line", "2026-11-21")
    run(config, content, tmp / "site", state)  # incremental: old state, old site

    run(config, content, tmp / "full", tmp / "fresh.sqlite")  # full: nothing before
    incremental, full = files(tmp / "site"), files(tmp / "full")
    assert incremental.keys() == full.keys()
    assert [name for name in full if full[name] != incremental[name]] == []

    after = stats(tmp / "site")
    kept = [name for name in before if after.get(name) == before[name]]
    changed = [name for name in after if after[name] != before.get(name)]
    assert any(name.startswith("story/") for name in kept)  # old story pages carried over
    assert "index.html" in changed and "stories.json" in changed
    new_pages = [n for n in after if n.startswith("story/") and n not in before]
    assert len(new_pages) == 2


def test_no_change_rebuild_keeps_every_file_and_its_mtime(setup) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run(config, content, tmp / "site", state)
    before, first = stats(tmp / "site"), files(tmp / "site")
    live = (tmp / "site").resolve()
    # Nothing changed at all: the build stops early and leaves the site as it is.
    report = run_report(config, content, tmp / "site", state)
    assert report.unchanged and (tmp / "site").resolve() == live
    # A touched input (same bytes): a new build folder is made and published, and every
    # file in it is carried over from the live one.
    some = sorted((content / "articles").glob("*.md"))[0]
    os.utime(some, ns=(some.stat().st_atime_ns, some.stat().st_mtime_ns + 10**9))
    report = run_report(config, content, tmp / "site", state)
    assert not report.unchanged and report.rendered == 0
    assert (tmp / "site").resolve() != live  # a new build folder was published...
    assert live.exists()  # ...and the old one kept as the spare for the next build
    assert files(tmp / "site") == first
    assert stats(tmp / "site") == before  # same inode and mtime: nothing rewritten


def test_template_edit_rewrites_only_the_pages_that_use_it(setup) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run(config, content, tmp / "site", state)
    before = stats(tmp / "site")
    day = tmp / "templates" / "day.html"
    head, tail = day.read_text(encoding="utf-8").rsplit("{% endblock %}", 1)
    day.write_text(head + "<!-- edited day page -->\n{% endblock %}" + tail, encoding="utf-8")
    run(config, content, tmp / "site", state)
    after = stats(tmp / "site")
    assert after.keys() == before.keys()
    changed = sorted(name for name in after if after[name] != before[name])
    day_pages = sorted(
        name for name in after if name.startswith("archive/") and name != "archive/index.html"
    )
    assert len(day_pages) > 3
    assert changed == day_pages
    for name in changed:
        assert b"<!-- edited day page -->" in (tmp / "site" / name).read_bytes()


def test_an_unchanged_file_is_not_parsed_again(setup, monkeypatch) -> None:
    """The parse cache, under the prepared cache: with other [limits] (so every input is
    prepared again) an unchanged file is still not parsed again, and the articles are those
    of a build with no cache."""
    from dataclasses import replace

    tmp, config, content = setup
    inputs = discover(content)
    plain = prepare_articles(config, content)
    with Store(tmp / "state.sqlite") as store:
        first = prepare_articles(config, content, cache=store)
    assert first == plain

    def refuse(item, *_args, **_kwargs):  # every input is cached now: a parse would be a bug
        raise AssertionError(f"parsed again: {item.path}")

    capped = replace(config, limits=replace(config.limits, max_field_chars=40))
    monkeypatch.setattr("digest.cache.read_input", refuse)
    with Store(tmp / "state.sqlite") as store:
        again = prepare_articles(capped, content, cache=store)
    monkeypatch.undo()
    assert again == prepare_articles(capped, content)
    assert again != plain  # the new cap was applied to the cached parses

    # An edited file is parsed again (and only that one); the old entry is dropped.
    edited = sorted((content / "articles").glob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: New "))
    parsed: list[Path] = []
    from digest import cache as cache_module

    real = cache_module.read_input
    monkeypatch.setattr(
        "digest.cache.read_input",
        lambda item, *args, **kwargs: parsed.append(item.path) or real(item, *args, **kwargs),
    )
    with Store(tmp / "state.sqlite") as store:
        third, _problems, _inputs = prepare_articles(capped, content, cache=store)
    assert parsed == [edited]
    assert any(a.title.startswith("New ") for a in third)
    rows = sqlite3.connect(tmp / "state.sqlite").execute("SELECT COUNT(*) FROM parse_cache")
    assert rows.fetchone()[0] == len(inputs)


def _age(content: Path, seconds: float = 60) -> None:
    """Every input file last changed ``seconds`` ago (a file changed within three seconds of
    being hashed is hashed again next time: cache.RACY_NS)."""
    import time

    when = time.time() - seconds
    for path in content.rglob("*"):
        if path.is_file():
            os.utime(path, (when, when))


def test_inputs_named_another_way_are_not_read_again(setup, monkeypatch) -> None:
    """A build given the content folder relatively (from the project's folder) and one given
    it absolutely, or run from elsewhere, share the caches: nothing is read or parsed again,
    and articles and notices name each input as the build that asked for it does."""
    from dataclasses import replace

    tmp, config, content = setup
    capped = replace(config, limits=replace(config.limits, max_field_chars=40))  # notices
    for file in content.rglob("*.*"):  # written long before (else read again: RACY_NS)
        os.utime(file, (file.stat().st_atime - 3600, file.stat().st_mtime - 3600))
    monkeypatch.chdir(tmp)
    relative = Path(content.name)
    notices: list[str] = []
    with Store(tmp / "state.sqlite") as store:
        first, _p, _n = prepare_articles(capped, relative, notices=notices, cache=store)
    assert first and all(not Path(a.location).is_absolute() for a in first)
    assert notices and all(n.startswith(content.name) for n in notices)

    def refuse(path, *args, **kwargs):  # every input is in the caches: a read would be a bug
        raise AssertionError(f"read again: {path}")

    monkeypatch.setattr("digest.cache.read_file", refuse)
    monkeypatch.setattr("digest.cache.read_input", refuse)
    monkeypatch.chdir(tmp.parent)
    again_notices: list[str] = []
    with Store(tmp / "state.sqlite") as store:
        again, _p, _n = prepare_articles(capped, content, notices=again_notices, cache=store)
    monkeypatch.undo()
    assert [a.location for a in again] == [str(content / a.location.split("/", 1)[1])
                                           for a in first]
    assert again == prepare_articles(capped, content)[0]
    assert again_notices == sorted(n.replace(content.name, str(content), 1) for n in notices)


def test_an_unchanged_file_is_not_even_read(setup, monkeypatch) -> None:
    """The file-hash cache: an input whose size, times, inode and device are unchanged keeps
    its digest and is not read; a rewrite that keeps the size and mtime still changes the
    ctime and is read; --full (incremental off) reads every file."""
    from dataclasses import replace

    import digest.cache as cache_module

    tmp, config, content = setup
    _age(content)
    inputs = discover(content)
    with Store(tmp / "state.sqlite") as store:
        first = prepare_articles(config, content, cache=store)
        assert store.db.execute("SELECT COUNT(*) FROM file_hashes").fetchone()[0] == len(inputs)
    read: list[str] = []
    real = cache_module.read_file
    monkeypatch.setattr(cache_module, "read_file",
                        lambda path: read.append(str(path)) or real(path))
    with Store(tmp / "state.sqlite") as store:
        assert prepare_articles(config, content, cache=store) == first
    assert read == []

    # Same size, same mtime, other bytes: the ctime moved, so the file is read.
    edited = sorted((content / "articles").glob("*.md"))[0]
    before = edited.stat()
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("a", "e", 1), encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = edited.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    with Store(tmp / "state.sqlite") as store:
        again, _problems, _count = prepare_articles(config, content, cache=store)
    assert read == [str(edited)]
    assert again == prepare_articles(config, content)[0]

    read.clear()
    full = replace(config, build=replace(config.build, incremental=False))
    with Store(tmp / "state.sqlite") as store:
        prepare_articles(full, content, cache=store)
    assert sorted(read) == sorted(str(i.path) for i in inputs)


def test_a_file_changed_as_it_is_hashed_is_read_again(setup, monkeypatch) -> None:
    """Mutation check of the race guard: a file whose times are as recent as its hashing is
    not trusted by its times next time."""
    import digest.cache as cache_module

    tmp, config, content = setup
    _age(content)
    fresh = sorted((content / "articles").glob("*.md"))[1]
    os.utime(fresh)  # changed just now
    with Store(tmp / "state.sqlite") as store:
        prepare_articles(config, content, cache=store)
    read: list[str] = []
    real = cache_module.read_file
    monkeypatch.setattr(cache_module, "read_file",
                        lambda path: read.append(str(path)) or real(path))
    with Store(tmp / "state.sqlite") as store:
        prepare_articles(config, content, cache=store)
    assert read == [str(fresh)]


def test_a_broken_file_is_reported_every_time(setup) -> None:
    tmp, config, content = setup
    (content / "articles" / "broken.md").write_text("---\ntitle: [unclosed\n---\nx\n")
    for _ in range(2):
        with Store(tmp / "state.sqlite") as store:
            _articles, problems, _inputs = prepare_articles(config, content, cache=store)
        assert any("broken.md" in problem for problem in problems)
    assert os.path.exists(tmp / "state.sqlite")


def test_parallel_parsing_gives_the_same_articles(tmp_path: Path) -> None:
    """Inputs parsed and prepared in worker processes give what one process gives."""
    from dataclasses import replace

    content = tmp_path / "content"
    write_corpus(content, 400, seed=3)
    (content / "articles" / "broken.md").write_text("---\ntitle: x\n")  # never closed
    assert len(discover(content)) > 256  # enough for worker processes to start
    config = load_config(ROOT / "digest.toml")
    plain = prepare_articles(config, content)
    two = replace(config, build=replace(config.build, jobs=2))
    with Store(tmp_path / "state.sqlite") as store:
        parallel = prepare_articles(two, content, cache=store)
    assert parallel == plain
    assert len(plain[1]) == 1  # the broken file, reported once


def test_build_jobs_setting_is_checked(tmp_path: Path) -> None:
    (tmp_path / "digest.toml").write_text("[build]\njobs = -1\n", encoding="utf-8")
    with pytest.raises(DigestError, match="build.jobs"):
        load_config(tmp_path / "digest.toml")
    (tmp_path / "digest.toml").write_text("[build]\njobs = 3\n", encoding="utf-8")
    assert load_config(tmp_path / "digest.toml").build.jobs == 3


# ------------------------------------------------------------------ page keys: render less


LATER = to_utc("2026-11-25T00:00:01Z")  # another clock: the build is not skipped
HOUR_LATER = to_utc("2026-11-25T01:00:00Z")  # enough for other scores in stories.json


def run_report(config, content: Path, out: Path, state: Path, **options):
    options.setdefault("now", NOW)
    return build(
        config, BuildOptions(content_dir=content, output_dir=out, state_path=state, **options)
    )


def test_no_change_rebuild_renders_no_page(setup) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    first = run_report(config, content, tmp / "site", state)
    assert first.rendered > 60  # the first build renders every page
    again = run_report(config, content, tmp / "site", state)
    assert again.rendered == 0 and again.pages == first.pages
    forced = run_report(config, content, tmp / "site", state, full=True)
    assert forced.rendered == first.rendered  # --full renders every page again


def test_template_edit_renders_exactly_the_pages_that_use_it(setup) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run_report(config, content, tmp / "site", state)
    day = tmp / "templates" / "day.html"
    head, tail = day.read_text(encoding="utf-8").rsplit("{% endblock %}", 1)
    day.write_text(head + "<!-- edited again -->\n{% endblock %}" + tail, encoding="utf-8")
    report = run_report(config, content, tmp / "site", state)
    site = (tmp / "site").resolve()
    day_pages = [p for p in (site / "archive").glob("*/index.html")]
    assert report.rendered == len(day_pages) > 3


def _compiles(monkeypatch) -> tuple[list[str], list[str]]:
    """The templates Jinja compiles and those it parses (for page keys' references)."""
    from jinja2 import Environment

    compiled: list[str] = []
    parsed: list[str] = []
    compile_, parse = Environment.compile, Environment.parse

    def counting_compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    def counting_parse(self, source, name=None, filename=None):
        parsed.append(source[:40])
        return parse(self, source, name, filename)

    monkeypatch.setattr(Environment, "compile", counting_compile)
    monkeypatch.setattr(Environment, "parse", counting_parse)
    return compiled, parsed


def test_compiled_templates_are_kept_and_an_edited_one_is_compiled_again(
    setup, monkeypatch
) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    compiled, parsed = _compiles(monkeypatch)
    run_report(config, content, tmp / "site", state)
    assert {"story.html", "day.html", "base.html", "index.html"} <= set(compiled)
    assert parsed
    compiled.clear()
    parsed.clear()
    run_report(config, content, tmp / "site", state, now=LATER)  # a build that renders
    assert compiled == [] and parsed == []
    day = tmp / "templates" / "day.html"
    head, tail = day.read_text(encoding="utf-8").rsplit("{% endblock %}", 1)
    day.write_text(head + "<!-- kept code is not used -->\n{% endblock %}" + tail,
                   encoding="utf-8")
    report = run_report(config, content, tmp / "site", state, now=HOUR_LATER)
    assert compiled == ["day.html"] and len(parsed) == 1
    site = (tmp / "site").resolve()
    days = list((site / "archive").glob("*/index.html"))
    assert report.rendered == len(days) > 3
    assert all(b"kept code is not used" in page.read_bytes() for page in days)


def test_damaged_or_foreign_template_code_is_made_again(setup) -> None:
    """Entries that Jinja cannot load, references that do not parse and entries of another
    Jinja or rendering code: the build compiles and parses again, makes the same bytes and
    keeps only entries of its own."""
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run_report(config, content, tmp / "site", state)
    expected = files(tmp / "site")
    db = sqlite3.connect(state)
    kept = dict(db.execute("SELECT key, value FROM template_code"))
    assert any(":refs:" in k for k in kept) and any(":refs:" not in k for k in kept)
    prefix = next(k for k in kept if ":code:" in k).split("code:")[0]
    assert all(":code:" not in k or Path(k.split("|", 1)[1]).is_file() for k in kept)
    db.execute("UPDATE template_code SET value = x'00ff'")
    db.execute("INSERT INTO template_code VALUES ('0.0:feedface:refs:day.html', '{}')")
    db.execute("INSERT INTO template_code VALUES (?, x'00')",  # a template file since deleted
               (f"{prefix}code:gone.html|{tmp / 'templates' / 'gone.html'}",))
    db.commit()
    db.close()
    shutil.rmtree((tmp / "site").resolve())  # every page rendered, every template used
    (tmp / "site").unlink()
    run_report(config, content, tmp / "site", state, now=LATER)
    assert files(tmp / "site") == expected
    db = sqlite3.connect(state)
    assert dict(db.execute("SELECT key, value FROM template_code")) == kept
    db.close()


def test_new_article_renders_its_pages_not_every_story(setup) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    first = run_report(config, content, tmp / "site", state)
    stories = len(list((tmp / "site").resolve().glob("story/*/index.html")))
    new_article(content, "fresh-three", "Wren Opens A Quiet Harbour Lab", "2026-11-20")
    report = run_report(config, content, tmp / "site", state)
    # The new story's page, its day, its topic's pages, the home page, the archive, sources,
    # the feeds...: a handful, not the story pages (each only shows its own story).
    assert 1 <= report.rendered < first.rendered - stories + 1
    assert (tmp / "site" / "story").is_dir()


def test_keys_of_another_build_folder_are_not_used(setup) -> None:
    """A state whose keys describe a folder that is not the live build (a build killed after
    it recorded them, a site replaced by hand) renders every page."""
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    first = run_report(config, content, tmp / "site", state)
    with Store(state) as store:
        keys = dict(store.db.execute("SELECT path, key FROM page_keys"))
        store.record_page_keys("site-999:1", keys.items())
    again = run_report(config, content, tmp / "site", state, full=False, now=LATER)
    assert again.rendered == first.rendered


def test_a_page_missing_from_the_live_build_is_rendered(setup) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run_report(config, content, tmp / "site", state)
    site = (tmp / "site").resolve()
    victim = sorted(site.glob("story/*/index.html"))[0]
    expected = victim.read_bytes()
    victim.unlink()
    report = run_report(config, content, tmp / "site", state)
    assert report.rendered == 1
    assert (tmp / "site" / victim.relative_to(site)).read_bytes() == expected


def test_build_incremental_setting_is_checked(tmp_path: Path) -> None:
    (tmp_path / "digest.toml").write_text("[build]\nincremental = 1\n", encoding="utf-8")
    with pytest.raises(DigestError, match="build.incremental"):
        load_config(tmp_path / "digest.toml")
    (tmp_path / "digest.toml").write_text("[build]\nincremental = false\n", encoding="utf-8")
    assert load_config(tmp_path / "digest.toml").build.incremental is False


def test_encoder_depends_on_values_not_on_sharing() -> None:
    from markupsafe import Markup

    from digest.render.context import SourceLink
    from digest.render.keys import Encoder

    name = "Harbour " + "Desk"
    shared = (SourceLink(name, None), SourceLink(name, None))
    separate = (SourceLink("Harbour Desk", None), SourceLink("".join(["Harbour", " Desk"]), None))
    encoder = Encoder()
    assert encoder.digest(shared) == Encoder().digest(separate)
    assert encoder.digest({"a": 1, "b": (2,)}) == encoder.digest({"b": (2,), "a": 1})
    assert encoder.digest("<b>x</b>") != encoder.digest(Markup("<b>x</b>"))
    assert encoder.digest(("ab", "c")) != encoder.digest(("a", "bc"))
    assert encoder.digest((SourceLink("x", None),)) != encoder.digest((SourceLink("x", ""),))
    assert encoder.digest(1) != encoder.digest(1.0) != encoder.digest(True)


def _changed(value):
    """Another value of the same kind, for test_a_story_views_key_follows_every_field."""
    from datetime import timedelta

    from markupsafe import Markup

    from digest.render.context import Report, SourceLink

    if isinstance(value, Markup):
        return Markup(str(value) + "<p>more</p>")
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if value is None:
        return "set"
    if hasattr(value, "isoformat"):
        return value + timedelta(seconds=1)
    if isinstance(value, SourceLink):
        return SourceLink(value.name, (value.url or "") + "/other")
    if isinstance(value, Report):
        return Report(value.name, value.url, _changed(value.published))
    assert isinstance(value, tuple), value
    return (*value[:-1], _changed(value[-1])) if value else ("added",)


def test_a_story_views_key_follows_every_field(tmp_path: Path) -> None:
    """Page keys encode a story view's text by its text key, made when its primary article
    was prepared, and its links and reports in place: a change to any field, down to a
    report's date, changes the key; a view copied with ``replace`` gets its own text key."""
    from dataclasses import fields

    from digest.cache import prepare_plain
    from digest.model import Article, Story, make_text_key
    from digest.render.context import StoryView, story_view
    from digest.render.keys import Encoder

    config = load_config(ROOT / "digest.toml")
    raw = [
        Article(id=f"a{n}", origin="feed", location="feed.xml", title=f"Harbour pier {n}",
                source_name=f"Desk {n}", url=f"https://desk{n}.example/pier",
                summary="The pier reopens.", body_html="<p>The pier reopens today.</p>",
                published=NOW, author="A. Writer" if n else None, tags=("Technology",))
        for n in range(2)
    ]
    prepared, _notices = prepare_plain(raw, config.limits, None)
    for article in prepared:
        assert article.text_key == make_text_key(article), "made when prepared"
    story = Story(id="s1", slug="harbour-pier", primary=prepared[0], others=(prepared[1],),
                  first_seen=NOW, published=NOW, brief=("The pier reopens.",))
    view = story_view(story, config, {"other": "Other"})
    assert view.text_key == prepared[0].text_key == make_text_key(view)
    assert view.reports and view.others, "the links and reports are part of the test"

    encoder = Encoder(skip=frozenset({"score"}))
    before = encoder.dataclass_digest(view)
    for item in fields(StoryView):
        if not item.init:
            continue
        changed = replace(view, **{item.name: _changed(getattr(view, item.name))})
        after = Encoder(skip=frozenset({"score"})).dataclass_digest(changed)
        if item.name == "score":
            assert after == before, "the clock's field is left out of unscored keys"
        else:
            assert after != before, item.name
            assert changed.text_key == make_text_key(changed), item.name
    with pytest.raises(TypeError):  # "keyed_by" must name a field of the class
        from dataclasses import dataclass, field

        from digest.render.keys import _fields

        @dataclass
        class Broken:
            body: str = field(default="", metadata={"keyed_by": "missing"})

        _fields(Broken)


def test_library_versions_are_read_as_importlib_metadata_reads_them(tmp_path, monkeypatch) -> None:
    """The up-to-date check and the dedupe features name the libraries' versions read from
    the dist-info folder names: the same answers as importlib.metadata."""
    from importlib import metadata

    import digest.util as util
    from digest.uptodate import _LIBRARIES

    for name in (*_LIBRARIES, "digest", "pytest", "no-such-distribution"):
        try:
            expected: str | None = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected = None
        assert util.installed_version(name) == expected, name
    # an upgrade shows: the first folder on sys.path wins, as for the import system
    for folder, listing in (("a", ["Rensa-9.1.dist-info"]),
                            ("b", ["rensa-0.1.dist-info", "py_yaml-2.0-py3.11.egg-info"])):
        for entry in listing:
            (tmp_path / folder / entry).mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [str(tmp_path / "a"), str(tmp_path / "b")])
    monkeypatch.setattr(util, "_VERSIONS", None)
    assert util.installed_version("rensa") == "9.1"
    assert util.installed_version("Py-YAML") == "2.0"
    assert util.installed_version("numpy") is None


# ------------------------------------------------------------------ stage caches


def test_unchanged_inputs_are_not_cleaned_or_classified_again(setup, monkeypatch) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run(config, content, tmp / "site", state)
    first = files(tmp / "site")
    import digest.cache as cache_module

    cleaned: list[str] = []
    classified: list[str] = []
    real_clean, real_assign = cache_module.clean_all, cache_module.assign

    def counting_clean(articles, furniture=None):
        cleaned.extend(a.location for a in articles)
        return real_clean(articles, furniture)

    def counting_assign(articles, topics):
        classified.append(articles[0].title)
        return real_assign(articles, topics)

    monkeypatch.setattr(cache_module, "clean_all", counting_clean)
    monkeypatch.setattr(cache_module, "assign", counting_assign)
    run(config, content, tmp / "site", state)
    # Scraped dumps are cleaned every time (their furniture depends on the other dumps).
    assert [loc for loc in cleaned if not loc.endswith(".txt")] == []
    assert classified == []
    assert files(tmp / "site") == first

    # One edited article: only it is cleaned and classified again.
    edited = sorted((content / "articles").glob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: Edited "))
    run(config, content, tmp / "site", state)
    assert [loc for loc in cleaned if not loc.endswith(".txt")] == [str(edited)]
    assert len(classified) == 1 and classified[0].startswith("Edited ")
    with Store(state) as store:  # one entry per input and per story: stale ones dropped
        assert store.db.execute("SELECT COUNT(*) FROM prepared_cache").fetchone()[0] <= len(
            discover(content)
        )


def test_briefs_and_dedupe_features_are_kept_between_builds(setup, monkeypatch) -> None:
    """A new article: no other text is hashed for dedupe again and no other story's brief is
    made again; the site is the one a build without those caches makes."""
    import digest.cache as cache_module
    import digest.dedupe as dedupe

    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run(config, content, tmp / "site", state)
    with Store(state) as store:
        briefs = store.db.execute("SELECT COUNT(*) FROM brief_cache").fetchone()[0]
        features = store.db.execute("SELECT COUNT(*) FROM feature_cache").fetchone()[0]
    assert briefs > 0 and features > 50  # multi-source stories exist; one entry per text

    hashed: list[str] = []
    briefed: list[str] = []
    real_features, real_brief = dedupe.text_features, cache_module.make_brief

    def counting_features(texts, settings=dedupe.DEFAULTS):
        hashed.extend(texts)
        return real_features(texts, settings)

    def counting_brief(articles, limit=3):
        briefed.append(articles[0].title)
        return real_brief(articles, limit)

    monkeypatch.setattr(dedupe, "text_features", counting_features)
    monkeypatch.setattr(cache_module, "make_brief", counting_brief)
    new_article(content, "fresh-one", "Wren Opens A Quiet Harbour Lab", "2026-11-20")
    uncached = _without_caches(state, tmp / "uncached.sqlite")
    run(config, content, tmp / "site", state)
    assert len(hashed) == 1 and "quiet harbour lab" in hashed[0]
    assert briefed == []
    hashed.clear()
    run(config, content, tmp / "full", uncached)
    assert len(hashed) > 50 and len(briefed) == briefs
    assert files(tmp / "site") == files(tmp / "full")


def test_a_kept_brief_is_what_the_page_shows(setup) -> None:
    """Mutation check of the test above: a planted brief reaches the pages, so a kept brief
    really stands in for making it."""
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run(config, content, tmp / "site", state)
    with Store(state) as store, store.transaction() as db:
        db.execute("""UPDATE brief_cache SET value = '["A planted sentence stands here."]'""")
    new_article(content, "fresh-one", "Wren Opens A Quiet Harbour Lab", "2026-11-20")
    run(config, content, tmp / "site", state)
    shown = [n for n, b in files(tmp / "site").items() if b"A planted sentence" in b]
    assert any(n.startswith("story/") for n in shown)


def _without_caches(state: Path, copy: Path) -> Path:
    """A copy of ``state`` with every cache emptied: what a build without caches sees."""
    shutil.copyfile(state, copy)
    db = sqlite3.connect(copy)
    for table in ("parse_cache", "prepared_cache", "topic_cache", "page_keys", "feature_cache",
                  "brief_cache", "export_index", "template_code"):
        db.execute(f"DELETE FROM {table}")
    db.execute("DELETE FROM meta WHERE key = 'dedupe_groups'")
    db.commit()
    db.close()
    return copy


def test_changed_limits_or_topics_are_applied_to_cached_inputs(setup) -> None:
    """A build after a [limits] or [[topics]] change gives what a build without any cache
    gives from the same state (the state keeps story identities, so compare with that)."""
    from dataclasses import replace

    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run(config, content, tmp / "site", state)
    short = replace(config, limits=replace(config.limits, max_field_chars=12))
    plain = replace(short, topics=tuple(
        replace(t, keywords=(), weighted_keywords=(), aliases=()) for t in config.topics
    ))
    for number, changed in enumerate((short, plain)):
        uncached = _without_caches(state, tmp / f"uncached-{number}.sqlite")
        run(changed, content, tmp / "site", state)
        run(changed, content, tmp / f"full-{number}", uncached)
        assert files(tmp / "site") == files(tmp / f"full-{number}")
    titles = [a for a in files(tmp / "site") if a.startswith("story/")]
    assert titles


# ------------------------------------------------------------------ nothing changed at all


def test_the_recorded_site_is_the_one_a_reader_of_its_manifest_finds(setup) -> None:
    """The build records the live site's signature as its writer wrote the manifest; the
    up-to-date check reads the manifest and the files again: the two agree, and disagree
    once a file changes."""
    from digest.uptodate import site_signature

    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run_report(config, content, tmp / "site", state)
    db = sqlite3.connect(state)
    recorded = json.loads(
        db.execute("SELECT value FROM meta WHERE key = 'last_build'").fetchone()[0])["site"]
    db.close()
    assert recorded is not None and recorded == site_signature(tmp / "site")
    _append(sorted((tmp / "site").resolve().glob("story/*/index.html"))[0], b"<!-- x -->")
    assert site_signature(tmp / "site") != recorded


def test_a_build_is_skipped_only_when_nothing_changed(setup) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    first = run_report(config, content, tmp / "site", state)
    assert not first.unchanged

    def again(changed=config, **options):
        return run_report(changed, content, tmp / "site", state, **options)

    skipped = again()
    assert skipped.unchanged and skipped.stories == first.stories
    assert skipped.pages == first.pages and skipped.rendered == 0
    assert not again(full=True).unchanged  # --full always builds
    assert again().unchanged

    assert not again(now=LATER).unchanged  # another clock: other scores in stories.json
    assert again(now=LATER).unchanged
    assert not again().unchanged
    changes = {
        "new input": lambda: new_article(content, "late", "Wren Tests A Lamp", "2026-11-21"),
        "template": lambda: (tmp / "templates" / "day.html").write_text(
            (tmp / "templates" / "day.html").read_text() + "\n", encoding="utf-8"),
        "user static file": lambda: (tmp / "templates" / "static").mkdir() or (
            tmp / "templates" / "static" / "extra.css").write_text("p{}", encoding="utf-8"),
        "deleted input": lambda: sorted((content / "articles").glob("*.md"))[-1].unlink(),
        "site file removed": lambda: sorted(
            (tmp / "site").resolve().glob("story/*/index.html"))[0].unlink(),
        "site file edited in place": lambda: _append(
            sorted((tmp / "site").resolve().glob("story/*/index.html"))[-1], b"<!-- x -->"),
        "site file replaced, old mtime kept": lambda: _replace_keeping_mtime(
            (tmp / "site").resolve() / "index.html"),
        "file added deep in the site": lambda: (
            sorted((tmp / "site").resolve().glob("story/*/"))[0] / "extra.txt").write_text("x"),
        "folder added to the site": lambda: ((tmp / "site").resolve() / "story" / "x").mkdir(),
        "manifest removed": lambda: next(
            (tmp / ".digest-builds").glob(f".{(tmp / 'site').resolve().name}.files")).unlink(),
        "fetch state": lambda: _fake_fetch(state),
    }
    for what, change in changes.items():
        change()
        assert not again().unchanged, what
        assert again().unchanged, what  # and the build after it is skipped again
    from dataclasses import replace

    retitled = replace(config, site=replace(config.site, title="Another Title"))
    assert not again(retitled).unchanged
    assert again(retitled).unchanged


def _append(path: Path, data: bytes) -> None:
    with open(path, "ab") as out:
        out.write(data)


def _replace_keeping_mtime(path: Path) -> None:
    """Another file in its place (a new inode), with the folder's and the file's mtimes as
    they were: only the inode tells."""
    folder, status = os.stat(path.parent), os.stat(path)
    spare = path.with_name("spare")
    spare.write_bytes(path.read_bytes())
    os.utime(spare, ns=(status.st_atime_ns, status.st_mtime_ns))
    os.replace(spare, path)
    os.utime(path.parent, ns=(folder.st_atime_ns, folder.st_mtime_ns))


def _fake_fetch(state: Path) -> None:
    """What `digest fetch` leaves in the state: a source's health row."""
    with Store(state) as store, store.transaction() as db:
        db.execute("INSERT OR REPLACE INTO sources (key, failures) VALUES ('https://x.test/', 1)")


def test_a_skipped_build_reports_its_problems_again(setup) -> None:
    tmp, config, content = setup
    (content / "articles" / "broken.md").write_text("---\ntitle: [unclosed\n---\nx\n")
    state = tmp / "state.sqlite"
    first = run_report(config, content, tmp / "site", state)
    second = run_report(config, content, tmp / "site", state)
    assert second.unchanged
    assert second.problems == first.problems and any("broken.md" in p for p in first.problems)


# ------------------------------------------------------------------ recycled build folders


def test_recycled_build_folder_matches_a_full_build_and_spares_the_live_one(setup) -> None:
    """Each build goes into the build before the live one (renamed): after any sequence of
    changes (new, edited and deleted inputs, a template edit) its files are exactly a full
    build's, the live build's files are never written through, and two folders remain."""
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    builds = tmp / ".digest-builds"
    articles = sorted((content / "articles").glob("*.md"))
    steps = [
        lambda: None,
        lambda: new_article(content, "step-a", "Wren Opens A Quiet Harbour Lab", "2026-11-20"),
        lambda: articles[0].write_text(
            articles[0].read_text(encoding="utf-8").replace("title: ", "title: Changed "),
            encoding="utf-8"),
        lambda: articles[1].unlink(),
        lambda: (tmp / "templates" / "day.html").write_text(
            (tmp / "templates" / "day.html").read_text(encoding="utf-8") + "<!-- x -->\n",
            encoding="utf-8"),
        lambda: (content / "articles" / "step-a.md").unlink(),
    ]
    for number, step in enumerate(steps):
        step()
        live = (tmp / "site").resolve() if (tmp / "site").exists() else None
        live_files = files(tmp / "site") if live else {}
        run_report(config, content, tmp / "site", state, now=LATER if number % 2 else NOW)
        if live is not None:
            assert live.exists() and files(live) == live_files  # the spare: untouched
        fresh = tmp / f"fresh-{number}"
        uncached = _without_caches(state, tmp / f"fresh-{number}.sqlite")
        run_report(config, content, fresh, uncached, now=LATER if number % 2 else NOW)
        assert files(tmp / "site") == files(fresh), number
        assert subfolders(tmp / "site") == subfolders(fresh), number  # none left empty
        folders = sorted(p.name for p in builds.iterdir() if p.name.startswith("site-"))
        assert len(folders) <= 2, folders
    assert not any((tmp / "site").resolve().glob("story/*step-a*"))


def subfolders(site: Path) -> list[str]:
    root = site.resolve()
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def _spare(tmp: Path, config, content: Path, state: Path) -> Path:
    """Two builds, so that a spare build folder (the one the next build recycles) exists."""
    run_report(config, content, tmp / "site", state)
    run_report(config, content, tmp / "site", state, now=LATER)
    return next(p for p in (tmp / ".digest-builds").iterdir()
                if p.name.startswith("site-") and p != (tmp / "site").resolve())


def test_a_recycled_folder_with_a_file_where_a_folder_goes_is_mended(setup) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    spare = _spare(tmp, config, content, state)

    shutil.rmtree(spare / "archive")
    (spare / "archive").write_text("not a folder", encoding="utf-8")  # a file for a folder
    (spare / "stories.json").unlink()
    (spare / "stories.json").mkdir()  # a folder for a file
    (spare / "junk.html").write_text("stale", encoding="utf-8")
    run_report(config, content, tmp / "site", state)
    run_report(config, content, tmp / "full", tmp / "fresh.sqlite")
    assert files(tmp / "site") == files(tmp / "full")


def test_parallel_build_gives_the_same_site(tmp_path: Path) -> None:
    """Inputs parsed and prepared in worker processes (--jobs 2) build the same site as one
    process does, and leave the same caches behind."""
    content = tmp_path / "content"
    write_corpus(content, 400, seed=5)
    (content / "articles" / "broken.md").write_text("---\ntitle: x\n")  # never closed
    config = load_config(ROOT / "digest.toml")
    reports = []
    for jobs in (1, 2):
        reports.append(build(config, BuildOptions(
            content_dir=content, output_dir=tmp_path / f"site-{jobs}", now=NOW, jobs=jobs,
            state_path=tmp_path / f"state-{jobs}.sqlite",
        )))
    assert len(discover(content)) > 256  # enough for worker processes to start
    assert files(tmp_path / "site-1") == files(tmp_path / "site-2")
    assert reports[0].problems == reports[1].problems and len(reports[0].problems) == 1
    counts = []
    for jobs in (1, 2):
        db = sqlite3.connect(tmp_path / f"state-{jobs}.sqlite")
        counts.append([db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                       for t in ("parse_cache", "prepared_cache", "topic_cache")])
    assert counts[0] == counts[1] and min(counts[0]) > 0


def test_a_symlink_planted_in_the_spare_is_never_written_through(setup) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    spare = _spare(tmp, config, content, state)

    outside = tmp / "outside"
    outside.mkdir()
    shutil.rmtree(spare / "archive")
    (spare / "archive").symlink_to(outside, target_is_directory=True)
    (spare / "stories.json").unlink()
    (spare / "stories.json").symlink_to(outside / "stolen.json")
    run_report(config, content, tmp / "site", state)
    assert list(outside.iterdir()) == []
    run_report(config, content, tmp / "full", tmp / "fresh.sqlite")
    assert files(tmp / "site") == files(tmp / "full")


def test_a_clock_change_renders_only_pages_that_print_a_score(setup) -> None:
    """Ranking scores change with the clock; the default templates never print them, so a
    later build of the same input renders no page (stories.json still gets the new scores),
    and its output is still exactly an uncached build's."""
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run_report(config, content, tmp / "site", state)
    before, inodes = files(tmp / "site"), stats(tmp / "site")
    uncached = _without_caches(state, tmp / "uncached.sqlite")
    report = run_report(config, content, tmp / "site", state, now=HOUR_LATER)
    assert report.rendered == 0  # no page, and the search index (counted when made) not made again
    after = files(tmp / "site")
    assert [n for n in after if after[n] != before.get(n)] == ["stories.json"]
    assert stats(tmp / "site")["search-index.js"] == inodes["search-index.js"]
    run_report(config, content, tmp / "full", uncached, now=HOUR_LATER)
    assert after == files(tmp / "full")

    # A user's story template that prints the score: its pages follow the clock.
    story = (ROOT / "templates" / "story.html").read_text(encoding="utf-8")
    head, tail = story.rsplit("{% endblock %}", 1)
    (tmp / "templates" / "story.html").write_text(
        head + '<p class="score">{{ "%.6f"|format(story.score) }}</p>\n{% endblock %}' + tail,
        encoding="utf-8",
    )
    run_report(config, content, tmp / "site", state, now=HOUR_LATER)
    later = run_report(config, content, tmp / "site", state, now=NOW)
    stories = len(list((tmp / "site").resolve().glob("story/*/index.html")))
    assert later.rendered >= stories > 0
    uncached = _without_caches(state, tmp / "uncached-2.sqlite")
    run_report(config, content, tmp / "full-2", uncached, now=NOW)
    assert files(tmp / "site") == files(tmp / "full-2")


def test_a_broken_user_template_is_reported_not_crashed_on(setup) -> None:
    """A template with a syntax error (whose references page keys cannot read, so they fall
    back to every template, static images included) gets digest's own clear error."""
    tmp, config, content = setup
    static = tmp / "templates" / "static"
    static.mkdir()
    (static / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00binary")
    run_report(config, content, tmp / "site", tmp / "state.sqlite")
    (tmp / "templates" / "day.html").write_text("{% block content %}{% if %}", encoding="utf-8")
    with pytest.raises(DigestError, match="day.html"):
        run_report(config, content, tmp / "site", tmp / "state.sqlite", now=LATER)


def test_new_stories_leave_the_numbered_topic_and_day_pages_as_they_were(
    setup, monkeypatch
) -> None:
    """Numbered topic pages hold the oldest stories and day pages name their neighbours
    without their stories: a build with a new story renders neither again (their page keys
    are unchanged), carries their files over (same inode and mtime), and still equals a
    full build."""
    from digest.render.site import SiteRenderer

    tmp, config, content = setup
    config = replace(config, site=replace(config.site, page_size=4))
    state = tmp / "state.sqlite"
    run(config, content, tmp / "site", state)
    before = stats(tmp / "site")
    numbered = [n for n in before if n.startswith("topics/technology/page/")]
    days = [n for n in before if n.startswith("archive/2")]
    assert len(numbered) >= 3 and len(days) >= 3
    rendered: list[str] = []
    render = SiteRenderer._render

    def spy(self, template, root, path, context):
        rendered.append(path)
        return render(self, template, root, path, context)

    monkeypatch.setattr(SiteRenderer, "_render", spy)  # 60 stories: rendered in this process
    day = max(n.split("/")[1] for n in days)  # the newest day: it gets one more story
    new_article(content, "fresh-one", "Wren Opens A Quiet Harbour Lab", day)
    run(config, content, tmp / "site", state)
    after = stats(tmp / "site")
    again = [p for p in rendered if p.startswith(("topics/technology/page/", "archive/2"))]
    assert again == [f"archive/{day}/"], again
    assert "topics/technology/" in rendered and any(p.startswith("story/") for p in rendered)
    assert all(after[n] == before[n] for n in numbered)
    assert all(after[n] == before[n] for n in days if not n.startswith(f"archive/{day}/"))
    run(config, content, tmp / "full", tmp / "fresh.sqlite")
    assert files(tmp / "site") == files(tmp / "full")


def test_exports_encode_only_new_and_changed_stories(setup, monkeypatch) -> None:
    """The search index and stories.json copy the records of unchanged stories from the live
    build's files (digest/render/exports.py): a new story, an edited one and a moved clock
    make only two records again, and the files are those of a full build."""
    from digest.render.exports import ExportWriter

    tmp, config, content = setup
    state = tmp / "state.sqlite"
    run_report(config, content, tmp / "site", state, jobs=1)
    writers: list[ExportWriter] = []
    original = ExportWriter.chunks

    def chunks(self):
        writers.append(self)
        return original(self)

    monkeypatch.setattr(ExportWriter, "chunks", chunks)
    new_article(content, "fresh-four", "Wren Opens A Quiet Harbour Lab", "2026-11-20")
    edited = sorted((content / "articles").glob("*.md"))[5]
    edited.write_text(
        edited.read_text(encoding="utf-8").replace('title: "', 'title: "Edited: ', 1),
        encoding="utf-8",
    )
    run_report(config, content, tmp / "site", state, jobs=1, now=HOUR_LATER)
    assert {w.form.name: w.encoded for w in writers} == {"search": 2, "stories": 2}

    # The same build with nothing trusted (--full, a copy of the state: the edited story
    # keeps its address) encodes every record, to the same bytes.
    shutil.copy(state, tmp / "copy.sqlite")
    writers.clear()
    run_report(config, content, tmp / "full", tmp / "copy.sqlite", jobs=1, now=HOUR_LATER,
               full=True)
    stories = len(json.loads(files(tmp / "full")["stories.json"]))
    assert [w.encoded for w in writers] == [stories, stories]
    incremental, full = files(tmp / "site"), files(tmp / "full")
    for name in ("search-index.js", "stories.json"):
        assert incremental[name] == full[name], name
    assert b"Edited: " in incremental["search-index.js"]


@pytest.fixture
def walked(monkeypatch) -> list[str]:
    """The folders the slow sweep of a recycled folder reads (SiteWriter._remove_stale)."""
    from digest.output import SiteWriter

    found: list[str] = []
    original = SiteWriter._remove_stale

    def spy(self, folder=None, prefix=""):
        found.append(prefix)
        return original(self, folder, prefix)

    monkeypatch.setattr(SiteWriter, "_remove_stale", spy)
    return found


def test_a_spare_its_manifest_describes_is_swept_without_reading_its_folders(
    setup, walked
) -> None:
    """A build folder's manifest (its files, each folder's mtime) lets the build that
    recycles it remove what it did not write without a scandir of every folder; a file
    planted in the spare since (its folder's mtime moved) sends the sweep the slow way.
    Either way the site is exactly a full build's."""
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    _spare(tmp, config, content, state)
    sorted((content / "articles").glob("*.md"))[3].unlink()  # its story folder goes
    new_article(content, "fresh-five", "Wren Opens A Quiet Harbour Lab", "2026-11-20")
    run_report(config, content, tmp / "site", state)
    assert walked == []  # the manifest described the spare: no folder was read
    run_report(config, content, tmp / "full", tmp / "fresh.sqlite")
    assert files(tmp / "site") == files(tmp / "full")
    assert subfolders(tmp / "site") == subfolders(tmp / "full")  # none left empty

    live = (tmp / "site").resolve()
    spare = next(p for p in (tmp / ".digest-builds").iterdir()
                 if p.name.startswith("site-") and p != live)
    story = sorted((spare / "story").iterdir())[0]
    (story / "junk.html").write_text("planted", encoding="utf-8")
    (spare / "story" / "empty-junk").mkdir()
    run_report(config, content, tmp / "site", state, now=LATER)
    assert walked  # the planted file moved its folder's mtime: the slow sweep ran
    uncached = _without_caches(state, tmp / "uncached.sqlite")  # the same stories, no caches
    run_report(config, content, tmp / "full-later", uncached, now=LATER)
    assert files(tmp / "site") == files(tmp / "full-later")
    assert subfolders(tmp / "site") == subfolders(tmp / "full-later")
    manifests = sorted(p.name for p in (tmp / ".digest-builds").iterdir()
                       if p.name.endswith(".files"))
    folders = sorted(p.name for p in (tmp / ".digest-builds").iterdir() if p.is_dir())
    assert manifests == [f".{name}.files" for name in folders]  # one each, none left over


def test_a_manifest_cut_short_or_a_full_build_reads_every_folder(setup, walked) -> None:
    tmp, config, content = setup
    state = tmp / "state.sqlite"
    spare = _spare(tmp, config, content, state)
    manifest = spare.parent / f".{spare.name}.files"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    assert lines[-1].startswith("end ")
    manifest.write_text("\n".join(lines[:-3]) + "\n", encoding="utf-8")  # killed mid-write
    (spare / "junk.html").write_text("planted", encoding="utf-8")
    os.utime(spare, ns=(os.stat(spare).st_atime_ns, int(lines[1].split()[1])))  # mtime back
    run_report(config, content, tmp / "site", state)
    assert walked  # the manifest was cut short: not trusted
    assert not any((tmp / "site").resolve().glob("junk.html"))

    walked.clear()
    run_report(config, content, tmp / "site", state, now=LATER)  # a good manifest: trusted
    assert walked == []
    run_report(config, content, tmp / "site", state, full=True)  # --full trusts none
    assert walked


def test_articles_pickle_by_their_fields_and_refuse_other_fields(setup) -> None:
    """The caches pickle articles as their field values in order (Article.__reduce__): every
    field comes back; a pickle made with other fields is refused, not read into the wrong
    fields."""
    import pickle

    from digest.model import ARTICLE_FIELDS, Article

    tmp, config, content = setup
    articles, _problems, _inputs = prepare_articles(config, content)
    assert len(articles) > 50
    for article in articles:
        back = pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(back) is Article and back.__dict__ == article.__dict__
    assert "text_key" in ARTICLE_FIELDS and all(a.text_key for a in articles)
    blob = pickle.dumps(articles[0], protocol=pickle.HIGHEST_PROTOCOL)
    with pytest.raises(ValueError, match="other fields"):
        pickle.loads(blob.replace(b"site_names", b"site_namez"))


@pytest.mark.parametrize("wanted", [3, 180])
def test_a_cache_table_reads_the_same_by_scan_or_by_key(tmp_path: Path, wanted: int) -> None:
    """``_load`` reads a table in one scan when most of its rows are wanted, else by key:
    either way the wanted rows and no others, without the damaged ones."""
    import pickle

    from digest.cache import _load

    with Store(tmp_path / "state.sqlite") as store:
        with store.transaction() as db:
            db.executemany(
                "INSERT INTO prepared_cache (key, value) VALUES (?, ?)",
                [(f"k{i}", b"damaged" if i % 7 == 0 else pickle.dumps(("value", i)))
                 for i in range(200)],
            )
        keys = {f"k{i}" for i in range(1, wanted + 1)} | {"absent"}
        found = _load(store, "prepared_cache", keys)
    expected = {k: ("value", int(k[1:])) for k in keys if k != "absent" and int(k[1:]) % 7}
    assert found == expected and len(found) > 2


def test_a_build_says_how_many_inputs_it_parses_and_how_far_it_got(setup, monkeypatch) -> None:
    """Progress for long work: the build names how many inputs need parsing (all of them
    at first, only the changed one after an edit, none when nothing changed), and a parse
    that takes long says how far it got (here every round, as if each took long)."""
    import digest.parallel
    import digest.util

    tmp, config, content = setup
    state = tmp / "state.sqlite"
    said: list[str] = []
    monkeypatch.setattr(digest.util, "PROGRESS_EVERY", 0.0)  # as if every step took long
    monkeypatch.setattr(digest.parallel, "PROGRESS_STEP", 10)
    build(config, BuildOptions(content_dir=content, output_dir=tmp / "site", state_path=state,
                               now=NOW), said.append)
    inputs = len(discover(content, config.sources))
    assert f"parsing {inputs:,} new or changed inputs of {inputs:,}" in said
    steps = [line for line in said if line.startswith("parsed ")]
    assert steps[0] == f"parsed 10 of {inputs} inputs ({1000 // inputs}%)"
    assert len(steps) == (inputs - 1) // 10  # every 10, not the last
    assert any(line.startswith("finding duplicates and topics among ") for line in said)

    said.clear()
    new_article(content, "fresh-one", "Wren Opens A Quiet Harbour Lab", "2026-11-20")
    build(config, BuildOptions(content_dir=content, output_dir=tmp / "site", state_path=state,
                               now=NOW + timedelta(hours=1)), said.append)
    assert f"parsing 1 new or changed inputs of {inputs + 1:,}" in said
    assert not any(line.startswith("parsed ") for line in said)  # the last item: no line

    said.clear()
    build(config, BuildOptions(content_dir=content, output_dir=tmp / "site", state_path=state,
                               now=NOW + timedelta(hours=2)), said.append)
    assert said and not any("parsing" in line for line in said)


def test_progress_counts_every_item_once_in_one_process_and_in_workers() -> None:
    from digest.parallel import PROGRESS_STEP, parallel_map
    from digest.util import Ticker

    items = list(range(3 * PROGRESS_STEP + 5))
    for jobs in (1, 2):
        told: list[int] = []
        assert parallel_map(str, items, jobs, on_done=told.append) == [str(i) for i in items]
        assert sum(told) == len(items) and all(0 < k <= max(PROGRESS_STEP, 8192) for k in told)
    lines: list[str] = []
    ticker = Ticker(lines.append, "parsed", 10, "inputs", every=0.0)
    for _ in range(10):
        ticker.add(1)
    assert lines[0] == "parsed 1 of 10 inputs (10%)" and lines[-1] == "parsed 9 of 10 inputs (90%)"
    quiet: list[str] = []
    slow = Ticker(quiet.append, "parsed", 10, "inputs", every=3600.0)
    slow.add(5)
    assert quiet == []


def test_a_site_rendered_in_rounds_says_how_far_it_got(setup, monkeypatch) -> None:
    """A large site renders its pages in rounds of workers; between rounds the build says
    how many pages are done (here rounds of 16 pages, as if each took long)."""
    import digest.parallel
    import digest.util

    tmp, config, content = setup
    monkeypatch.setattr(digest.util, "PROGRESS_EVERY", 0.0)
    monkeypatch.setattr(digest.parallel, "ROUND_ITEMS", 16)
    said: list[str] = []
    build(config, BuildOptions(content_dir=content, output_dir=tmp / "site",
                               state_path=tmp / "state.sqlite", now=NOW), said.append)
    steps = [line for line in said if line.startswith("rendered ")]
    assert steps, said
    total = int(steps[0].split(" of ")[1].split()[0].replace(",", ""))
    done = [int(line.split()[1].replace(",", "")) for line in steps]
    assert done == list(range(16, total, 16))  # every round but the last
    assert all(line.endswith(f"pages ({100 * n // total}%)") for line, n in
               zip(steps, done, strict=True))


_BUILD_AND_LIST_READERS = """
import sys
from pathlib import Path
from digest.build import BuildOptions, build
from digest.config import load_config
from digest.util import to_utc
work = Path(sys.argv[1])
report = build(load_config(work / "digest.toml"), BuildOptions(
    content_dir=work / "content", output_dir=work / "site", state_path=work / "state.sqlite",
    now=to_utc("2026-11-25T00:00:00Z"), offline=True, jobs=1))
print(report.stories, *sorted(m for m in ("feedparser", "lxml.html", "markdown_it")
                              if m in sys.modules))
"""


def test_a_rebuild_imports_only_the_readers_of_what_it_parses(setup) -> None:
    """A scheduled rebuild that finds new Markdown files only does not import the feed and
    page readers (feedparser, lxml: about 0.05 s of every rebuild); a changed feed does."""
    import subprocess

    work, _config, content = setup
    (content / "pages").mkdir()
    (content / "pages" / "saved.html").write_text(
        "<!doctype html><html><head><title>Harbour cranes go electric - Port Daily</title>"
        "</head><body><article><h1>Harbour cranes go electric</h1><p>The port authority "
        "swapped its diesel cranes for electric ones over the winter, and the first month "
        "of figures shows the change paid for itself faster than planned.</p></article>"
        "</body></html>", encoding="utf-8")

    def rebuild() -> list[str]:
        out = subprocess.run([sys.executable, "-c", _BUILD_AND_LIST_READERS, str(work)],
                             capture_output=True, text=True, check=True, timeout=300)
        return out.stdout.split()

    first = rebuild()  # every kind parsed
    assert first[1:] == ["feedparser", "lxml.html", "markdown_it"]
    new_article(content, "late-news", "Tram line extended", "2026-11-24")
    second = rebuild()
    assert int(second[0]) == int(first[0]) + 1  # the new article was read
    assert second[1:] == ["markdown_it"]
    feed = next((content / "feeds").iterdir())
    feed.write_bytes(feed.read_bytes() + b"\n")  # the same items, other bytes
    assert rebuild()[1:] == ["feedparser", "markdown_it"]


@pytest.mark.parametrize("stage", ["read", "clean"])
def test_a_failure_of_digests_own_costs_one_input_not_the_build(setup, monkeypatch,
                                                                stage: str) -> None:
    """A bug on an input nobody foresaw (here made to happen on one file, in the reader or
    in the cleaner) is reported with the file, as a bug to report; the other inputs are read
    and the site is built."""
    from digest import cache as cache_module
    from digest.ingest import markdown as markdown_module

    tmp, config, content = setup
    victim = sorted((content / "articles").glob("*.md"))[3]
    if stage == "read":
        real = markdown_module.parse_markdown_file

        def parse(path, source=None):
            if Path(path).name == victim.name:
                raise RecursionError("maximum recursion depth exceeded")
            return real(path, source)

        monkeypatch.setattr(markdown_module, "parse_markdown_file", parse)
    else:
        real = cache_module.prepare_plain

        def prepare(raw, limits, furniture):
            if any(Path(a.location).name == victim.name for a in raw):
                raise IndexError("list index out of range")
            return real(raw, limits, furniture)

        monkeypatch.setattr(cache_module, "prepare_plain", prepare)
    config = replace(config, build=replace(config.build, jobs=1))
    report = build(config, BuildOptions(content_dir=content, output_dir=tmp / "site",
                                        state_path=tmp / "state.sqlite", now=NOW))
    [problem] = report.problems
    assert problem.startswith(str(victim)) and f"digest failed to {stage} this file" in problem
    assert "a bug in digest" in problem
    assert report.stories >= len(discover(content)) - 10  # the others were built
    assert (tmp / "site" / "index.html").is_file()
