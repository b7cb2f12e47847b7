"""Template errors name the template file at fault, its line and what to do; `digest serve`
says what `digest build` says and shows a failed rebuild in the browser; settings mistakes
around templates, sources and the site's language are refused with their fix."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.build import BuildOptions, build
from digest.config import load_config
from digest.errors import DigestError
from digest.serve import Preview, ServeOptions

from .conftest import DEMO_NOW, ROOT

ARTICLE = (
    "---\ntitle: {title}\ndate: 2026-11-24T17:30:00Z\nsource: Invented Desk\n---\n\n"
    "An invented paragraph about a lighthouse keeper on an island that does not exist.\n"
)


def _project(tmp_path: Path, toml: str = "") -> Path:
    """A project of two invented Markdown articles, with an empty templates folder."""
    root = tmp_path / "proj"
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    for slug, title in (("a", "Invented Island Lights Its Lamp"),
                        ("b", "Invented Ferry Crosses The Bay")):
        (articles / f"{slug}.md").write_text(ARTICLE.format(title=title), "utf-8")
    (root / "templates").mkdir()
    (root / "digest.toml").write_text('[site]\ntitle = "Invented"\n' + toml, "utf-8")
    return root


def _build(root: Path, tmp_path: Path) -> None:
    build(load_config(root / "digest.toml"),
          BuildOptions(state_path=tmp_path / "s.sqlite", now=DEMO_NOW, offline=True))


def _failure(root: Path, tmp_path: Path) -> DigestError:
    with pytest.raises(DigestError) as caught:
        _build(root, tmp_path)
    return caught.value


def _builtin(name: str) -> str:
    return (ROOT / "templates" / name).read_text("utf-8")


# ------------------------------------------------------------------ template errors


def test_a_syntax_error_in_an_imported_template_names_that_file_and_line(tmp_path) -> None:
    root = _project(tmp_path)
    _build(root, tmp_path)
    before = (root / "site" / "index.html").read_bytes()
    macros = _builtin("_macros.html").splitlines(keepends=True)
    at = next(i for i, line in enumerate(macros) if "{{ s.title }}" in line)
    macros[at] = macros[at].replace("{{ s.title }}", "{{ s.title }", 1)
    (root / "templates" / "_macros.html").write_text("".join(macros), "utf-8")
    error = _failure(root, tmp_path)
    file = root / "templates" / "_macros.html"
    assert error.where == f"template _macros.html ({file}, line {at + 1})"
    assert "template syntax error: unexpected '}'" in error.problem
    assert "(while rendering index.html)" in error.problem  # the page, not the culprit
    assert "{{ s.title }<" in error.problem  # the line itself
    assert "}}" in error.fix
    assert (root / "site" / "index.html").read_bytes() == before  # the old site stays


def test_an_extended_template_not_found_says_where_it_looked(tmp_path) -> None:
    root = _project(tmp_path)
    page = '<!-- home -->\n{% extends "basee.html" %}\n'
    (root / "templates" / "index.html").write_text(page, "utf-8")
    error = _failure(root, tmp_path)
    assert error.where == f"template index.html ({root / 'templates' / 'index.html'}, line 2)"
    assert error.problem == (f"template not found: basee.html (looked in {root / 'templates'} "
                             "and the built-in theme)")
    assert "did you mean 'base.html'?" in error.fix


def test_a_missing_include_with_no_near_name_says_which_file_to_create(tmp_path) -> None:
    root = _project(tmp_path)
    (root / "templates" / "index.html").write_text('{% include "_weather.html" %}', "utf-8")
    error = _failure(root, tmp_path)
    assert "template not found: _weather.html" in error.problem
    assert str(root / "templates" / "_weather.html") in error.fix


def test_an_undefined_variable_is_named_with_its_line_and_the_names_given(tmp_path) -> None:
    root = _project(tmp_path)
    page = '{% extends "base.html" %}\n{% block content %}\n{{ storeis[0].title }}\n' \
           "{% endblock %}\n"
    (root / "templates" / "index.html").write_text(page, "utf-8")
    error = _failure(root, tmp_path)
    assert error.where.endswith(f"{root / 'templates' / 'index.html'}, line 3)")
    assert error.problem.startswith("'storeis' is undefined; the template is given: ")
    given = error.problem.split("given: ")[1].split(", ")
    assert {"site", "root", "path", "canonical"} <= set(given)
    assert given == sorted(given)


def test_an_error_in_an_included_template_is_blamed_on_it_not_the_page(tmp_path) -> None:
    root = _project(tmp_path)
    (root / "templates" / "index.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{% include "_card.html" %}'
        "{% endblock %}\n", "utf-8")
    (root / "templates" / "_card.html").write_text("<p>card</p>\n{{ 1 / 0 }}\n", "utf-8")
    error = _failure(root, tmp_path)
    assert error.where == f"template _card.html ({root / 'templates' / '_card.html'}, line 2)"
    assert "ZeroDivisionError" in error.problem and "while rendering index.html" in error.problem


def test_an_error_raised_in_a_built_in_template_names_it_as_built_in(tmp_path) -> None:
    """A user's _macros.html without the macro the built-in index.html imports: the line at
    fault is the built-in page's, named as such (its path inside digest is no help)."""
    root = _project(tmp_path)
    (root / "templates" / "_macros.html").write_text("{% macro other() %}{% endmacro %}\n",
                                                     "utf-8")
    error = _failure(root, tmp_path)
    line = next(n for n, text in enumerate(_builtin("index.html").splitlines(), 1)
                if "story_card(" in text)  # where the missing macro is called
    assert error.where == f"the built-in template index.html, line {line}"
    assert "does not export the requested name 'story_card'" in error.problem
    assert error.fix == "fix the template at that line"


