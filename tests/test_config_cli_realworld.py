"""What newcomers really type: slips in digest.toml and on the command line.

Each test is one such slip. The answer must name the input, say what is wrong and what to
do, exit with the code the README documents (1 bad settings, 2 usage) and build nothing.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from digest.config import load_config
from digest.errors import DigestError

ARTICLE = (
    "---\ntitle: Harbour Ferry Adds A Night Crossing\ndate: 2026-11-24T10:00:00Z\n"
    "source: Test Desk\n---\n\nAn invented paragraph about a harbour that does not exist.\n"
)
NOW = "2026-11-24T18:00:00Z"


def write(folder: Path, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "digest.toml"
    path.write_bytes(text.encode(encoding))
    return path


def error(folder: Path, text: str) -> str:
    with pytest.raises(DigestError) as info:
        load_config(write(folder, text))
    return info.value.message


def project(tmp_path: Path, settings: str = "") -> Path:
    """A tiny project: one Markdown article and a digest.toml; returns the settings file."""
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "content" / "articles" / "ferry.md").write_text(ARTICLE, encoding="utf-8")
    return write(tmp_path, settings)


# ---------------------------------------------------------------- tables and keys


def test_a_site_key_at_the_top_of_the_file_says_to_put_it_under_site(tmp_path: Path) -> None:
    message = error(tmp_path, 'title = "Desk News"\nbase_url = "https://desk.example/"\n')
    assert "title: unknown key" in message and "line 1" in message
    assert "is a key of [site]" in message and "move it under a [site] line" in message


def test_a_site_key_written_below_sources_says_which_table_it_belongs_to(
    tmp_path: Path,
) -> None:
    """TOML puts a key into the table above it: base_url under [[sources]] is a slip."""
    message = error(
        tmp_path, '[[sources]]\nurl = "https://news.example/feed.xml"\n'
        'base_url = "https://desk.example/"\n',
    )
    assert "sources[0].base_url: unknown key" in message and "line 3" in message
    assert "is a key of [site], not under [[sources]]" in message


def test_the_words_other_tools_use_point_to_ours(tmp_path: Path) -> None:
    message = error(tmp_path, '[site]\nurl = "https://desk.example/"\n')
    assert "site.url: unknown key" in message and "did you mean 'base_url'?" in message
    message = error(tmp_path, '[[sources]]\nfeed = "https://news.example/feed.xml"\n'
                              'title = "News"\n')
    assert "sources[0].feed" in message and "did you mean 'url'?" in message


def test_source_in_single_brackets_or_singular_names_the_table_syntax(tmp_path: Path) -> None:
    message = error(tmp_path, '[[source]]\nurl = "https://news.example/feed.xml"\n')
    assert "source: unknown key" in message and "did you mean 'sources' (written [[sources]])" in (
        message
    )
    message = error(tmp_path, '[sources]\nurl = "https://news.example/feed.xml"\n')
    assert "two brackets" in message and "[[sources]]" in message
    message = error(tmp_path, '[topics]\nslug = "defi"\nname = "DeFi"\n')
    assert "two brackets" in message and "[[topics]]" in message


def test_a_string_where_a_list_is_expected_shows_the_list_to_write(tmp_path: Path) -> None:
    message = error(tmp_path, '[[topics]]\nslug = "defi"\nname = "DeFi"\n'
                              'aliases = "lending, perps"\n')
    assert "topics[0].aliases: must be a list" in message and "line 4" in message
    assert 'aliases = ["lending", "perps"]' in message
    message = error(tmp_path, '[[topics]]\nslug = "defi"\nname = "DeFi"\n'
                              'keywords = "flash loan; DEX"\n')
    assert 'keywords = ["flash loan", "DEX"]' in message
    message = error(tmp_path, '[dedupe]\ntracking_params = "ref, src"\n')
    assert 'tracking_params = ["ref", "src"]' in message


# ---------------------------------------------------------------- paths


def test_a_windows_relative_path_reads_with_forward_slashes(tmp_path: Path) -> None:
    path = write(tmp_path, "[[sources]]\npath = 'feeds\\news.xml'\n[paths]\n"
                           "content = 'my content\\articles'\n")
    config = load_config(path)
    assert config.sources[0].location == str((tmp_path / "feeds" / "news.xml").resolve())
    assert config.content_dir == tmp_path.resolve() / "my content" / "articles"


@pytest.mark.skipif(os.name == "nt", reason="drive letters are real paths there")
def test_a_windows_drive_path_is_an_error_that_says_how_to_write_it(tmp_path: Path) -> None:
    message = error(tmp_path, "[[sources]]\npath = 'C:\\feeds\\news.xml'\n")
    assert "sources[0].path" in message and "line 2" in message
    assert "Windows path" in message and "relative to the folder of digest.toml" in message


def test_backslashes_in_a_double_quoted_path(tmp_path: Path) -> None:
    """"C:\\feeds\\a.xml" is a TOML error (\\a is no escape); "feeds\\new.xml" silently holds
    a line break (\\n). Both say: forward slashes, or single quotes."""
    message = error(tmp_path, '[[sources]]\npath = "C:\\feeds\\a.xml"\n')
    assert "line 2" in message and "forward slashes" in message and "single quotes" in message
    message = error(tmp_path, '[[sources]]\npath = "feeds\\new.xml"\n')
    assert "sources[0].path" in message and "control character" in message
    assert "forward slashes" in message


def test_a_tilde_is_the_home_folder(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    path = write(tmp_path / "proj", "[[sources]]\npath = '~/feeds/news.xml'\n[paths]\n"
                                    "content = '~/news'\n[newsletter]\nrecipients = '~/subs.txt'\n")
    config = load_config(path)
    assert config.sources[0].location == str((home / "feeds" / "news.xml").resolve())
    assert config.content_dir == home / "news"
    assert config.newsletter.recipients == str(home / "subs.txt")


def test_every_path_is_relative_to_the_settings_file_not_the_working_folder(
    tmp_path: Path,
) -> None:
    """As the README says ("relative to digest.toml"): run from elsewhere, the same files."""
    settings = write(tmp_path / "proj", "[paths]\ncontent = 'news'\n[newsletter]\n"
                                        "recipients = 'subs.txt'\nsmtp_cafile = 'relay.pem'\n")
    other = tmp_path / "elsewhere"
    other.mkdir()
    old = Path.cwd()
    os.chdir(other)
    try:
        config = load_config(Path("..") / "proj" / "digest.toml")
    finally:
        os.chdir(old)
    root = settings.parent.resolve()
    assert config.content_dir == root / "news"
    assert config.newsletter.recipients == str(root / "subs.txt")
    assert config.newsletter.smtp_cafile == str(root / "relay.pem")


def test_config_pointing_at_a_folder_names_the_file_to_pass(tmp_path: Path) -> None:
    write(tmp_path, '[site]\ntitle = "Desk"\n')
    with pytest.raises(DigestError) as info:
        load_config(tmp_path)
    assert "is a folder" in info.value.message
    assert f"--config {tmp_path / 'digest.toml'}" in info.value.message


# ---------------------------------------------------------------- topics


def test_two_topics_with_one_name_are_an_error(tmp_path: Path) -> None:
    message = error(
        tmp_path, '[[topics]]\nslug = "defi"\nname = "DeFi"\nkeywords = ["lending"]\n\n'
        '[[topics]]\nslug = "defi-2"\nname = "defi"\nkeywords = ["perps"]\n',
    )
    assert "topics[1].name" in message and "line 8" in message
    assert "also the name of the topic 'defi'" in message and "own name" in message


def test_a_topic_nothing_can_be_filed_under_is_a_warning(tmp_path: Path, cli) -> None:
    settings = project(tmp_path, '[[topics]]\nslug = "sport"\nname = "Sport"\n\n'
                                 '[[topics]]\nslug = "defi"\nname = "DeFi"\naliases = ["defi"]\n')
    config = load_config(settings)
    assert len(config.warnings) == 1
    assert "topics[0] ('sport') has no keywords and no aliases" in config.warnings[0]
    assert "line 2" in config.warnings[0] and "add keywords" in config.warnings[0]
    result = cli("--config", str(settings), "build", "-q", "--offline", "--now", NOW,
                 "--state", str(tmp_path / "s.sqlite"))
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr and "'sport'" in result.stderr


# ---------------------------------------------------------------- [site]


def test_base_url_without_a_host_or_pointing_at_a_page(tmp_path: Path) -> None:
    for url in ("https:/desk.example", "https://", "http:///repo/"):
        message = error(tmp_path, f'[site]\nbase_url = "{url}"\n')
        assert "site.base_url" in message and "no host name" in message, url
    message = error(tmp_path, '[site]\nbase_url = "https://user.github.io/repo/index.html"\n')
    assert 'base_url = "https://user.github.io/repo/"' in message
    config = load_config(write(tmp_path, '[site]\nbase_url = "https://user.github.io/repo"\n'))
    assert config.site.base_url == "https://user.github.io/repo/"


def test_base_url_without_its_scheme_shows_it_with_one(tmp_path: Path) -> None:
    message = error(tmp_path, '[site]\nbase_url = "user.github.io/repo/"\n')
    assert 'base_url = "https://user.github.io/repo/"' in message


def test_counts_below_their_floor_and_an_empty_title(tmp_path: Path) -> None:
    message = error(tmp_path, "[site]\nhome_more = -5\n")
    assert "site.home_more: must be at least 0, got -5" in message and "line 2" in message
    message = error(tmp_path, "[site]\npage_size = 0\n")
    assert "site.page_size: must be at least 1, got 0" in message and "page_size = 20" in message
    message = error(tmp_path, '[site]\ntitle = "  "\n')
    assert "site.title: is empty" in message


def test_zero_and_negative_counts_say_the_floor_and_a_usable_value(tmp_path: Path) -> None:
    message = error(tmp_path, "[fetch]\nconcurrency = 0\n")
    assert "fetch.concurrency: is too small: it must be at least 1, got 0" in message
    assert "concurrency = 16" in message
    message = error(tmp_path, "[newsletter]\nsmtp_port = 0\n")
    assert "newsletter.smtp_port: is out of range" in message and "587" in message
    message = error(tmp_path, "[newsletter]\nmax_stories_per_topic = -1\n")
    assert "must be from 1 to 1000" in message and "max_stories_per_topic = 5" in message


def test_cname_must_be_a_bare_domain(tmp_path: Path) -> None:
    message = error(tmp_path, '[site]\ncname = "https://news.example.org/"\n')
    assert "site.cname" in message and 'cname = "news.example.org"' in message
    config = load_config(write(tmp_path, '[site]\ncname = "news.example.org"\n'))
    assert config.site.cname == "news.example.org"


# ---------------------------------------------------------------- encodings and empty files


def test_a_byte_order_mark_utf16_and_crlf_are_read(tmp_path: Path) -> None:
    text = '[site]\r\ntitle = "Café Desk"\r\n'
    for encoding in ("utf-8-sig", "utf-16"):
        config = load_config(write(tmp_path, text, encoding))
        assert config.site.title == "Café Desk", encoding
    message = error(tmp_path, '[site]\r\ntitle = "ok"\r\nfeed_items = "50"\r\n')
    assert "line 3" in message


def test_a_windows_1252_file_names_the_line_and_what_to_do(tmp_path: Path) -> None:
    path = write(tmp_path, '[site]\ntitle = "ok"\ndescription = "Café"\n', "cp1252")
    with pytest.raises(DigestError) as info:
        load_config(path)
    assert "line 3" in info.value.where and "0xE9" in info.value.problem
    assert "UTF-8" in info.value.fix


def test_an_empty_file_means_the_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""))
    assert config.site.title == "digest" and [t.slug for t in config.topics] == [
        "defi", "blockchain", "technology"
    ]


def test_a_config_error_builds_nothing_in_any_command(tmp_path: Path, cli) -> None:
    settings = project(tmp_path, 'title = "Desk"\n')
    for args in (["build"], ["newsletter", "--days", "7"], ["fetch"], ["serve", "--port", "0"]):
        result = cli("--config", str(settings), *args, "--state", str(tmp_path / "s.sqlite"),
                     cwd=tmp_path)
        assert result.returncode == 1, (args, result.stderr)
        assert "digest.toml, line 1: title: unknown key" in result.stderr
        assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "digest.toml"]


# ---------------------------------------------------------------- command-line slips


def test_a_folder_after_build_says_which_option_was_meant(tmp_path: Path, cli) -> None:
    result = cli("build", "site/", cwd=tmp_path)
    assert result.returncode == 2
    assert "--out site/" in result.stderr and "--content site/" in result.stderr


def test_a_misspelt_option_gets_its_right_spelling(cli) -> None:
    result = cli("build", "--contnet", "news/")
    assert result.returncode == 2 and "did you mean --content?" in result.stderr
    result = cli("newsletter", "--dasy", "3")
    assert result.returncode == 2 and "did you mean --days?" in result.stderr
    result = cli("--config", "x.toml", "biuld")
    assert result.returncode == 2 and "did you mean digest build?" in result.stderr


def test_a_command_option_before_the_command_shows_where_it_goes(cli) -> None:
    """``digest --now tomorrow``: argparse alone answers "invalid choice: 'tomorrow'"."""
    result = cli("--now", "tomorrow")
    assert result.returncode == 2
    assert "goes after the command's name, e.g. digest build --now tomorrow" in result.stderr
    result = cli("--offline", "build", "-q")
    assert result.returncode == 2 and "e.g. digest build --offline -q" in result.stderr


def test_now_that_is_no_date_is_a_usage_error(tmp_path: Path, cli) -> None:
    settings = project(tmp_path)
    result = cli("--config", str(settings), "build", "--now", "tomorrow",
                 "--state", str(tmp_path / "s.sqlite"))
    assert result.returncode == 2, result.stderr
    assert "--now: 'tomorrow' is not an ISO 8601 date" in result.stderr
    assert "2026-11-24T12:00:00Z" in result.stderr
    result = cli("--config", str(settings), "build", "--state", str(tmp_path / "s.sqlite"),
                 env={"DIGEST_NOW": "soon"})
    assert result.returncode == 2 and "DIGEST_NOW" in result.stderr
    assert not (tmp_path / "site").exists()


def test_counts_on_the_command_line_must_make_sense(tmp_path: Path, cli) -> None:
    for args, words in (
        (["build", "--jobs", "-3"], "--jobs: must be 0 or more, got -3"),
        (["newsletter", "--days", "0"], "--days: must be more than 0"),
        (["newsletter", "--days", "-2"], "--days: must be more than 0"),
        (["newsletter", "--issue", "0"], "--issue: must be 1 or more"),
        (["newsletter", "--since", "last week"], "--since: 'last week' is not an ISO 8601"),
        (["serve", "--port", "70000"], "--port: must be from 0 to 65535"),
        (["serve", "--port", "-1"], "--port: must be from 0 to 65535"),
        (["serve", "--interval", "0"], "--interval: must be more than 0"),
    ):
        result = cli(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert words in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_content_that_is_a_file_is_named_as_such(tmp_path: Path, cli) -> None:
    settings = project(tmp_path)
    result = cli("--config", str(settings), "build", "--content", str(settings))
    assert result.returncode == 1 and "is a file, not the content folder" in result.stderr


@pytest.mark.parametrize("command", ["build", "fetch", "serve", "clean", "newsletter"])
def test_every_option_of_every_command_has_a_one_line_example(command: str, cli) -> None:
    result = cli(command, "--help")
    assert result.returncode == 0
    text = result.stdout
    options = set(re.findall(r"(?m)^  (--[a-z-]+|-q)", text)) - {"--help"}
    examples = text.split("\nexamples:\n", 1)[1]
    lines = [line for line in examples.splitlines() if line.startswith(f"  digest {command}")]
    assert lines
    for option in options:
        assert any(re.search(rf"\s{re.escape(option)}(\s|$)", line) for line in lines), option


# ---------------------------------------------------------------- digest serve


def test_serve_on_a_taken_port_says_which_and_what_to_do_and_builds_nothing(
    tmp_path: Path, cli
) -> None:
    settings = project(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("--config", str(settings), "serve", "--port", str(port), "--now", NOW,
                     "--state", str(tmp_path / "s.sqlite"))
    assert result.returncode == 1, result.stderr
    assert f"port {port} on 127.0.0.1" in result.stderr and "already in use" in result.stderr
    assert "digest serve --port" in result.stderr and "--port 0" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_stops_serve_cleanly(tmp_path: Path) -> None:
    settings = project(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "digest", "--config", str(settings), "serve", "--port", "0",
         "--now", NOW, "--state", str(tmp_path / "s.sqlite")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline()
        assert re.search(r"at http://127\.0\.0\.1:\d+/ \(Ctrl-C to stop\)", line), line
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "stopped" in err and "Traceback" not in err
    assert "nothing was published" not in err
    assert (tmp_path / "site" / "index.html").is_file()
