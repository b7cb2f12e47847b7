"""The email newsletter end to end: a real SMTP server on 127.0.0.1 (aiosmtpd) receives it.

The bundled demo content is the input; each test has its own state file and digest.toml.
"""

from __future__ import annotations

import email
import json
import re
import shutil
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from digest.config import load_config
from digest.errors import DigestError
from digest.newsletter import (
    GMAIL_CLIP_BYTES,
    Issue,
    NewsletterOptions,
    compose_issue,
    run_newsletter,
)
from digest.store import IssueRecord, Store
from digest.util import to_utc

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-24T18:00:00Z"
SITE = "https://news.example.org/"
REJECTED = "reject@example.org"
NO_CREDENTIALS = {"DIGEST_SMTP_USER": "", "DIGEST_SMTP_PASSWORD": ""}


class Inbox:
    """An aiosmtpd handler that keeps every message and refuses one address with 550."""

    def __init__(self, reject: tuple[str, ...] = (REJECTED,)) -> None:
        self.reject = set(reject)
        self.messages: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.reject:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(handler) -> Iterator[int]:
    """A real SMTP server on loopback with ``handler``, for as long as the block runs: its
    port."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


@pytest.fixture
def smtp():
    inbox = Inbox()
    with serving(inbox) as port:
        yield inbox, port


def write_project(base: Path, port: int, content: Path = ROOT / "content", **extra: str) -> Path:
    """A digest.toml for ``base``: the demo content, its own state, [newsletter] to ``port``."""
    news = {
        "from": "Test Digest <digest@example.org>",
        "list_id": "news.example.org",
        "unsubscribe_url": "https://news.example.org/unsubscribe?email={email}",
        "unsubscribe_mailto": "unsubscribe@example.org",
        "recipients": "subscribers.csv",
        "smtp_host": "127.0.0.1",
        "smtp_security": "none",
        **extra,
    }
    lines = [
        "[site]",
        'title = "Test Digest"',
        f'base_url = "{SITE}"',
        "[paths]",
        f"content = {json.dumps(str(content))}",
        'state = "state.sqlite"',
        'output = "site"',
        "[newsletter]",
        f"smtp_port = {port}",
        "max_stories_per_topic = 3",
        *(f"{key} = {json.dumps(value)}" for key, value in news.items()),
    ]
    (base / "digest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (base / "subscribers.csv").write_text(
        "name,Email\nAda,ada@example.org\nBo,bo@example.org\nRex,reject@example.org\n"
        "Nobody,not-an-address\nAda again,ADA@example.org\n",
        encoding="utf-8",
    )
    return base / "digest.toml"


def parse(data: bytes) -> EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)  # type: ignore[return-value]


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def recipients_state(state: Path, issue: int = 1) -> dict[str, tuple[str, int]]:
    db = sqlite3.connect(state)
    rows = db.execute(
        "SELECT address, status, attempts FROM newsletter_recipients WHERE issue = ?", (issue,)
    ).fetchall()
    db.close()
    return {address: (status, attempts) for address, status, attempts in rows}


def story_links(message: EmailMessage) -> set[str]:
    return set(re.findall(r'href="(https://news\.example\.org/story/[^"]+)"', parts(message)[1]))


# ---------------------------------------------------------------- the .eml


def test_dry_run_writes_a_valid_eml_and_mails_nothing(tmp_path: Path, smtp, cli) -> None:
    inbox, port = smtp
    config = write_project(tmp_path, port)
    result = cli("--config", str(config), "newsletter", "--days", "30", "--now", NOW,
                 env=NO_CREDENTIALS)
    assert result.returncode == 0, result.stderr
    assert "would send to ada@example.org" in result.stdout
    assert "would send to bo@example.org" in result.stdout
    assert "not-an-address" in result.stderr  # an unusable line is reported...
    assert result.stdout.count("would send to") == 3  # ...and the duplicate ADA@ dropped
    assert inbox.messages == []  # a dry run mails nothing
    with Store(tmp_path / "state.sqlite") as store:
        assert store.newsletter_issues() == []  # ...and records no issue

    eml = tmp_path / "newsletter" / "issue-1.eml"
    data = eml.read_bytes()
    assert len(data) < GMAIL_CLIP_BYTES
    message = parse(data)
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["From"] == "Test Digest <digest@example.org>"
    assert message["Subject"].startswith("Test Digest #1: ")
    assert to_utc(message["Date"].datetime) == to_utc(NOW)
    assert re.fullmatch(r"<issue-1\.[0-9a-f]{12}\.1@news\.example\.org>", message["Message-ID"])
    assert message["List-Id"] == '"Test Digest" <news.example.org>'
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<https://news.example.org/unsubscribe?email=" in message["List-Unsubscribe"]
    assert "<mailto:unsubscribe@example.org?subject=unsubscribe>" in message["List-Unsubscribe"]
    for line in data.split(b"\r\n" if b"\r\n" in data else b"\n"):
        assert len(line) <= 998  # RFC 5322 line limit

    text, html = parts(message)
    assert len(html.encode("utf-8")) < GMAIL_CLIP_BYTES
    assert "issue #1" in text and "Issue #1" in html
    assert "24 November 2026" in text and "24 November 2026" in html
    # every story links to its page on the site, in both parts
    links = story_links(message)
    assert 3 <= len(links) <= 3 * 4  # max_stories_per_topic = 3, at most 4 topics
    for link in links:
        assert link in text
    assert subject_headline(message) in html
    # header: web version; footer: site link and unsubscribe link
    assert f'href="{SITE}newsletter/1/"' in html
    assert f'href="{SITE}"' in html and f"All stories: {SITE}" in text
    assert 'href="https://news.example.org/unsubscribe?email=' in html
    assert "Unsubscribe: https://news.example.org/unsubscribe" in text
    # built for mail clients: tables, inlined CSS, nothing that needs images
    assert '<table role="presentation"' in html
    assert 'style="' in html and "<img" not in html
    assert "<!--[if mso]>" in html


def subject_headline(message: EmailMessage) -> str:
    return message["Subject"].split(": ", 1)[1]


def test_send_one_message_per_recipient_reports_the_refused_one_and_never_repeats(
    tmp_path: Path, smtp, cli
) -> None:
    inbox, port = smtp
    config = write_project(tmp_path, port)
    state = tmp_path / "state.sqlite"
    run = ("--config", str(config), "newsletter")

    first = cli(*run, "--send", "--days", "30", "--now", NOW, env=NO_CREDENTIALS)
    assert first.returncode == 3, first.stderr  # partial: one recipient failed
    assert "failed: reject@example.org: 550" in first.stderr
    assert "Sent issue #1 to 2 recipients, 1 failed" in first.stdout
    # one message per recipient, each addressed to that recipient alone
    assert sorted(r for _, r, _ in inbox.messages) == [["ada@example.org"], ["bo@example.org"]]
    for sender, (rcpt,), message in inbox.messages:
        assert sender == "digest@example.org"
        assert message["To"] == rcpt
        assert f"email={rcpt}" in message["List-Unsubscribe"]
        text, html = parts(message)
        assert f"unsubscribe?email={rcpt}" in html and f"unsubscribe?email={rcpt}" in text
    assert recipients_state(state) == {
        "ada@example.org": ("sent", 1),
        "bo@example.org": ("sent", 1),
        REJECTED: ("failed", 1),
    }
    with Store(state) as store:
        (issue,) = store.newsletter_issues()
        mailed = store.newsletter_mailed_stories()
    assert issue.number == 1 and len(mailed) == len(Issue.from_json(issue.content).stories)

    # an hour later: nothing new, nothing sent
    second = cli(*run, "--send", "--now", "2026-11-24T19:00:00Z", env=NO_CREDENTIALS)
    assert second.returncode == 0, second.stderr
    assert "Nothing new" in second.stdout
    assert len(inbox.messages) == 2

    # the same window again: a new issue, with none of issue 1's stories (3 per topic
    # left older ones over for it)
    again = cli(*run, "--send", "--days", "30", "--now", NOW, env=NO_CREDENTIALS)
    assert "Sent issue #2 to 2 recipients" in again.stdout, again.stderr
    assert len(inbox.messages) == 4
    assert not story_links(inbox.messages[0][2]) & story_links(inbox.messages[2][2])

    # issue 1 again without --force: only the one who has not had it is tried
    retry = cli(*run, "--send", "--issue", "1", "--now", NOW, env=NO_CREDENTIALS)
    assert retry.returncode == 1  # the only attempt failed again
    assert "2 already had it" in retry.stdout
    assert len(inbox.messages) == 4
    assert recipients_state(state, 1)[REJECTED] == ("failed", 2)

    # --force resends issue 1 to everyone who can take it, with new Message-IDs
    forced = cli(*run, "--send", "--issue", "1", "--force", "--now", NOW, env=NO_CREDENTIALS)
    assert forced.returncode == 3, forced.stderr
    assert len(inbox.messages) == 6
    ids = [m["Message-ID"] for _, _, m in inbox.messages]
    assert len(set(ids)) == 6
    assert inbox.messages[4][2]["Subject"] == inbox.messages[0][2]["Subject"]
    assert story_links(inbox.messages[4][2]) == story_links(inbox.messages[0][2])
    assert recipients_state(state, 1)["ada@example.org"] == ("sent", 2)

    # the web version: `digest build` publishes the recorded issue and an archive page
    built = cli("--config", str(config), "build", "--offline", "--now", NOW, "-q")
    assert built.returncode == 0, built.stderr
    site = tmp_path / "site"
    index = (site / "newsletter" / "index.html").read_text(encoding="utf-8")
    assert 'href="../newsletter/1/index.html"' in index
    page = (site / "newsletter" / "1" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./\.\./(story/[^"]+)"', page)
    assert links and all((site / link).is_file() for link in links)


def test_force_needs_a_recorded_issue_and_send(tmp_path: Path, smtp, cli) -> None:
    _, port = smtp
    config = write_project(tmp_path, port)
    result = cli("--config", str(config), "newsletter", "--force", env=NO_CREDENTIALS)
    assert result.returncode == 1 and "--send --issue N --force" in result.stderr
    missing = cli("--config", str(config), "newsletter", "--issue", "7", env=NO_CREDENTIALS)
    assert missing.returncode == 1 and "no such issue" in missing.stderr


def test_a_dead_relay_records_nothing(tmp_path: Path) -> None:
    config = load_config(write_project(tmp_path, free_port()))
    options = NewsletterOptions(now=to_utc(NOW), days=30, send=True)
    with pytest.raises(DigestError, match="cannot connect"):
        run_newsletter(config, options, env=NO_CREDENTIALS)
    with Store(config.state_path) as store:
        assert store.newsletter_issues() == []  # so the next run sends these stories


# ---------------------------------------------------------------- stories never twice


def test_the_next_issue_has_only_stories_new_since_the_last(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    config = load_config(write_project(tmp_path, 25, content=content))
    first_now = to_utc(NOW)
    assert first_now is not None
    with Store(config.state_path) as store:
        first = compose_issue(config, store, first_now, since=to_utc("2026-10-01T00:00:00Z"))
        assert first is not None
        store.record_newsletter_issue(
            IssueRecord(1, first.date, first.since, first.subject, first.to_json()),
            [s.id for s in first.stories],
            [],
        )
        # a story already in an issue cannot be recorded in another
        with pytest.raises(DigestError, match="clashes"):
            store.record_newsletter_issue(
                IssueRecord(2, first.date, None, "x", first.to_json()), [first.stories[0].id], []
            )
    (content / "articles" / "later-news.md").write_text(
        "---\n"
        'title: "Quillbrook Lending Market Opens Fixed-Rate Vaults"\n'
        "date: 2026-11-25T09:00:00Z\n"
        "category: DeFi\n"
        "source: Digest Desk\n"
        'summary: "Borrowers on Quillbrook can now lock a rate for ninety days."\n'
        "---\n\nQuillbrook opened fixed-rate lending vaults for its largest markets.\n",
        encoding="utf-8",
    )
    later = to_utc("2026-11-25T12:00:00Z")
    assert later is not None
    with Store(config.state_path) as store:
        second = compose_issue(config, store, later)  # since the last issue
        assert second is not None
        assert second.number == 2 and second.since == first_now
        assert [s.title for s in second.stories] == [
            "Quillbrook Lending Market Opens Fixed-Rate Vaults"
        ]
        # even asked for everything, nothing from issue 1 comes back
        everything = compose_issue(config, store, later, since=to_utc("2000-01-01T00:00:00Z"))
        assert everything is not None
        assert not {s.id for s in everything.stories} & {s.id for s in first.stories}


def test_issue_json_round_trips(tmp_path: Path) -> None:
    config = load_config(write_project(tmp_path, 25))
    now = to_utc(NOW)
    assert now is not None
    with Store(config.state_path) as store:
        issue = compose_issue(config, store, now, since=to_utc("2026-10-01T00:00:00Z"))
    assert issue is not None
    assert Issue.from_json(issue.to_json()) == issue
    per_topic = {}
    for section in issue.sections:
        per_topic[section.slug] = len(section.stories)
        # within a topic: the most widely covered first (an issue's half-life is its span,
        # _issue_ranking), then the newest among equally covered ones
        order = [(-s.others, -s.published.timestamp()) for s in section.stories]
        assert order == sorted(order)
    assert max(per_topic.values()) <= 3


def test_template_shows_source_count_escapes_markup_and_keeps_summaries_to_one_line(
    tmp_path: Path,
) -> None:
    from datetime import timedelta

    from digest.newsletter import IssueSection, IssueStory, build_message, render_issue

    config = load_config(write_project(tmp_path, 25))
    now = to_utc(NOW)
    assert now is not None
    story = IssueStory(
        id="s1", title="Fees <b>fall</b> & volumes rise", path="story/fees-s1/",
        page_url=SITE + "story/fees-s1/", url="https://source.example/a", source="Block Beat",
        others=2, summary="Short.", published=now - timedelta(hours=1), topic="defi",
    )
    issue = Issue(7, now, None, "Test Digest", SITE, (IssueSection("defi", "DeFi", (story,)),),
                  subject="Test Digest #7")
    rendered = render_issue(config, issue, "ada@example.org")
    assert "Block Beat + 2 other sources" in rendered.text
    assert "Block Beat + 2 other sources" in rendered.html
    assert "Fees &lt;b&gt;fall&lt;/b&gt; &amp; volumes rise" in rendered.html  # autoescaped
    assert "Fees <b>fall</b> & volumes rise" in rendered.text  # plain text stays plain
    assert "unsubscribe?email=ada@example.org" in rendered.html
    message = build_message(config, issue, rendered, "ada@example.org", now)
    assert message["Message-ID"].startswith("<issue-7.")
    # no unsubscribe configured: no List-Unsubscribe headers, no footer link
    bare = load_config(write_project(tmp_path, 25, unsubscribe_url="", unsubscribe_mailto=""))
    plain = render_issue(bare, issue, "ada@example.org")
    assert "Unsubscribe" not in plain.html and "Unsubscribe" not in plain.text
    bare_message = build_message(bare, issue, plain, "ada@example.org", now)
    assert bare_message["List-Unsubscribe"] is None
    assert bare_message["List-Unsubscribe-Post"] is None
    assert bare_message["List-Id"] == '"Test Digest" <news.example.org>'


def test_one_line_cuts_long_summaries_at_a_word() -> None:
    from digest.newsletter import one_line

    assert one_line("Short  and\nsweet.") == "Short and sweet."
    long = "word " * 100
    cut = one_line(long, 50)
    assert cut.endswith("…") and len(cut) <= 51 and "\n" not in cut


def test_a_weekly_issue_ranks_its_stories_by_coverage_not_by_the_hour(tmp_path: Path) -> None:
    """An issue covering a week ranks by how widely each story was covered: a story three
    outlets reported on Monday beats one outlet's story of Sunday evening (with the site's
    12-hour half-life it weighed a thousandth of it, and the issue was the newest stories)."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)

    def post(name: str, title: str, source: str, when: str, text: str) -> None:
        (content / "articles" / f"{name}.md").write_text(
            f"---\ntitle: {title}\ndate: {when}\ncategory: DeFi\nsource: {source}\n"
            f"url: https://{name}.example/story\n---\n\n{text}\n", encoding="utf-8")

    text = ("The Marlow lending market paused new loans on Monday after its price feed for the"
            " staked token stalled for six hours, the team said in a statement.")
    for n, outlet in enumerate(("Quay Post", "Chain Wire", "Daily Ledger")):
        post(f"monday{n}", "Marlow Lending Pauses New Loans After Feed Stall", outlet,
             "2026-11-16T09:00:00Z", text)
    post("sunday", "Small Vault Changes Its Fee Page", "Vault Notes", "2026-11-22T20:00:00Z",
         "A small vault changed the wording of its fee page on Sunday evening.")
    config = load_config(write_project(tmp_path, 25, content=content))
    now = to_utc("2026-11-22T21:00:00Z")
    assert now is not None
    with Store(config.state_path) as store:
        issue = compose_issue(config, store, now, since=now - timedelta(days=7))
    assert issue is not None
    assert [s.title for s in issue.stories] == ["Marlow Lending Pauses New Loans After Feed Stall",
                                                "Small Vault Changes Its Fee Page"]
    assert issue.stories[0].others == 2
