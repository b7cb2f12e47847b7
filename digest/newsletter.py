"""The email newsletter: compose an issue, render it, mail it, keep its web version.

An issue is everything new since the last issue (or ``--since``/``--days``): the top stories of
each topic, each story at most once in any issue, ever. Stories come from the build pipeline
(``prepare_articles`` + ``make_stories``), so a story's link is the same page the site shows.

Every issue is kept in the state as a JSON snapshot of what it said, so its web page (rendered
by ``digest build`` into ``site/newsletter/``) and any resend show exactly what was mailed.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTPUTF8, default
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import css_inline

from digest.config import Config
from digest.errors import DigestError
from digest.rank import by_score
from digest.render.context import StoryView, TopicView, newest_first, story_view, topic_views
from digest.store import IssueRecord, Store
from digest.util import iso, to_utc

GMAIL_CLIP_BYTES = 102 * 1024  # Gmail clips an HTML body larger than this
SUMMARY_CHARS = 200  # the "one-line" summary: cut at a word boundary past this
SUBJECT_HEADLINE_CHARS = 90  # the top headline in the subject: mail apps show ~60-80
TEXT_WIDTH = 72  # the plain-text part's lines, in columns (a wide CJK character takes two)


# ---------------------------------------------------------------- the issue (pure)


@dataclass(frozen=True)
class IssueStory:
    id: str
    title: str
    path: str  # the story page, relative to the site root
    page_url: str  # the story page, absolute
    url: str | None  # the original article
    source: str
    others: int  # how many other sources report it
    summary: str
    published: datetime
    topic: str
    brief: str = ""  # multi-source stories: sentences from their own articles (digest/brief.py)


@dataclass(frozen=True)
class IssueSection:
    slug: str
    name: str
    stories: tuple[IssueStory, ...]


@dataclass(frozen=True)
class Issue:
    number: int
    date: datetime
    since: datetime | None
    title: str  # the site's title
    site_url: str
    sections: tuple[IssueSection, ...]
    subject: str = ""

    @property
    def stories(self) -> tuple[IssueStory, ...]:
        return tuple(s for section in self.sections for s in section.stories)

    @property
    def top_headline(self) -> str:
        """The subject's headline: the issue's most widely reported story (the most
        sources), the first of those in the issue's order (each topic's best first). The
        first story of the first topic was a single-source item whenever the topic listed
        first had a quiet week."""
        if not self.stories:
            return ""
        return max(self.stories, key=lambda s: s.others).title

    @property
    def path(self) -> str:
        """The web version, relative to the site root."""
        return f"newsletter/{self.number}/"

    @property
    def web_url(self) -> str:
        return self.site_url + self.path

    def to_json(self) -> str:
        data = {
            "number": self.number,
            "date": iso(self.date),
            "since": iso(self.since),
            "title": self.title,
            "site_url": self.site_url,
            "subject": self.subject,
            "sections": [
                {
                    "slug": sec.slug,
                    "name": sec.name,
                    "stories": [
                        {**s.__dict__, "published": iso(s.published)} for s in sec.stories
                    ],
                }
                for sec in self.sections
            ],
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Issue:
        data = json.loads(text)
        sections = tuple(
            IssueSection(
                sec["slug"],
                sec["name"],
                tuple(
                    IssueStory(**{**s, "published": to_utc(s["published"])})
                    for s in sec["stories"]
                ),
            )
            for sec in data["sections"]
        )
        return cls(
            number=int(data["number"]),
            date=to_utc(data["date"]),  # type: ignore[arg-type]
            since=to_utc(data["since"]),
            title=data["title"],
            site_url=data["site_url"],
            sections=sections,
            subject=data.get("subject", ""),
        )


def rank_stories(stories: list[StoryView]) -> list[StoryView]:
    """The order of stories within a topic: by score, as the site's pages (digest/rank.py)."""
    return by_score(newest_first(stories))


