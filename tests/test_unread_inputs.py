"""Files a build does not read because they sit outside the content folder's four kind
folders (a Hugo site's content/posts/, Markdown at the top) are named in a note, not
silently left out; files about the folder (README) are not."""

from __future__ import annotations

from pathlib import Path

POST = "---\ntitle: A post about rollup fees\n---\n\nRollup fees fell by half this week.\n"


def test_markdown_outside_articles_is_named_not_silently_skipped(tmp_path: Path, cli) -> None:
    content = tmp_path / "content"
    (content / "posts" / "bundle").mkdir(parents=True)
    (content / "articles").mkdir()
    (content / "posts" / "a.md").write_text(POST)
    (content / "posts" / "bundle" / "index.md").write_text(POST)
    (content / "_posts").mkdir()
    (content / "_posts" / "2026-11-28-fees.md").write_text(POST)
    (content / "_drafts").mkdir()
    (content / "_drafts" / "draft.md").write_text(POST)  # meant to be left out: no note
    (content / "top.xml").write_text("<rss/>")
    (content / "README.md").write_text("# What this folder is\n")
    (content / "articles" / "read.md").write_text(POST.replace("A post", "Another post"))
    (content / "scraped").mkdir()
    (content / "scraped" / "saved.html").write_text("<html></html>")  # a page in scraped/
    result = cli("build", "-q", "--content", str(content), "--out", str(tmp_path / "site"),
                 "--state", str(tmp_path / "s.sqlite"), "--now", "2026-11-24T18:00:00Z")
    assert result.returncode == 0, result.stderr
    [note] = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    # every file named, each kind sent to its own folder: the feed to feeds/, the saved
    # page out of scraped/ into pages/, the Markdown into articles/
    assert note.startswith("note: 5 files not read")
    assert f"move feeds into {content / 'feeds'}/ ({content / 'top.xml'})" in note
    assert f"into {content / 'pages'}/ ({content / 'scraped' / 'saved.html'})" in note
    for name in ("posts/a.md", "posts/bundle/index.md", "_posts/2026-11-28-fees.md"):
        assert str(content / name) in note
    assert f"into {content / 'articles'}/" in note and "[[sources]] path" in note
    assert "README" not in note
    # the article in articles/ is read as before
    assert len(list((tmp_path / "site" / "story").iterdir())) == 1


def test_a_content_folder_in_the_usual_shape_gets_no_note(tmp_path: Path, cli) -> None:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "a.md").write_text(POST)
    (content / "README.md").write_text("# notes\n")
    (content / "about.md").write_text("# About\n\nThis digest.\n")  # the about page
    result = cli("build", "-q", "--content", str(content), "--out", str(tmp_path / "site"),
                 "--state", str(tmp_path / "s.sqlite"), "--now", "2026-11-24T18:00:00Z")
    assert result.returncode == 0 and "note:" not in result.stderr, result.stderr