def test_a_newsletter_template_error_names_its_file_and_line(tmp_path) -> None:
    from digest.newsletter import Issue, render_issue

    root = _project(tmp_path)
    (root / "templates" / "newsletter.txt").write_text(
        "{{ issue.title }}\n\n{{ issue.numbr }}\n", "utf-8")
    issue = Issue(number=1, date=datetime(2026, 11, 24, tzinfo=UTC), since=None,
                  title="Invented", site_url="https://news.example/", sections=())
    with pytest.raises(DigestError) as caught:
        render_issue(load_config(root / "digest.toml"), issue)
    file = root / "templates" / "newsletter.txt"
    assert caught.value.where == f"template newsletter.txt ({file}, line 3)"
    assert "has no attribute 'numbr'" in caught.value.problem


# ------------------------------------------------------------------ settings


def _refused(tmp_path: Path, toml: str) -> DigestError:
    root = _project(tmp_path, toml)
    with pytest.raises(DigestError) as caught:
        load_config(root / "digest.toml")
    return caught.value


def test_a_templates_folder_that_is_not_there_is_refused_with_the_fix(tmp_path) -> None:
    error = _refused(tmp_path, '[paths]\ntemplates = "mytheme"\n')
    assert error.where.endswith("digest.toml, line 4")
    assert f"folder not found: {tmp_path / 'proj' / 'mytheme'}" in error.problem
    assert "create it" in error.fix and "remove the line" in error.fix


def test_a_templates_path_naming_a_file_is_refused(tmp_path) -> None:
    root = _project(tmp_path, '[paths]\ntemplates = "theme.html"\n')
    (root / "theme.html").write_text("<p>x</p>", "utf-8")
    with pytest.raises(DigestError, match="is a file, not a folder"):
        load_config(root / "digest.toml")
    (root / "theme.html").unlink()
    (root / "theme.html").mkdir()  # a folder with any name is fine
    assert load_config(root / "digest.toml").templates_dir == root / "theme.html"


def test_an_unwritten_templates_folder_may_be_missing(tmp_path) -> None:
    root = _project(tmp_path)
    (root / "templates").rmdir()
    load_config(root / "digest.toml")  # the built-in theme, as before


def test_the_default_templates_folder_written_out_may_be_missing(tmp_path) -> None:
    """`templates = "templates"`, as the bundled digest.toml writes it (a copy of it is how
    many projects start), names where overrides go if any: its absence is no error."""
    root = _project(tmp_path, '[paths]\ntemplates = "templates"\n')
    (root / "templates").rmdir()
    assert load_config(root / "digest.toml").templates_dir == root / "templates"


@pytest.mark.parametrize(("written", "fix"), [
    ('"no"', "write true or false (no quotes): enabled = false"),
    ('"True"', "write true or false (no quotes): enabled = true"),
    ("1", "write true or false (no quotes): enabled = true"),
    ('"maybe"', "write true or false (no quotes)"),
])
def test_a_true_false_key_says_to_write_true_or_false(tmp_path, written, fix) -> None:
    error = _refused(tmp_path, f"[search]\nenabled = {written}\n")
    assert error.problem.startswith("search.enabled: must be true or false")
    assert error.fix == fix


def test_a_source_with_both_url_and_path_says_to_remove_one(tmp_path) -> None:
    error = _refused(tmp_path, '[[sources]]\nurl = "https://news.example/feed.xml"\n'
                               'path = "feeds/news.xml"\n')
    assert "has both url and path" in error.problem
    assert error.fix.startswith("remove one of them")


