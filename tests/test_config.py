"""digest.toml validation: every mistake is one clear error naming the key (and line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.config import DEFAULT_TOPICS, load_config
from digest.errors import DigestError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "digest.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_config_loads(repo_root: Path) -> None:
    config = load_config(repo_root / "digest.toml")
    assert [t.slug for t in config.topics] == ["defi", "blockchain", "technology"]
    assert config.site.base_url.endswith("/")
    assert config.content_dir == repo_root / "content"


def test_no_config_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(None, root=tmp_path)
    assert config.path is None
    assert config.topics == DEFAULT_TOPICS


def test_unknown_key_is_named_with_line_and_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, '[site]\ntitle = "x"\ntitel = "typo"\n')
    with pytest.raises(DigestError) as info:
        load_config(path)
    message = info.value.message
    assert "site.titel" in message
    assert "unknown key" in message
    assert "line 3" in message
    assert "did you mean 'title'" in message


def test_unknown_top_level_table(tmp_path: Path) -> None:
    path = write(tmp_path, "[sitee]\ntitle = 'x'\n")
    with pytest.raises(DigestError, match="(?s)sitee: unknown key.*did you mean 'site'"):
        load_config(path)


def test_wrong_type_names_key_and_expected_type(tmp_path: Path) -> None:
    path = write(tmp_path, '[site]\nfeed_items = "fifty"\n')
    with pytest.raises(DigestError) as info:
        load_config(path)
    message = info.value.message
    assert "site.feed_items" in message
    assert "must be an integer" in message
    assert "line 2" in message


def test_boolean_is_not_an_integer(tmp_path: Path) -> None:
    path = write(tmp_path, "[site]\nfeed_items = true\n")
    with pytest.raises(DigestError, match="site.feed_items: must be an integer"):
        load_config(path)


def test_toml_syntax_error_gives_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[site]\ntitle = "unterminated\n')
    with pytest.raises(DigestError) as info:
        load_config(path)
    assert "invalid TOML" in info.value.message
    assert "line 2" in info.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DigestError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_bad_base_url(tmp_path: Path) -> None:
    path = write(tmp_path, '[site]\nbase_url = "example.org"\n')
    with pytest.raises(DigestError, match="site.base_url: must be an http"):
        load_config(path)


def test_topic_needs_slug_and_unique(tmp_path: Path) -> None:
    path = write(tmp_path, '[[topics]]\nname = "DeFi"\n')
    with pytest.raises(DigestError, match=r"topics\[0\]\.slug: is missing"):
        load_config(path)
    path = write(
        tmp_path, '[[topics]]\nslug = "a"\nname = "A"\n[[topics]]\nslug = "a"\nname = "B"\n'
    )
    with pytest.raises(DigestError, match="used twice"):
        load_config(path)


def test_source_needs_url_or_path(tmp_path: Path) -> None:
    path = write(tmp_path, '[[sources]]\nname = "x"\n')
    with pytest.raises(DigestError, match="exactly one of url or path"):
        load_config(path)


def test_source_paths_resolve_against_config_folder(tmp_path: Path) -> None:
    path = write(tmp_path, '[[sources]]\npath = "feeds/a.xml"\nname = "A"\n')
    config = load_config(path)
    assert config.sources[0].location == str((tmp_path / "feeds" / "a.xml").resolve())
    assert config.sources[0].name == "A"


def test_cli_reports_broken_config_without_traceback(tmp_path: Path, cli) -> None:
    path = write(tmp_path, '[site]\nhome_stories_per_topic = "six"\n')
    result = cli("--config", str(path), "build", "--content", str(tmp_path), "--out",
                 str(tmp_path / "out"))
    assert result.returncode == 1
    assert "site.home_stories_per_topic" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_error_line_is_found_inside_the_right_table(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[site]\ntitle = "ok"\n\n[[topics]]\nslug = "a"\nname = "A"\n\n'
        '[[topics]]\nslug = "b"\nname = 7\n',
    )
    with pytest.raises(DigestError) as info:
        load_config(path)
    assert "topics[1].name" in info.value.message
    assert "line 10" in info.value.message
