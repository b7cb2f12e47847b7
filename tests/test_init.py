"""``digest init``: a new project a newcomer can build at once, and never an overwrite.

The command runs as a real subprocess into temporary folders; the project it makes is then
built with ``digest build --offline`` from inside it, as the printed next steps say."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from digest.config import DEFAULT_TOPICS, NewsletterConfig, PathsConfig, SiteConfig, load_config
from digest.errors import DigestError
from digest.init import IGNORED, SAMPLE, empty_content_note, init_project

TREE = ("digest.toml", ".gitignore", "content/README.md", f"content/{SAMPLE}",
        "content/feeds/.gitkeep", "content/scraped/.gitkeep", "content/pages/.gitkeep")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_makes_a_project_that_builds_with_the_sample_story(tmp_path: Path, cli) -> None:
    made = cli("init", "harbour-news", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    project = tmp_path / "harbour-news"
    assert sorted(_files(project)) == sorted(TREE)
    # what it made, then the next two commands and how to preview
    for path in ("digest.toml", ".gitignore", f"content/{SAMPLE}", "content/feeds/",
                 "content/pages/"):
        assert path in made.stdout
    lines = made.stdout.splitlines()
    at = lines.index("Next:")
    assert lines[at + 1:at + 3] == ["  cd harbour-news", "  digest build"]
    assert "digest serve" in made.stdout and "site/index.html" in made.stdout

    built = cli("build", "--offline", cwd=project)
    assert built.returncode == 0, built.stderr
    assert "problem:" not in built.stderr and "not read" not in built.stderr  # README skipped
    stories = json.loads((project / "site" / "stories.json").read_text(encoding="utf-8"))
    assert [s["title"] for s in stories] == [
        "Welcome: This Example Story Shows Your Digest Works"
    ]
    assert stories[0]["sources"][0]["name"] == "Harbour News"  # the site's own article
    page = project / "site" / urlsplit(stories[0]["page"]).path.strip("/") / "index.html"
    assert page.is_file()
    assert "delete it once your own news is in" in page.read_text(encoding="utf-8").lower()


def test_the_settings_file_loads_as_the_defaults(tmp_path: Path) -> None:
    """The written digest.toml changes nothing but the title: every value it shows is the
    real default, so it cannot drift from what digest does without it."""
    init_project(tmp_path / "harbour-news")
    path = tmp_path / "harbour-news" / "digest.toml"
    config = load_config(path)
    assert config.site == SiteConfig(title="Harbour News")
    assert config.paths == PathsConfig()
    assert config.newsletter == NewsletterConfig()
    assert config.topics == DEFAULT_TOPICS and config.sources == ()
    assert config.warnings == ()
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^(# )?\[(\[topics\]\]|topics\.keywords\])", text, re.M)
    assert "DeFi, Blockchain" in text  # the built-in topics are named, not repeated
    assert "docs/topics.md" in text and "before publishing" in text
    keys = set(re.findall(r"^(?:# )?([a-z_]+) = ", text, re.M))
    for kind in (SiteConfig, PathsConfig, NewsletterConfig):
        for spec in dataclasses.fields(kind):
            assert ("from" if spec.name == "sender" else spec.name) in keys, spec.name


def test_every_commented_example_is_valid_when_uncommented(tmp_path: Path) -> None:
    """A newcomer turns a section on by deleting the "# " of its lines: each must load."""
    init_project(tmp_path / "p")
    path = tmp_path / "p" / "digest.toml"
    (tmp_path / "p" / "templates").mkdir()  # "make it first", as its comment says
    text = path.read_text(encoding="utf-8")
    on = re.sub(r"^# (?=\[\[?[a-z]+\]\]?$|[a-z_]+ = )", "", text, flags=re.M)
    assert on.count("\n[") == text.count("\n[") + 2  # [[sources]] and [newsletter]
    path.write_text(on, encoding="utf-8")
    config = load_config(path)
    assert [s.location for s in config.sources] == ["https://news.example/feed.xml"]
    assert config.site.cname == "news.example.org"
    assert config.newsletter.sender == "P <digest@example.org>"
    assert config.newsletter.list_id == "news.example.org"


@pytest.mark.parametrize(("name", "title"), [
    ('it\'s "odd" news', 'It\'s "odd" News'), ("back\\slash_news", "Back\\slash News"),
    ("harbour-news.example", "Harbour News Example"), ("2026", SiteConfig.title),
])
def test_any_folder_name_makes_a_loadable_title(tmp_path: Path, name: str, title: str) -> None:
    init_project(tmp_path / name)
    assert load_config(tmp_path / name / "digest.toml").site.title == title


def test_an_existing_settings_file_is_refused_and_nothing_written(
    tmp_path: Path, cli
) -> None:
    (tmp_path / "digest.toml").write_text('[site]\ntitle = "Mine"\n', encoding="utf-8")
    result = cli("init", cwd=tmp_path)
    assert result.returncode == 1
    assert str(tmp_path / "digest.toml") in result.stderr
    assert "never overwrites" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert _files(tmp_path) == {"digest.toml": b'[site]\ntitle = "Mine"\n'}


def test_a_content_folder_with_files_is_refused(tmp_path: Path, cli) -> None:
    mine = tmp_path / "news" / "content" / "articles" / "mine.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ntitle: Mine\n---\nText.\n", encoding="utf-8")
    result = cli("init", "news", cwd=tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path / 'news' / 'content'}/ (not empty)" in result.stderr
    assert "empty folder" in result.stderr
    assert not (tmp_path / "news" / "digest.toml").exists()


def test_an_empty_content_folder_is_no_obstacle(tmp_path: Path, cli) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / ".DS_Store").write_bytes(b"\0")
    assert cli("init", cwd=tmp_path).returncode == 0
    assert (tmp_path / "content" / SAMPLE).is_file()


def test_force_writes_only_the_missing_files(tmp_path: Path, cli) -> None:
    settings = b'[site]\ntitle = "Mine"\n'
    (tmp_path / "digest.toml").write_bytes(settings)
    mine = tmp_path / "content" / "articles" / "mine.md"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"---\ntitle: Mine\n---\nText.\n")
    (tmp_path / ".gitignore").write_bytes(b"node_modules/\n.digest\nsite/")  # no final \\n
    result = cli("init", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "digest.toml").read_bytes() == settings
    assert mine.read_bytes() == b"---\ntitle: Mine\n---\nText.\n"
    assert not (tmp_path / "content" / SAMPLE).exists()  # their content needs no example
    assert (tmp_path / "content" / "feeds").is_dir()
    assert "kept" in result.stdout
    ignore = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ignore[:3] == ["node_modules/", ".digest", "site/"]  # theirs, unchanged
    # ".digest" covers the state; "site/" matches folders only, not the site's symbolic link
    assert ignore[4:] == ["/site", "/.digest-builds/"]


def test_force_on_a_made_project_changes_nothing(tmp_path: Path, cli) -> None:
    assert cli("init", "p", cwd=tmp_path).returncode == 0
    before = _files(tmp_path / "p")
    again = cli("init", "p", "--force", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert _files(tmp_path / "p") == before
    assert (tmp_path / "p" / ".gitignore").read_text(encoding="utf-8").count("/.digest/") == 1


def test_init_here_prints_no_cd(tmp_path: Path, cli) -> None:
    folder = tmp_path / "my-news"
    folder.mkdir()
    result = cli("init", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "in this folder" in result.stdout and "  cd " not in result.stdout
    assert load_config(folder / "digest.toml").site.title == "My News"


def test_a_file_in_the_way_is_an_error_not_a_traceback(tmp_path: Path, cli) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    as_folder = cli("init", "afile", cwd=tmp_path)
    assert as_folder.returncode == 1 and "is a file, not a folder" in as_folder.stderr
    below = cli("init", "afile/news", cwd=tmp_path)  # mkdir fails: NotADirectoryError
    assert below.returncode == 1 and "cannot write" in below.stderr
    assert "Traceback" not in below.stderr
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "content").write_text("x", encoding="utf-8")
    forced = cli("init", "p", "--force", cwd=tmp_path)
    assert forced.returncode == 1 and "content" in forced.stderr
    assert not (tmp_path / "p" / "digest.toml").exists()


def test_config_is_a_usage_error(tmp_path: Path, cli) -> None:
    result = cli("--config", "other.toml", "init", "p", cwd=tmp_path)
    assert result.returncode == 2 and "digest init p" in result.stderr
    assert not (tmp_path / "p").exists()


def test_help_teaches(cli) -> None:
    top = cli("--help")
    assert re.search(r"^\s+init\s+start your own digest", top.stdout, re.M)
    result = cli("init", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for words in ("examples:", "digest init my-news", "--force", "Nothing is ever overwritten",
                  "digest build"):
        assert words in text, words


def test_init_project_returns_what_it_made(tmp_path: Path) -> None:
    made = dict(init_project(tmp_path / "p"))
    assert made["digest.toml"].startswith("the settings")
    assert "kept" not in " ".join(made.values())
    with pytest.raises(DigestError, match="already holds a project"):
        init_project(tmp_path / "p")
    assert all(v.startswith("kept") for k, v in init_project(tmp_path / "p", force=True)
               if not k.endswith("/"))
    assert IGNORED == ("/site", "/.digest-builds/", "/.digest/")


def test_empty_content_note_says_where_each_kind_of_file_goes(tmp_path: Path) -> None:
    note = empty_content_note(tmp_path / "content")
    for folder, kind in (("feeds", "JSON Feed"), ("articles", "Markdown"),
                         ("scraped", "text dumps"), ("pages", "saved web pages")):
        assert re.search(rf"{kind}[^,;]* in {re.escape(str(tmp_path))}/content/{folder}/",
                         note), folder
    assert "[[sources]]" in note


def test_a_build_that_finds_nothing_to_read_says_where_files_go(tmp_path: Path, cli) -> None:
    """An empty content folder built: not a silent "Built 0 stories" but a note naming the
    folder of each kind of file."""
    (tmp_path / "content").mkdir()
    result = cli("build", "-q", "--offline", "--content", str(tmp_path / "content"),
                 "--out", str(tmp_path / "site"), "--state", str(tmp_path / "s.sqlite"),
                 "--now", "2026-11-24T18:00:00Z", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [note] = [line for line in result.stderr.splitlines() if line.startswith("note: nothing")]
    for folder in ("feeds", "articles", "scraped", "pages"):
        assert f"{tmp_path / 'content' / folder}/" in note
    assert "init --config" not in cli("init", "--help").stdout