def test_a_source_path_naming_a_folder_says_it_is_a_folder(tmp_path) -> None:
    error = _refused(tmp_path, '[[sources]]\npath = "content"\n')
    assert error.problem == (f"sources[0].path: {(tmp_path / 'proj' / 'content').resolve()} "
                             "is a folder, not a feed file")
    assert "feeds/" in error.fix


@pytest.mark.parametrize(("written", "fix"), [
    ("english", 'write language = "en"'),
    ("en_GB", 'write language = "en-GB"'),
    ("pt_BR.UTF-8", 'write language = "pt-BR"'),
    ("klingonese", 'write a BCP 47 language tag: "en", "en-GB", "pt-BR", "zh-Hant"'),
    ("", 'write a BCP 47 language tag: "en", "en-GB", "pt-BR", "zh-Hant"'),
])
def test_a_language_that_is_not_a_bcp47_tag_is_refused(tmp_path, written, fix) -> None:
    error = _refused(tmp_path, f'language = "{written}"\n')
    assert error.problem == f"site.language: {written!r} is not a BCP 47 language tag"
    assert error.fix == fix


@pytest.mark.parametrize("tag", ["en", "en-GB", "pt-BR", "zh-Hant-TW", "es-419", "de-CH-1901"])
def test_bcp47_tags_are_accepted(tmp_path, tag) -> None:
    root = _project(tmp_path, f'language = "{tag}"\n')
    assert load_config(root / "digest.toml").site.language == tag


# ------------------------------------------------------------------ serve


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_serve_prints_what_build_prints_and_shows_a_failed_rebuild(tmp_path) -> None:
    root = _project(tmp_path)
    (root / "content" / "articles" / "bad.md").write_text(
        "---\ntitle: Bad: colon\n---\n\nInvented text.\n", "utf-8")
    (root / "content" / "feed").mkdir()
    (root / "content" / "feed" / "news.xml").write_text("<rss/>", "utf-8")
    said: list[str] = []
    options = ServeOptions(port=0, interval=60, build=BuildOptions(
        state_path=tmp_path / "s.sqlite", now=DEMO_NOW, offline=True))
    preview = Preview(root / "digest.toml", options, said.append)
    url = preview.start()
    try:
        assert any(line.startswith("problem: ") and "bad.md" in line for line in said), said
        assert any(line.startswith("note: ") and "news.xml" in line for line in said), said
        assert "1 of 3 inputs failed" in said[-1]
        status, page = _get(url)
        assert status == 200 and "digest-serve-error" not in page

        said.clear()
        (root / "templates" / "index.html").write_text("{{ nope }}\n", "utf-8")
        generation = preview.generation
        assert not preview.rebuild()
        assert preview.generation > generation  # the open page reloads, to show it
        status, page = _get(url)
        assert status == 200 and 'id="digest-serve-error"' in page
        assert "&#x27;nope&#x27; is undefined" in page  # escaped
        assert page.index("digest-serve-error") < page.index("</body>")
        status, css = _get(url.split("/", 3)[0] + "//" + url.split("/")[2]
                           + "/__digest__/error.css")
        assert status == 200 and "#digest-serve-error" in css
        assert "digest-serve-error" not in (root / "site" / "index.html").read_text("utf-8")

        (root / "templates" / "index.html").unlink()
        assert preview.rebuild()
        status, page = _get(url)
        assert "digest-serve-error" not in page
    finally:
        preview.stop()


def test_serve_with_no_site_yet_shows_the_error_page(tmp_path) -> None:
    root = _project(tmp_path)
    (root / "templates" / "index.html").write_text("{% if %}\n", "utf-8")
    options = ServeOptions(port=0, interval=60, build=BuildOptions(
        state_path=tmp_path / "s.sqlite", now=DEMO_NOW, offline=True))
    preview = Preview(root / "digest.toml", options)
    url = preview.start()
    try:
        status, page = _get(url)
        assert status == 404 and "template syntax error" in page
        assert "/__digest__/reload.js" in page  # and it reloads once fixed
    finally:
        preview.stop()


def test_a_template_that_is_not_utf8_is_named_not_a_traceback(tmp_path) -> None:
    """Saved in Latin-1, a user's template stopped the build with a UnicodeDecodeError from
    inside Jinja's loader, naming no file; it is named now, with the fix, and the old site
    stays."""
    root = _project(tmp_path)
    _build(root, tmp_path)
    before = (root / "site" / "index.html").read_bytes()
    page = root / "templates" / "index.html"
    page.write_bytes((_builtin("index.html") + "{# Caf\u00e9 #}\n").encode("latin-1"))
    error = _failure(root, tmp_path)
    assert error.where == str(page)
    assert "not UTF-8 text (byte 0xe9" in error.problem and "UTF-8" in error.fix
    assert (root / "site" / "index.html").read_bytes() == before