def one_line(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first sentence-ish of ``text``, cut at a word boundary past ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-–—")
    return cut + "…"


def select_sections(
    topics: list[TopicView],
    since: datetime | None,
    now: datetime,
    mailed: set[str],
    per_topic: int,
) -> tuple[IssueSection, ...]:
    """Each topic's top new stories: published after ``since`` (and not after ``now``), never
    mailed before, each story once (in its own topic), at most ``per_topic`` per topic."""
    sections = []
    for topic in topics:
        if not topic.on_home:
            continue
        fresh = [
            s
            for s in topic.stories
            if s.topic == topic.slug
            and s.id not in mailed
            and (since is None or s.published > since)
            and s.published <= now
        ]
        chosen = rank_stories(fresh)[:per_topic]
        if chosen:
            sections.append(
                IssueSection(topic.slug, topic.name, tuple(_issue_story(s) for s in chosen))
            )
    return tuple(sections)


def _issue_story(s: StoryView) -> IssueStory:
    return IssueStory(
        id=s.id,
        title=s.title,
        path=s.path,
        page_url=s.page_url,
        url=s.url,
        source=s.source.name,
        others=len(s.others),
        summary=one_line(s.summary),
        published=s.published,
        topic=s.topic,
        brief=" ".join(s.brief),
    )


def make_subject(pattern: str, issue: Issue) -> str:
    subject = pattern.format(
        title=issue.title,
        number=issue.number,
        date=f"{issue.date.day} {issue.date:%B %Y}",
        top_headline=one_line(issue.top_headline, SUBJECT_HEADLINE_CHARS),
        stories=len(issue.stories),
    )
    return " ".join(subject.split())


# ---------------------------------------------------------------- composing (reads the pipeline)


def compose_issue(
    config: Config,
    store: Store,
    now: datetime,
    since: datetime | None = None,
    content_dir: Path | None = None,
) -> Issue | None:
    """The next issue, or None when nothing is new. ``since`` None: since the last issue
    (the first issue covers ``first_issue_days``). Records the stories' identities in the
    state, as a build would, so their links never change."""
    from digest.build import make_stories, prepare_articles
    from digest.dedupe import StoryIdentity
    from digest.fetch import stored_articles
    from digest.topics import OTHER, is_published

    issues = store.newsletter_issues()
    if since is None:
        since = (
            issues[-1].created
            if issues
            else now - timedelta(days=config.newsletter.first_issue_days)
        )
    remote = stored_articles(store, config.sources)
    articles, _problems, _inputs = prepare_articles(
        config, content_dir or config.content_dir, remote
    )
    stories, dated = make_stories(articles, _issue_ranking(config, since, now), store, now)
    store.record(
        ((a.id, a.location, now) for a in dated),
        (
            (StoryIdentity(s.id, s.slug, s.first_seen or now), [a.id for a in s.articles])
            for s in stories
        ),
    )
    names = {t.slug: t.name for t in config.topics}
    names[OTHER] = config.site.other_topic_name
    views = [
        story_view(s, config, names) for s in stories if is_published(s, config.site.other_topic)
    ]
    topics = topic_views(
        views, config.topics, config.site.other_topic_name, config.site.other_topic
    )
    sections = select_sections(
        topics, since, now, store.newsletter_mailed_stories(),
        config.newsletter.max_stories_per_topic,
    )
    if not sections:
        return None
    issue = Issue(
        number=(issues[-1].number + 1) if issues else 1,
        date=now,
        since=since,
        title=config.site.title,
        site_url=config.site.base_url,
        sections=sections,
    )
    return Issue(**{**issue.__dict__, "subject": make_subject(config.newsletter.subject, issue)})


def _issue_ranking(config: Config, since: datetime, now: datetime) -> Config:
    """``config`` with the ranking's half-life at least the issue's span: an issue ranks the
    stories of its period by how widely they were covered, with freshness a tie-breaker,
    not the site's hour-by-hour freshness. With the site's 12 hours, a weekly issue's
    stories from Monday weighed a thousandth of Sunday's, and its sections were simply the
    newest stories, whatever their coverage."""
    span = max(0.0, (now - since).total_seconds() / 3600)
    if span <= config.ranking.half_life_hours:
        return config
    return replace(config, ranking=replace(config.ranking, half_life_hours=span))


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str


def unsubscribe_links(config: Config, recipient: str) -> tuple[str | None, str | None]:
    """(https URL, mailto URL) for ``recipient``; ``{email}`` in either is filled in."""
    news = config.newsletter
    email = quote(recipient, safe="@")
    url = news.unsubscribe_url.replace("{email}", email) or None
    mailto = None
    if news.unsubscribe_mailto:
        address = news.unsubscribe_mailto.replace("{email}", email)
        mailto = f"mailto:{address}?subject=unsubscribe"
    return url, mailto


def render_issue(config: Config, issue: Issue, recipient: str = "") -> Rendered:
    """The HTML (CSS inlined) and plain-text bodies of ``issue`` for ``recipient``."""
    from digest.render.site import human_date, make_environment, template_error

    env = make_environment(config)
    url, mailto = unsubscribe_links(config, recipient)
    context: dict[str, Any] = {
        "issue": issue,
        "site": config.site,
        "recipient": recipient,
        "unsubscribe_url": url or mailto,
        "date_text": f"{issue.date.day} {issue.date:%B %Y}",
        "human_date": human_date,
    }
    rendered = []
    for name in ("newsletter.html", "newsletter.txt"):
        try:
            rendered.append(env.get_template(name).render(**context))
        except Exception as exc:  # a template's own error names its file and line
            error = template_error(env, exc, name, context)
            if error is None:
                raise
            raise error from exc
    html, text = rendered
    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    return Rendered(inliner.inline(html), reflow(text))


def _columns(text: str) -> int:
    """How many columns ``text`` takes in a fixed-width font: a wide character two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# Closing punctuation that a CJK line does not begin with: it stays with the character before.
_NO_LINE_START = frozenset("，。、；：！？）」』】〕〉》”’・ー…,.;:!?)")


def reflow(text: str, width: int = TEXT_WIDTH) -> str:
    """The plain-text part with every line wrapped to ``width`` columns. A wrapped line keeps
    the indent of its first (a "* " item's lines hang under its text). A URL, or another
    word too long for a line, stands alone on its line, whole: a cut URL is a broken link.
    Text in wide (CJK) characters, written without spaces, may break between any two."""
    lines: list[str] = []
    for line in text.split("\n"):
        if _columns(line) <= width:
            lines.append(line)
            continue
        body = line.lstrip(" ")
        indent = line[: len(line) - len(body)]
        hang = indent + ("  " if body.startswith(("* ", "- ")) else "")
        current = indent
        for word in body.split(" "):
            if not word:
                continue
            start = current.strip() == ""
            joined = current + ("" if start else " ") + word
            if _columns(joined) <= width:
                current = joined
            elif any(_columns(char) == 2 for char in word):
                current += "" if start else " "
                for char in word:
                    if (
                        _columns(current + char) > width
                        and current.strip()
                        and char not in _NO_LINE_START
                    ):
                        lines.append(current)
                        current = hang
                    current += char
            elif start:
                current = joined  # too long for any line: alone, whole
            else:
                lines.append(current)
                current = hang + word
        lines.append(current)
    return "\n".join(lines)


def _domain(config: Config) -> str:
    news = config.newsletter
    return news.list_id or urlsplit(config.site.base_url).hostname or "localhost"


def build_message(
    config: Config,
    issue: Issue,
    rendered: Rendered,
    to: str,
    now: datetime,
    attempt: int = 1,
) -> EmailMessage:
    """A multipart/alternative message (plain text, then HTML) with list headers.

    Both parts are quoted-printable, so no line passes 78 characters however long a line of
    the HTML is. The list headers are written as they are, never as RFC 2047 encoded words:
    mail apps and one-click unsubscribe read the URLs in them literally, and Python would
    otherwise encode a URL longer than a line to fold it.
    """
    from digest.mail import ascii_address

    news = config.newsletter
    name, address = parseaddr(to)
    address = ascii_address(address)  # an internationalised domain in its ASCII form
    utf8 = not address.isascii()  # a UTF-8 mailbox name: the relay must speak SMTPUTF8
    message = EmailMessage(policy=(SMTPUTF8 if utf8 else default).clone(refold_source="none"))
    message["From"] = news.sender
    if "@" not in address:
        message["To"] = to  # "undisclosed-recipients:;"
    elif not utf8:
        message["To"] = Address(name, addr_spec=address)
    else:  # Address() refuses a UTF-8 mailbox name; the SMTPUTF8 policy writes it as it is
        message["To"] = f"{_quoted(name)} <{address}>" if name else address
    message["Subject"] = issue.subject
    message["Date"] = format_datetime(now.astimezone(UTC))
    domain = _domain(config)
    who = hashlib.sha256(to.lower().encode("utf-8")).hexdigest()[:12]
    message["Message-ID"] = f"<issue-{issue.number}.{who}.{attempt}@{domain}>"
    message.set_raw("List-Id", f"{_phrase(issue.title)} <{domain}>")
    url, mailto = unsubscribe_links(config, parseaddr(to)[1] if "@" in address else "")
    links = [f"<{link}>" for link in (url, mailto) if link]
    if links:
        message.set_raw("List-Unsubscribe", ",\n ".join(links))
        if url:  # RFC 8058: one-click needs an https URI that takes a POST
            message.set_raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    message.set_raw("List-Archive", f"<{config.site.base_url}newsletter/>")
    message.set_content(rendered.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


def _phrase(text: str) -> str:
    """``text`` as the phrase of a header (List-Id): a quoted string, or for text that is not
    ASCII one RFC 2047 encoded word (an encoded word inside quotes is never decoded)."""
    text = " ".join(text.split())
    if text.isascii():
        return _quoted(text)
    return Header(text, "utf-8").encode(linesep="\n")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def preview_to(config: Config) -> str:
    return config.newsletter.to or "undisclosed-recipients:;"


# ---------------------------------------------------------------- the command


@dataclass
class NewsletterOptions:
    now: datetime | None = None
    since: datetime | None = None
    days: float | None = None
    out: Path | None = None
    send: bool = False
    force: bool = False
    issue: int | None = None  # a recorded issue to write / send again
    state_path: Path | None = None
    content_dir: Path | None = None
    recipients: Path | None = None  # overrides [newsletter] recipients


@dataclass
class Delivery:
    address: str
    status: str  # "sent", "failed", "skipped" (already had it), "would send"
    error: str | None = None


@dataclass
class NewsletterResult:
    issue: Issue | None = None
    eml: Path | None = None
    size: int = 0  # bytes of the preview .eml
    html_size: int = 0  # bytes of the HTML part
    deliveries: list[Delivery] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # unusable recipient lines
    nothing_new: bool = False
    since: datetime | None = None
    stopped: DigestError | None = None  # why the send stopped early (the rest stay pending)

    @property
    def failed(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.status == "failed"]

    @property
    def sent(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.status == "sent"]


def recipients_path(config: Config, options: NewsletterOptions) -> Path | None:
    if options.recipients:
        return options.recipients
    if config.newsletter.recipients:
        return config.root / config.newsletter.recipients
    return None


def run_newsletter(
    config: Config,
    options: NewsletterOptions,
    say: Callable[[str], None] = lambda _m: None,
    env: Mapping[str, str] | None = None,
) -> NewsletterResult:
    """Compose (or load) an issue, write its .eml, and with ``send`` mail it.

    Without ``send`` nothing is mailed and nothing is recorded: the result lists who would get
    it. Raises DigestError for problems that stop everything (bad SMTP settings...).
    """
    from digest.mail import Mailer, RelayStopped, SmtpSettings, read_recipients

    env = os.environ if env is None else env
    now = (options.now or datetime.now(UTC)).astimezone(UTC)
    state = options.state_path or config.state_path
    result = NewsletterResult()
    since = options.since
    if since is None and options.days is not None:
        since = now - timedelta(days=options.days)

    with Store(state) as store:
        recorded: dict[int, IssueRecord] = {r.number: r for r in store.newsletter_issues()}
        if options.issue is not None:
            if options.issue not in recorded:
                known = ", ".join(str(n) for n in recorded) or "none yet"
                raise DigestError(
                    f"--issue {options.issue}",
                    "no such issue in the state",
                    f"recorded issues: {known}",
                )
            issue = Issue.from_json(recorded[options.issue].content)
            is_new = False
        else:
            composed = compose_issue(config, store, now, since, options.content_dir)
            if composed is None:
                result.nothing_new = True
                last = max(recorded) if recorded else None
                result.since = since or (recorded[last].created if last else None)
                return result
            issue, is_new = composed, True
        result.issue = issue

        preview = render_issue(config, issue, parseaddr(config.newsletter.to)[1])
        message = build_message(config, issue, preview, preview_to(config), issue.date)
        data = message.as_bytes()
        out = options.out or state.parent / "newsletter" / f"issue-{issue.number}.eml"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        result.eml, result.size = out, len(data)
        result.html_size = len(preview.html.encode("utf-8"))
        if result.html_size > GMAIL_CLIP_BYTES:
            say(
                f"warning: the HTML part is {result.html_size} bytes; Gmail clips mail over "
                f"{GMAIL_CLIP_BYTES} (lower [newsletter] max_stories_per_topic)"
            )

        path = recipients_path(config, options)
        if path is None:
            if options.send:
                raise DigestError(
                    "digest.toml, [newsletter]",
                    "no recipients file, so there is no one to send to",
                    'add recipients = "subscribers.txt" (one address a line, or CSV with an '
                    "email column), or pass --recipients FILE",
                )
            return result
        listed = read_recipients(path)
        result.problems = list(listed.problems)
        had = store.newsletter_recipients(issue.number) if not is_new else {}

        def already(address: str) -> bool:
            state_of = had.get(address)
            return state_of is not None and state_of.status == "sent" and not options.force

        if not options.send:
            result.deliveries = [
                Delivery(a, "skipped" if already(a) else "would send") for a in listed.addresses
            ]
            return result

        todo = [a for a in listed.addresses if not already(a)]
        if not listed.addresses or (is_new and not todo):
            # an issue recorded for no one would never be mailed: its stories count as sent
            raise DigestError(
                str(path),
                "has no usable address" + (f" ({len(listed.problems)} unusable lines)"
                                           if listed.problems else ""),
                "list one address a line (or CSV with an email column); nothing was sent or "
                "recorded",
            )
        settings = SmtpSettings.from_config(config.newsletter, env)
        sender = parseaddr(config.newsletter.sender)[1]
        with Mailer(settings) as mailer:  # connect first: a dead relay records nothing
            mailer.check_sender(sender)  # ...nor one that will not take mail from us
            if is_new:
                store.record_newsletter_issue(
                    IssueRecord(issue.number, issue.date, issue.since, issue.subject,
                                issue.to_json()),
                    [s.id for s in issue.stories],
                    listed.addresses,
                )
                say(f"recorded issue #{issue.number} ({len(issue.stories)} stories)")
            stopped: DigestError | None = None
            for address in listed.addresses:
                if already(address):
                    result.deliveries.append(Delivery(address, "skipped"))
                    continue
                if stopped is not None:  # not tried: stays pending (or failed) for --issue N
                    result.deliveries.append(Delivery(address, "failed", "not tried"))
                    continue
                attempt = (had[address].attempts + 1) if address in had else 1
                body = render_issue(config, issue, address)
                mail = build_message(config, issue, body, address, now, attempt)
                try:
                    error = mailer.send(mail, sender, address)
                except RelayStopped as exc:
                    # the fix names the command that resumes: with this issue's number
                    resume = f"--issue {issue.number}"
                    stopped = RelayStopped(
                        exc.where, exc.problem, exc.fix.replace("--issue N", resume)
                    )
                    error = exc.recipient_error or exc.problem
                status = "failed" if error else "sent"
                store.record_delivery(issue.number, address, status, error, now)
                result.deliveries.append(Delivery(address, status, error))
                say(f"{status}: {address}" + (f" ({error})" if error else ""))
                if stopped is not None and result.stopped is None:
                    result.stopped = stopped
                    say(f"stopped: {stopped.message}")
    return result


# ---------------------------------------------------------------- web version (digest build)


def render_newsletter_archive(
    config: Config, writer: Any, store: Store, nav: list, renderer: Any = None
) -> int:
    """Write ``newsletter/index.html`` and one page per recorded issue into the site.

    Called by the build's render step. Writes nothing (returns 0) when no issue was recorded.
    ``renderer``: the build's SiteRenderer (its page keys); a new one if None.
    """
    from digest.render.site import SiteRenderer

    issues = [Issue.from_json(r.content) for r in store.newsletter_issues()]
    if not issues:
        return 0
    renderer = renderer or SiteRenderer(config, writer)
    before = renderer.pages
    newest = sorted(issues, key=lambda i: i.number, reverse=True)
    renderer.page("newsletter_index.html", "newsletter/", issues=newest, nav=nav)
    for issue in issues:
        renderer.page("newsletter_page.html", issue.path, issue=issue, nav=nav)
    return renderer.pages - before

