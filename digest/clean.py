"""Clean: one place where every article, whatever its origin, is made presentable and safe.

* text: Unicode NFC, whitespace collapsed, mojibake ("â€™") repaired with ftfy when ftfy's
  own badness check says the text is broken (so correct smart quotes and names are untouched);
* titles: markup and entities removed, the site-name suffix stripped when it really is a
  site's name (learned from the related-post headlines of the dump, the page's metadata and
  the source's configured name);
* scraped dumps: the related-posts widget and other page furniture dropped, headings,
  paragraphs and the editorial note told apart; every dropped line keeps the rule that
  dropped it (``clean_with_report`` / ``digest clean --explain``);
* furniture no rule names: a line repeated many times in one dump, or across many dumps of
  the same site (``learn_furniture`` counts lines per site over the whole corpus);
* other languages: the same furniture as German, Spanish, French, Portuguese, Italian,
  Russian, Turkish, Chinese, Japanese and Korean sites write it ("Weiterlesen", "Lee
  también", "vor 2 Stunden", "Der Beitrag ... erschien zuerst auf ...", "Lesezeit: 5
  Minuten", "Alle Rechte vorbehalten", "Wir verwenden Cookies, ...", "Mercati2 ore fa"),
  by the same rules;
* feed, Markdown and page HTML: sanitised with nh3 (the only place untrusted HTML is handled);
  every template downstream can trust ``body_html``; its blocks' text (what the dedupe stage
  and the topics read) without footnote markers, and with powers and indices as characters
  ("10³", "CO₂"), so a sentence reads the same from a feed, a Markdown file and a page; a
  Substack note's number (a link of its own) opens its note ("[1] ...");
* editor's notes: an update note or a correction at the top or the bottom of a feed item or
  a page ("Update (18:40 UTC, Nov. 21): ...", "Correction (Nov. 22): ...") is its ``note``,
  out of its body, as a dump's is: never its lead or summary;
* summaries: plain text, bounded, cut at a word boundary, with no footnote marker and not
  opening with a label ("Note", a bold-only title) or a dateline alone; made of a text's own
  prose, not of a post it quotes (a forum reply's quote, a pull quote), when it has some.

Every function here is pure.
"""

from __future__ import annotations

import copy
import html
import re
import threading
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any
from urllib.parse import urljoin, urlsplit

import ftfy
import nh3

from digest.model import Article
from digest.util import INVISIBLE, SUBSCRIPTS, SUPERSCRIPTS, squash

SUMMARY_LIMIT = 280

# Separators a site name may follow in a headline, most specific first.
_SUFFIX_SEPARATORS = (" – ", " — ", " | ", " - ", " :: ", " · ", ": ")

_AGE = r"\d+\s*(?:second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago"
# A reading time: "5 min read", "4 minute read", "Reading time: 4 minutes" (in other
# languages: ``_READ_TIME_LOCAL``)
_READ_TIME = (r"\d+\s*min(?:ute)?s?\s+read|(?:estimated )?reading time\s*:?\s*(?:about |approx\.? "
              r"|~\s*)?\d+\s*min(?:ute)?s?\.?")
# "Technology1 week agoAnother Headline" and "Business1 week ago" (headline on the next line)
# The category is glued to the age (no space before the digit), which real prose never does.
_WIDGET_LINE = re.compile(
    rf"^(?P<cat>[A-Za-z][A-Za-z&/.-]{{0,24}}(?: [A-Za-z&/.-]+){{0,2}}?)(?<=[A-Za-z])"
    rf"(?P<age>{_AGE})(?P<rest>.*)$"
)
_LONE_DASH = {"-", "–", "—", "•", "·", "--", "---"}

# An editorial note's label: "Disclaimer:", "Editor's note:", "Update:", "Updated -", and the
# label with a number, a time or a date, or a bracket after it before its colon or dash
# ("UPDATE 2 —", "Update (18:40 UTC, Nov. 21):", "Update, Nov. 21, 18:40 UTC:", "Editor's
# note (Nov. 21):", "Correction (Nov. 22):", "[Update: ...]"). "Update 2.0 is live." and
# "Update on the exploit: ..." are no such label.
_NOTE_WORD = (r"(disclaimer|editor['’]s note|editorial note|note from the editor|updates?"
              r"|updated|correction|clarification|((affiliate|advertising|ad|financial) )?"
              r"disclosure)")
_NOTE_TIME = (r"(\d[\d:./-]*|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?"
              r"|utc|gmt|bst|cet|cest|e[sd]?t|p[sd]?t|[ap]\.?m\.?|at|on)")
_NOTE_PREFIX = re.compile(
    rf"^[\[(]?{_NOTE_WORD}(\s*[:.–—-]|( \d{{1,2}}| ?\([^()]{{1,60}}\)"
    rf"|,? {_NOTE_TIME}(,? {_NOTE_TIME}){{0,7}})\s*([:–—-]|\.(?=\s)))",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^[Bb]y\s+(?P<author>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})"
    rf"(?:\s*[|·•,–-]\s*(?:{_AGE}|\d+\s*min(?:ute)?s?\s+read|[A-Z][a-z]+ \d{{1,2}},? \d{{4}}))?$"
)
_NOT_NAMES = {"The", "A", "An", "This", "That", "Our", "Its", "Their", "Design", "Numbers"}
# ... and the words a local byline's "name" may be that open a phrase ("Por El Momento",
# "Von Der Börse", "Par La Suite")
_NOT_NAMES_LOCAL = {*_NOT_NAMES, "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine",
                    "El", "La", "Los", "Las", "Le", "Les", "Un", "Une", "Una", "Het", "Een",
                    "Il", "Lo", "Mi", "Su", "Nuestro", "Nuestra", "Notre", "Unser", "Unsere",
                    # English headings that open so: "Par For The Course", "Door To Door"
                    "To", "For", "Of", "In", "On", "At", "And", "With", "From", "By"}
_SOCIAL = r"(facebook|twitter|x|linkedin|reddit|telegram|whatsapp|email|e-mail|print|copy link)"
_NETWORK_NAMES = (r"x|twitter|facebook|telegram|discord|google news|instagram|linkedin|youtube"
                  r"|whatsapp|threads|bluesky|mastodon|tiktok")
_NETWORKS = rf"({_NETWORK_NAMES})"
# A share or reaction button's word, and the count beside it ("1.2K", "14", "3,400+")
_COUNT_BUTTON = (r"(share[sd]?|tweets?|retweets?|reposts?|likes?|comments?|saves?|saved|claps?"
                 r"|reactions?|views?|replies|reply|upvotes?|bookmarks?|pins?|reads?)")
_COUNT = r"\d[\d.,]{0,8}[km]?\+?"
# What a cookie banner tells its reader after "We use cookies": a word for the reader, their
# consent or settings, or what the cookies do for the site ("to improve your experience",
# "to personalise content and ads, ... and to analyse our traffic")
_BANNER_EN = (r"(?=.*?\b(you|your|consent|accept\w*|agree\w*|settings|privacy|preferences"
              r"|experience|browsing|personali[sz]\w*|analy[sz]\w*|traffic|advertising|ads"
              r"|partners|learn more|more information|by continuing)\b)")
# ... and the reader addressed, for a line about cookies that opens otherwise
_READER_EN = r"(?=.*?\b(you|your|by (continuing|using|clicking|browsing|staying))\b)"

# Page furniture that a rule can name. Each entry: (rule name, pattern matched on the whole line).
_FURNITURE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "share-widget",
            r"^(share( this( article| story| post| page)?)?( on \w+)?|tweet|share on \w+"
            r"|share via \w+)[:.!]?$",
        ),
        ("share-widget", rf"^{_SOCIAL}([\s|·•,/]+{_SOCIAL})+$"),
        (
            "subscribe",
            # "Sign up for our free trial", not "Sign up for the airdrop closed on Friday."
            r"^(subscribe|sign up)( (now|today|here|for free|to our newsletter|for (our|the|free)"
            r" [^.!?]{0,40}\b(newsletters?|briefing|digest|alerts|updates|e-?mails?|account"
            r"|trial|membership|access|plan)))?[.!]?$",
        ),
        # a newsletter's box speaks to the reader ("Get our free newsletter delivered to
        # your inbox", "The Daily Brief newsletter: sign up here"); "A newsletter delivered
        # to 40,000 inboxes promoted the token" speaks of one
        (
            "newsletter",
            r"^(?=.*\b(you|your|our|(sign up|subscribe) (here|now|today|below|for free))\b"
            r"|(get|sign|subscribe|join|never|want|like|enjoy|stay|don['’]t)\b)"
            r".{0,60}\bnewsletters?\b.{0,40}\b(sign up|subscribe|inbox|delivered)\b.{0,60}$",
        ),
        (
            "newsletter",
            r"^(sign up|subscribe) (to|for) .{0,50}\b(newsletter|briefing|digest)\b.{0,60}$",
        ),
        (
            "newsletter",
            r"^(enter your e-?mail( address)?|get .{0,60}\b(in|to|into) your inbox)\b.{0,60}$",
        ),
        (
            "advertisement",
            r"^(advertisement|advert|sponsored( content)?|ad|promoted( content)?"
            r"|story continues below( (the )?advertisement)?|continue reading below)$",
        ),
        (
            "read-more",
            # only the bare teaser or "Read more: <headline>"; "Related to this, ..." is prose
            r"^(read more|also read|read also|related( posts| stories| articles| reading)?"
            r"|see also|more news|more from .{1,40}|recommended( for you)?|you may also like"
            r"|trending( now)?|most read|popular posts)\s*([:»›>]\s*[^.!?]{0,120}[!?]?)?$",
        ),
        # The site says it uses cookies, opening the line ("We use cookies", "This website
        # uses cookies"), alone or with what a banner tells its reader (``_BANNER_EN``); or
        # a line speaking to the reader about cookies ("By continuing, you agree to our
        # cookie policy"). A story's sentence that names cookies ("The regulator said the
        # site uses cookies to track users", "The court ruled that the platform's cookie
        # policy broke the law") does neither, and stays.
        (
            "cookie-banner",
            r"^((we( and our (\w+ )?partners)?|this (site|website|web site|page|portal|app"
            r"|service)|our (site|website|web site|app|partners))( also)? (use|uses|may use"
            r"|are using|is using|place|places|set|sets|store|stores)( small files called)?"
            r" cookies\b([.!]?|[\s,.;:]+" + _BANNER_EN + r"[^!?]{0,250}?)"
            r"|" + _READER_EN + r".{0,80}\b(use of cookies|(accept|allow|reject)( all)? cookies"
            r"|cookies? (policy|settings|preferences|notice)|manage (your )?(consent|cookies)"
            r"|(consent|agree) to (the use of |our use of |our |the )?cookies)\b.{0,160})$",
        ),
        # its buttons and links, whole lines
        (
            "cookie-banner",
            r"^((accept|reject|decline|refuse|allow)( all| only necessary| only essential"
            r"| necessary| essential)?( cookies)?|got it|ok,? got it|cookies? (policy|settings"
            r"|preferences|notice)|manage (your )?(consent|cookies)( preferences| settings)?"
            r"|(read|see|view|review) (our|the) cookie (policy|notice)( for (more )?(details"
            r"|information))?)[.!]?$",
        ),
        # "Follow us on X, Telegram and LinkedIn"; not "Follow us on X, the hackers wrote"
        ("follow-us", rf"^follow us( on ({_NETWORKS}|social media)(\s*(,|&|\band\b)\s*"
                      rf"{_NETWORKS})*(\s*[:–—-]?\s*(https?://\S+|@[\w.]+))?)?[.!]?$"),
        ("relative-age", rf"^((updated|posted|published)\s+)?{_AGE}$"),
        ("reading-time", rf"^({_READ_TIME})$"),
        (
            "comments",
            r"^((\d+\s+)?comments?|leave a (comment|reply)|join the (discussion|conversation))$",
        ),
        # a list of short items ("Tags: Bitcoin, DeFi, SEC v. Quay"), not a sentence after
        # the word ("Tags: the exchange added new tags to flag risky tokens")
        ("tags", r"^tags?:\s*([^\s,|·•;.!?]+(\s+[^\s,|·•;.!?]+){0,5}"
                 r"(\s*[,|·•;]\s*[^\s,|·•;.!?]+(\s+[^\s,|·•;.!?]+){0,5}){0,20})?\.?$"),
        ("author-bio", r"^about the author:?$"),
        (
            "author-bio",
            # ... the role said where ("a reporter at Quay Post", "a contributor to Quay
            # Post", "a writer based in Lisbon", "a reporter covering DeFi"): "a contributor
            # to the project since 2019" is a profile's sentence
            r"^(?-i:[A-Z][\w.'’-]+(\s[A-Z][\w.'’-]+){0,3}) (is|has been) an? (staff |senior "
            r"|freelance |contributing |technology |markets |crypto )?(reporter|writer|journalist"
            r"|editor|correspondent|contributor)(\s*[,.;]|\s+(who|based|covering|and)\b|\s+(at"
            r"|for|with|to|on) (the )?(?-i:[A-Z0-9]))"
            r".{0,160}\b(covers?|covering|writes?|writing|based in)\b.{0,200}$",
        ),
        # "Image: Agency", "Photo by Ann Example on Unsplash", "(Image credit: Agency)",
        # "Illustration by ...", "Credit: ..."
        (
            "image-credit",
            r"^((image|photo|photograph|picture)( credit)?:\s*.{1,80}"
            r"|[(\[]?((image|photo|photograph|picture|illustration|graphic|video)s?"
            r"\s*(\bby\b|\bvia\b|\bcourtesy( of)?\b|credits?:)"
            r"|((cover|header|featured|lead|top) (image|photo) )?credits?:)"
            r"\s*[^.!?]{1,80}[)\]]?\.?)$",
        ),
        # a share or view counter: "1.2K shares", "3,400 views"
        (
            "social-count",
            r"^\d[\d.,]*\s*[km]?\+?\s+(shares?|likes?|views?|reads?|reactions?|claps?"
            r"|retweets?|reposts?)$",
        ),
        # ... and the buttons with their counts, as a copy of the page reads them: "Share 14
        # Tweet 9 Share 3", "Share on X 12 · Telegram 4", "14 shares 9 comments", "Tweet 9",
        # "Like 120 Share": the line opens with a button (or a count and a button's word),
        # holds a count and nothing but buttons, networks and counts; "Shares fell 14% on
        # Tuesday." goes on with a sentence's words
        (
            "social-count",
            # (each token one way only, a separator between them: linear)
            rf"^({_COUNT} {_COUNT_BUTTON}|{_COUNT_BUTTON}( on {_NETWORKS})?(?=\D{{0,40}}\d))"
            rf"(\s*[·•|/]\s*|\s+)?(({_COUNT_BUTTON}|{_NETWORK_NAMES}|reddit|pinterest|e-?mail"
            rf"|print|on|{_COUNT})(\s*[·•|/]\s*|\s+|$)){{0,12}}$",
        ),
        # a paywall's teaser where the text stops: "Subscribe to continue reading",
        # "Already a subscriber? Log in", "Get unlimited access for $1 a week"
        (
            "paywall",
            # ... told to the reader: opening the line ("Subscribe to continue reading",
            # "Please sign in to read the full article", "You must be a subscriber to read
            # more", after a question: "Want more? Register to unlock this story"), about the
            # text: "Users must sign in to unlock the vault" is a story's sentence
            r"^([^.!?]{0,60}[?:.!]\s*)?(please |you (must|need to|have to|will need to) "
            r"(be |become )?|(to (continue|keep) reading|to read (more|on)),? )?(an? |the )?"
            r"(subscribe|subscription|subscriber|sign in|log in|login|register"
            r"|create (a free |an )?account|become a "
            r"(member|subscriber))\b.{0,40}\b(to (continue|keep) reading|to read (the (full|whole"
            r"|rest of the|complete) )?(article|story|post|piece|text|content|more)|to unlock (this"
            r"|the) (article|story|post|piece|text|content|report)|for (full|unlimited) access)"
            r"\b.{0,80}$",
        ),
        (
            "paywall",
            r"^((already (a |an )?(subscriber|member|registered)|have an account)\b.{0,30}\b"
            r"(log ?in|sign ?in)\b.{0,20}"
            r"|(get|unlock|start your|try) (unlimited|full|digital|premium|all-access) "
            r"(access|subscription)\b.{0,80}"
            r"|this (article|story|content|post) is (only )?(for|available to|reserved for) "
            r"(paid |premium )?(subscribers|members)( only)?([.!]?|[.!:]\s+.{1,80}|\s*[-–—,]\s*"
            r"(subscribe|sign|log|join|become|upgrade)\b.{0,60}))$",
        ),
    )
)

# Rules that open with a free run of characters (".{0,80}\b(we use cookies|...") cost a
# microsecond or two on every line that is prose; they can only match a line holding one of
# these words, which is cheaper to look for first.
_NEEDLES: dict[re.Pattern[str], tuple[str, ...]] = {
    pattern: needles
    for pattern, needles in (
        (next(p for n, p in _FURNITURE_RULES if n == "newsletter"), ("newsletter",)),
        (next(p for n, p in _FURNITURE_RULES if n == "cookie-banner"), ("cookie", "consent")),
        (next(p for n, p in _FURNITURE_RULES if n == "paywall"),
         ("subscri", "sign in", "log in", "register", "member")),
    )
}
# A press release's contact block heading ("Media contact:", "Press inquiries", "Contacts"),
# perhaps with the contact after it ("Media contact: Jo Press, press@acme.example")
_CONTACT_HEADER_RE = (
    r"^((media|press|investor|investors|news|pr|editorial)( relations)?( and (media|investor"
    r"|press) relations)? (contacts?|enquiries|inquiries)|contacts|for (media|press|further"
    r"|more) (enquiries|inquiries|information)(,? (please )?contact( us)?)?|contacts?:)\s*:?"
    r"\s*(.{0,150}(@|\+?\d[\d ()-]{6,}).{0,60})?$"
)
_CONTACT_HEADER = re.compile(_CONTACT_HEADER_RE, re.IGNORECASE)
# Its legal section ("Forward-Looking Statements", "Safe Harbor Statement"), or a legal
# paragraph with no heading ("This press release contains forward-looking statements ...")
_LEGAL_HEADER = re.compile(
    r"^((cautionary|special) (note|statement|language)s? (regarding|concerning|about|on) )?"
    r"(forward[- ]looking (statements?|information)|safe harbou?r( statements?)?)\s*:?$",
    re.IGNORECASE,
)
_LEGAL_PARAGRAPH = re.compile(
    r"^((this|the) (press release|news release|release|announcement|communication)(?! of\b)"
    r"|certain (statements|information) (in|contained in) this (press release|news release"
    r"|release|announcement|communication))\b.{0,80}\bforward[- ]looking (statements?"
    r"|information)\b",
    re.IGNORECASE | re.S,
)
# Its company boilerplate's heading, "About Acme Corp", with the text under it opening on the
# company's name and saying what it is ("Acme Corp is a payments company ...")
_ABOUT_HEADER = re.compile(r"^About (?P<name>(?-i:[A-Z0-9][\w&.,'’-]*)(?: [\w&.,'’()-]+){0,5})$")
_ABOUT_TEXT = re.compile(r"\b(is|are) (a|an|the)\b|\b(founded|headquartered|based) in\b")
# Disclaimers with no "Disclaimer:" in front: an affiliate disclosure, "Not financial
# advice", "The views expressed in this article are those of the author ...", "This
# article is for informational purposes only ...". A dump keeps them as its editorial
# note; a feed's or a page's body loses them.
_DISCLAIMER = re.compile(
    r"^((this|the|our) (article|post|page|story|content|review|guide|site|website|newsletter)"
    r"( [\w ]{0,20})? (contains|includes|may contain|features) (affiliate|sponsored|partner)"
    r" links\b.{0,250}"
    # (from the links the reader follows: "We earn a commission on every trade" is a story's)
    r"|we (may )?(earn|receive|get) (a )?(small )?(commission|compensation|affiliate)"
    r"(?=.{0,120}?\b(links?|through|purchases?|you (buy|click|sign up|purchase)|at no (extra"
    r"|additional) cost)\b).{0,250}"
    r"|((this|it) is |this (article|post|content|video) is |nothing (here|in this (article"
    r"|post|video)) is |none of this is )?not (financial|investment|trading) advice"
    r"( or [^.!?]{0,40})?[.!]?|nfa\.?"
    r"|(the )?(views|opinions|views and opinions|opinions and views) expressed (in this"
    r"|here|herein|in the|by the)\b.{0,60}\b(are|is) (solely |entirely |only )?(those|that)"
    r" of the (author|writer|guest|host|contributor|speaker)s?\b.{0,300}"
    r"|(this|the) (article|content|information|material|post|video|newsletter)( [\w ]{0,30})?"
    r" (is|are) (provided )?(solely )?(for|intended for) (general )?(informational"
    r"|information|educational|entertainment) purposes( only)?\b.{0,300})$",
    re.IGNORECASE | re.S,
)
# A podcast's or a video's chapters: "Timestamps:" (or none) and a run of "00:00 Intro",
# "02:15 Why fees fell" ...; the run opens at 0:00, so a live blog's "10:30 Markets open"
# is no chapter list
_CHAPTERS_HEADER = re.compile(r"^(time ?stamps|chapters|time ?codes|episode chapters)\s*:?$",
                              re.IGNORECASE)
_CHAPTER = re.compile(r"^[(\[]?(\d{1,2}:)?\d{1,2}:\d{2}[)\]]?\s*[-–—:|]?\s+\S")
_CHAPTER_START = re.compile(r"^((time ?stamps|chapters|time ?codes|episode chapters)\s*:?\s*)?"
                            r"[(\[]?(0?0:)?0?0:00[)\]]?\s*[-–—:|]?\s+\S", re.IGNORECASE)
_TIMESTAMP = re.compile(r"(?<![\d:])(\d{1,2}:)?\d{1,2}:\d{2}(?![\d:])")
# A comment section's heading, a whole line: "34 Comments", "Comments (34)", "12 thoughts
# on “Headline”" and "One response to “Headline”" (WordPress themes), "Leave a Reply",
# "Post a comment" (Blogger), "Sort by: Newest" (Disqus and its kind), "Load more comments",
# WordPress's form note "Your email address will not be published. Required fields are
# marked *", "Comments are closed." A sentence that speaks of comments ("The agency received
# 34 comments on the proposal.") says more than these, and stays.
_COUNT_WORDS = r"(\d[\d,.]*[km]?|no|one|two|three|four|five|six|seven|eight|nine|ten)"
_COMMENTS_HEADER = re.compile(
    rf"^((({_COUNT_WORDS}\s+)?comments?|comments?\s*[(:]\s*\d[\d,.]*[km]?\)?)"
    rf"|{_COUNT_WORDS} (thoughts?|responses?|repl(y|ies)|comments?) (on|to) [\"“‘'«].{{1,200}}"
    r"|(leave|post|add|write|submit) a (comment|reply)( cancel reply)?"
    r"|join the (discussion|conversation)|(discussion|conversation) \(\d[\d,.]*\)"
    r"|sort( comments)? by:? (newest|oldest|best|top|latest|popular|most popular|most recent"
    r"|most liked|most replies|newest first|oldest first|recent)"
    r"|(load|show|view|see|read) (more|all|older|newer|previous|\d[\d,]*|all \d[\d,]*)"
    r" (comments|replies)"
    r"|your email address will not be published\.?( required fields are marked \*?\.?)?"
    r"|you must be (logged|signed) in to post a comment\.?"
    r"|comments (are|have been) (closed|disabled)( for this (article|story|post))?\.?)[:.!]?$",
    re.IGNORECASE,
)
# What follows such a heading in a comment section: "Reply", "Reply · 12 likes",
# "Dev_in_Leeds says:", a commenter's handle, "2 hours ago"
_COMMENT_MARK = re.compile(r"^(reply|reply\s*[·•|].{0,40}|\S.{0,60} (says|said|wrote):)$",
                           re.IGNORECASE)
_COMMENT_NEEDLES = ("comment", "reply", "repl", "respon", "thought", "sort", "email address",
                    "discussion", "conversation")
_COMMENT_LOOKAHEAD = 12  # lines after a heading in which to look for another mark
_SECTION_RULES = ("press-contact", "legal-notice", "about-company", "chapters", "comments")


def _comments_header(text: str) -> bool:
    low = text[:80].lower()
    return (len(text) <= 260 and any(needle in low for needle in _COMMENT_NEEDLES)
            and _COMMENTS_HEADER.match(text) is not None)


def _comment_mark(text: str) -> bool:
    """A line of a comment section: a heading of one, a reply button, a "... says:" line."""
    return _comments_header(text) or (len(text) <= 80 and _COMMENT_MARK.match(text) is not None)


def comments_start(texts: Sequence[str]) -> int | None:
    """The index of the heading a comment section opens with, which ends the article, or None.

    Only a heading of its own ("34 Comments", "Leave a Reply", ...) after some of the text's
    prose (two sentences at least), and only in the text's last part: past its middle, or
    with another mark of a comment section in the lines just after it (a "Reply", a
    "... says:", another such heading), so a section of an explainer titled "Comments"
    between two of its parts stays."""
    prose = 0
    for i, text in enumerate(texts):
        if prose >= 2 and _comments_header(text) and (
                2 * i >= len(texts)
                or any(_comment_mark(after) for after in texts[i + 1:i + 1 + _COMMENT_LOOKAHEAD])):
            return i
        prose += _is_prose(text)
    return None
_CONTACT_LINES = 8  # a contact block is a few lines: names, roles, addresses, numbers
_PHONE = re.compile(r"\+?\d[\d ()./-]{6,}\d")


def _section_start(text: str, following: str | None) -> str | None:
    """The closing section of a press release ``text`` opens, or None."""
    if _CONTACT_HEADER.match(text):
        return "press-contact"
    if _LEGAL_HEADER.match(text) or (
            "forward" in text[:250].lower() and _LEGAL_PARAGRAPH.match(text)
            and not _reported(text)):
        return "legal-notice"
    if ((_CHAPTERS_HEADER.match(text) and following and _CHAPTER.match(following))
            or (_CHAPTER_START.match(text) and (following and _CHAPTER.match(following)
                                                or len(_TIMESTAMP.findall(text)) >= 3))):
        return "chapters"
    about = _ABOUT_HEADER.match(text)
    if about and following:
        first = about.group("name").split()[0].strip(",.")
        head = following[:160]
        if following.startswith(first) or f" {first}" in head[:60]:
            if _ABOUT_TEXT.search(head):
                return "about-company"
    return None


def _in_section(section: str, text: str, heading: bool, taken: int) -> bool:
    """Whether ``text`` still belongs to the closing ``section`` (``taken`` lines so far)."""
    if section == "chapters":
        return bool(_CHAPTER.match(text)) and len(text) <= 200
    if section == "press-contact":
        return taken < _CONTACT_LINES and len(text) <= 200 and (
            "@" in text or bool(_PHONE.search(text)) or not _is_prose(text))
    return not heading


def section_marks(texts: Sequence[str], headings: Sequence[bool]) -> dict[int, str]:
    """The blocks of a press release's closing sections, by index: its company boilerplate
    ("About Acme Corp" and the text under it), its contact block ("Media contact:" and the
    names, addresses and numbers under it) and its legal notice ("Forward-looking
    statements" and the paragraphs under it), and a comment section, which ends the text
    (``comments_start``). ``headings[i]``: block ``i`` is a heading.

    An "About ..." section counts only at the end: what follows it, up to the next heading
    or the end, is more such furniture (a contact block, "SOURCE Acme Corp", the related
    posts), so a section "About Ethereum" in the middle of an explainer stays."""
    marks: dict[int, str] = {}
    section: str | None = None
    taken = 0
    end = comments_start(texts)
    if end is not None:  # a comment section runs to the end: the commenters and their text
        marks.update(dict.fromkeys(range(end, len(texts)), "comments"))
        texts = texts[:end]
    for i, text in enumerate(texts):
        following = texts[i + 1] if i + 1 < len(texts) else None
        start = _section_start(text, following)
        if start == "about-company" and not _ends_in_furniture(texts, headings, i):
            start = None
        if start:
            section, taken = start, 0
            marks[i] = start
            continue
        if section and _in_section(section, text, headings[i], taken):
            marks[i] = section
            taken += 1
            continue
        section = None
    return marks


def _ends_in_furniture(texts: Sequence[str], headings: Sequence[bool], at: int) -> bool:
    for j in range(at + 1, len(texts)):
        text = texts[j]
        following = texts[j + 1] if j + 1 < len(texts) else None
        if _section_start(text, following) or furniture_rule(text):
            return True
        if headings[j]:
            return False
    return True


# Boilerplate that press releases, wire copy and publishers' templates close or interrupt a
# body with. Each: (rule name, pattern on the whole line, words one of which the line must
# hold, looked for first: most of these open with a free run of characters).
_CAPS = r"(?-i:[A-Z][\w.'’&-]*)"  # a capitalised word, whatever the rule's case
# "All rights reserved" as the other languages' copyright lines say it ("© 2026 Krypto Kai.
# Alle Rechte vorbehalten.", "版权所有 © 2026 ...", "저작권자 © ... 무단전재 및 재배포 금지"),
# the Latin and Cyrillic ones after no letter (the CJK ones follow the name unspaced)
_RESERVED_WORDS_LOCAL = (r"alle rechte vorbehalten|tous droits (de reproduction )?réservés"
                         r"|todos los derechos reservados|tutti i diritti riservati"
                         r"|todos os direitos reservados|alle rechten voorbehouden"
                         r"|все права защищены|tüm hakları saklıdır")
_RESERVED_CJK = (r"版权所有|版權所有|保留所有权利|無断(複製・)?転載(を)?(禁じます|禁止)"
                 r"|무단\s?전재\s?(및|&)\s?재배포\s?금지")
_RESERVED = rf"(?<![^\W\d_])(all rights reserved|{_RESERVED_WORDS_LOCAL})|{_RESERVED_CJK}"
_COPY_SIGN = r"(©|ⓒ|\(c\)|copyright|저작권자)"
# A cookie banner in other languages: the site says it uses cookies ("Wir verwenden
# Cookies", "Ce site utilise des cookies", "当サイトではCookieを使用しています"), alone or
# with what a banner goes on to tell its reader ("..., um Ihnen ... zu bieten", "En
# poursuivant votre navigation, vous acceptez ..."): a word for the reader, their consent
# or their settings (``_BANNER_WORDS``). A sentence of a story that names cookies ("Die
# Behörde prüft, ob die Börse Cookies setzt"; "Wir verwenden Cookies nur für die Anmeldung,
# sagte der Sprecher") says none of these, and stays. The banner's buttons and links are
# whole lines ("Alle Cookies akzeptieren", "Paramètres des cookies", "쿠키 설정"); the
# buttons that name no cookie ("Alle akzeptieren", "Tout refuser") are ``_LOCAL_RULES``'.
_COOKIE_WORD = r"(cookies?|çerez\w*|куки|クッキー|쿠키)"
_COOKIE_NEEDLES = ("çerez", "куки", "クッキー", "쿠키")  # ... and "cookie", as in English
_BANNER_WORDS = (
    r"(?=.*?(\b(you|your|consent|accept\w*|agree\w*|settings|privacy|ihnen|ihre?[mnrs]?|dir"
    r"|dein\w*|zustimm\w*|stimmen|einwillig\w*|akzeptier\w*|einverstanden|datenschutz\w*"
    r"|einstellungen|nutzungserlebnis|nutzererlebnis|surferlebnis|vous|votre|vos|consentement"
    r"|paramètres|paramétrer|confidentialité|usted|tu|tus|acept\w*|consentimiento"
    r"|configuración|configurar|privacidad|experiencia|tuo|tua|tuoi|vostr\w*|accett\w*"
    r"|consenso|impostazioni|informativa|esperienza|você|voce|seu|sua|aceit\w*|consentimento"
    r"|configurações|privacidade|experiência|uw|je|jouw|toestemming|instellingen"
    r"|privacybeleid|cookiebeleid|ervaring|вам|вас|ваш\w*|вы|соглас\w*|принима\w*|настройк\w*"
    r"|конфиденциальност\w*|size|sizin|siz|kabul|onay\w*|ayar\w*|deneyim\w*)\b"
    r"|(?-i:\bSie\b)|您|你|同意|接受|设置|設定|隐私|お客様|ユーザー|귀하|동의|설정|개인정보))"
)
_COOKIE_LOCAL = (
    # the site says it uses cookies
    r"((wir (verwenden|nutzen|benutzen|setzen)|(diese|unsere) (website|webseite|seite"
    r"|internetseite) (verwendet|nutzt|benutzt|setzt)|nous utilisons|(ce|notre) site( web"
    r"| internet)? utilise|utilizamos|usamos|(este|nuestro) sitio( web)? (utiliza|usa)"
    r"|esta (web|página( web)?) (utiliza|usa)|utilizziamo|usiamo|(questo|il nostro) sito"
    r"( web)? (utilizza|usa)|(este|o nosso|nosso) (site|website|portal) (utiliza|usa)"
    r"|(wij|we) gebruiken|(deze|onze) (website|site) gebruikt|мы используем|(этот|наш) сайт"
    r" использует)\b[^.!?,;:]{0,40}?\b" + _COOKIE_WORD + r"\b"
    r"|(bu (web )?sitesi?(nde)?|(web )?sitemiz(de)?)\s[^.!?]{0,60}?çerez\w*\s+kullan\w+"
    r"|[^.!?]{0,60}?çerez\w*\s+(kullanıyoruz|kullanmaktayız)"
    r"|(本(网站|网|站|平台)|我们)[^。！？!?]{0,20}?(使用|采用)[^。！？!?]{0,10}?cookies?"
    r"|(当サイト|本サイト|このサイト|当ウェブサイト|このウェブサイト|当社)(で|では|は)[^。]{0,30}?"
    r"(cookie|クッキー)を?(使用|利用)(して(い|お)ります|しています|します)"
    r"|((이|본|당) ?(웹 ?사이트|사이트|홈페이지)(는|에서는?)|(당사|저희)는)[^.]{0,30}?"
    r"쿠키를? ?(사용|이용)합니다)"
    # ... alone, or with more words for the reader
    r"([.!。]?|[\s,.;:、，。]?" + _BANNER_WORDS + r"[^!?？！]{0,250}?)"
    # a button or a link
    r"|((alle |nur (notwendige|erforderliche|essenzielle) )?cookies (akzeptieren|zulassen"
    r"|erlauben|ablehnen|verwalten)|cookie-?(einstellungen|richtlinie|hinweis|präferenzen)"
    r"|(accepter|refuser|autoriser) (tous )?les cookies|(paramètres|gestion|politique"
    r"|préférences) (des|de|relative aux) cookies|gérer (les|mes) cookies|(aceptar|rechazar"
    r"|permitir) (todas )?(las )?cookies|(configuración|ajustes|política|gestión) de cookies"
    r"|configurar cookies|(accetta|rifiuta|consenti) (tutti )?i cookie|(impostazioni"
    r"|informativa|gestione|preferenze) (dei |sui |sull['’]uso dei )?cookie|(aceitar|rejeitar"
    r"|recusar|permitir) (todos )?(os )?cookies|(configurações|definições|política|gestão)"
    r" de cookies|gerenciar cookies|(alle )?cookies (accepteren|toestaan|weigeren)"
    r"|cookie-?(instellingen|beleid|voorkeuren)|(принять|отклонить|разрешить)( все)?( файлы)?"
    r" (cookie|куки)|(настройки|политика)( использования)?( файлов)? (cookie|куки)"
    r"|(tüm )?çerezleri (kabul et|reddet)|çerez (ayarları|politikası|tercihleri)"
    r"|(接受|拒绝)(所有|全部)?\s*cookies?|cookies?\s*(设置|政策|偏好设置)"
    r"|(すべての)?(cookie|クッキー)を(受け入れる|許可する|拒否する)|(cookie|クッキー)\s*(設定"
    r"|ポリシー)|(모든 )?쿠키 (허용|거부|수락)|쿠키 (설정|정책))[.!]?"
)
# A word of a copyright line's owner: capitalised ("Quay Post Media"), a small word of a
# company's name ("by", "and its licensors", "Ltd") or in another script ("暗号チャンネル")
_OWNER = (r"((?-i:[A-Z0-9&@(\[\"'“‘«][^\s.!?。]*)|by|the|of|and|its|for|inc|ltd|llc|plc|co"
          r"|corp|gmbh|licensors|affiliates|[^\s.!?。]*[^\x00-\u024f\s.!?。][^\s.!?。]*)")
# ("Edited by Ann Example", "Compiled by Bob Sample", "Additional reporting by ...": the
# credit line's names, capitalised, to the line's end; "Compiled by Chainalysis, the data
# show ..." goes on as a sentence, and stays)
_CREDIT_VERB = (r"reporting|writing|editing|research|edited|compiled|produced|translated"
                r"|fact[- ]checked|graphics|fact[- ]checking")
_WIRE_PART = (rf"(additional )?({_CREDIT_VERB})( and ({_CREDIT_VERB}))?"
              rf" by {_CAPS}((,\s*|\s+(and|in|from|&)\s+|\s+){_CAPS}){{0,10}}")
# The lines a podcast's host adds to every episode's notes, whole lines only, each with
# nothing after it but an address: "Hosted on Acast. See acast.com/privacy for more
# information." (Acast), "Learn more about your ad choices. Visit megaphone.fm/adchoices"
# (Megaphone), "Support the show" (Buzzsprout's link), "--- Send in a voice message:
# https://..." and "Support this podcast: https://podcasters.spotify.com/..." (Anchor,
# Spotify for Podcasters), "Hosted by Simplecast, an AdsWizz company. See pcm.adswizz.com
# for information about ...", "See omnystudio.com/listener for privacy information." (Omny),
# "See Privacy Policy at https://art19.com/privacy ..." (ART19), "Privacy & Opt-Out:
# https://redcircle.com/privacy" (RedCircle), "Become a supporter of this podcast: ..."
# (Spreaker), "Powered by Libsyn", "Hosted on Podbean" ... A sentence about a show or its
# host goes on after those words ("Hosted on Acast since 2021, the show reached ...",
# "Support the show's hosts, the network urged listeners."), and stays.
_PODCAST_HOSTS = (r"(acast|megaphone|libsyn|anchor|spotify( for podcasters)?|buzzsprout"
                  r"|simplecast|transistor|podbean|captivate|spreaker|redcircle|omny( ?studio)?"
                  r"|art19|audioboom|blubrry|castos|fireside|pinecast|podigee|ausha|soundcloud"
                  r"|iheart(radio|podcasts)?|podcastics|whooshkaa|rss\.com|red circle)"
                  r"(\.(fm|com|co|io|net|de))?")
_ADDRESS = r"\(?(https?://)?[\w-]+(\.[\w-]+)+(/\S*?)?\)?"  # an address as its link shows it
_PODCAST_LINE = (
    rf"([-–—]{{2,3}}\s*)?(((this (podcast|show|episode) is )?(hosted|powered) (on"
    rf"|by) {_PODCAST_HOSTS}(,? an adswizz company)?[.!]?(\s+see {_ADDRESS} for [^.!?]{{1,120}}"
    rf"|\s*[:–—-]?\s*{_ADDRESS})?"
    rf"|see ({_ADDRESS} for privacy( and opt-out)?|\S*privacy\S* for more) information"
    rf"|see privacy policy at {_ADDRESS}( and california privacy notice at {_ADDRESS})?"
    rf"|learn more about your ad[- ]?choices\.?(\s*visit {_ADDRESS})?"
    rf"|(support (the|this|our) (show|podcast)( (on|at|via) (patreon|ko-fi|buy me a coffee"
    rf"|{_ADDRESS}))?|become a (supporter|member|patron)( of (the|this|our) (show|podcast))?( at"
    rf"| on)?|send (us |in )?a (voice message|text( message)?|message)|(advertising inquiries"
    rf"|privacy (&|and) opt-out))\s*[:.!–—-]?\s*({_ADDRESS})?"
    rf"|(·\s*)?anchor: the easiest way to make a podcast\.?\s*({_ADDRESS})?)[.!]?)"
)
_PODCAST_HOST = rf"^({_PODCAST_LINE})$"
# The labels of a cross-link to another story: "Related:", "Read more:", "Magazine:",
# "Don't miss:", "Must read:", "SEE ALSO:" ...
_CROSS_LABEL = (r"(related( (article|story|post|reading|coverage|news))?|read more|also read"
                r"|read also|see also|magazine|recommended( (read|reading|article|story))?"
                r"|don['’]t miss|must[- ]read|further reading|in case you missed it|icymi"
                r"|editor['’]?s picks?|read next|up next|more on this( story| topic)?"
                r"|more coverage|trending)")
# ... and the other story's headline: capitalised (a quote mark or a digit before it), no
# sentence's stop inside or at its end ("U.S." is an initial's, "0.5" a number's)
_HEADLINE_REST = (r"(?-i:[A-Z0-9\"“‘'$#])([^.!?]|\.(?=\S)|(?-i:(?<=\b[A-Z])\.(?=\s))){1,150}"
                  r"[!?]?")
# A time as a price widget prints it: "Nov. 25, 2026, 14:05 UTC", "2 p.m. ET", "press time"
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
_WEEKDAY = r"(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]{0,6}\.?"
_WHEN = (rf"(\d[\d:./-]*(st|nd|rd|th|h)?|[ap]\.?m\.?|utc([+-]\d{{1,2}})?|gmt|et|est|edt|pt"
         rf"|pst|pdt|cet|cest|bst|jst|sgt|hkt|kst|ist|{_MONTH}|{_WEEKDAY}|at|on|the|of|close"
         rf"|market|open|opening|noon|midnight|press|time|writing|publication|today|local)")
# An e-mail's link to itself or to the list's settings, as a newsletter's footer or header
# words it ("View this email in your browser", "Manage your subscription")
_MAIL_LINK = (r"(unsubscribe( here| now| (from|to) (this list|these (e-?mails|messages|updates)"
              r"|all (e-?mails|messages)|(our|the) (list|mailing list|newsletter)))?"
              r"|(update|manage|change|edit) (your )?(e-?mail |subscription |notification "
              r"|mailing )?(preferences|settings)|manage (your )?subscriptions?"
              r"|(e-?mail|subscription) (preferences|settings)"
              r"|(view|read|open|see) (it |this (post|e-?mail|newsletter|issue|message|edition) )?"
              r"(online|in (your |a |the )?(web )?browser|on the web))")
_BOILERPLATE_RULES: tuple[tuple[str, str] | tuple[str, str, tuple[str, ...]], ...] = (
        # "Partner content", "Sponsored by Example Wallet", "Advertisement - Scroll to
        # continue", "Article continues below advertisement"
        ("advertisement",
         r"^(partner content|paid (content|post|partnership)|sponsored (post|article|story)"
         r"|(in partnership with|sponsored by|presented by|brought to you by) [^.!?,;:]{1,50}"
         r"|((advertisement|advert|ad)\s*[-–—:|]\s*)?((story|article|content|text) continues"
         r" below( (the )?(advertisement|advert|ad))?|(continue reading|scroll( down)?"
         r"( to continue( reading| with content)?)?)( below)?))\.?$"),
        # an audio player's label: "Listen to this article · 4:12 min", "Audio version"
        ("audio-player",
         r"^(listen|listen to (this|the) (article|story|post)|listen to (the )?audio( version)?"
         r"( of this (article|story))?|audio version( of this (article|story))?"
         r"|play (the )?audio|hear this (article|story))\s*[:.]?\s*([-·•|(]?\s*"
         r"(\d{1,2}(:\d{2})+|\d+)\s*(min(ute)?s?)?\)?)?$"),
        # a copyright line: "© 2026 Quay Post. All rights reserved.", "Copyright 2026 Quay
        # Post" (five words at most after the year: the owner's name, ``_OWNER``, when the
        # word "Copyright" opens it with no sign and no "All rights reserved": "Copyright
        # 2026 rules were debated in parliament." is a sentence), "Copyright © Quay Post
        # Ltd. All rights reserved." (the reserved words after a year or a stop, not in a
        # sentence: "Copyright law protects works marked all rights reserved."), and the
        # wires' redistribution notice ("This material may not be published, broadcast,
        # rewritten or redistributed."; not "... without the court's consent, the judge
        # warned")
        ("copyright",
         rf"^((copyright(\s*\(c\))?|\(c\))\s*\d{{4}}(\s*[-–]\s*\d{{4}})?,?(\s+{_OWNER}){{1,5}}[.。]?"
         rf"|{_COPY_SIGN}\s*(©\s*)?\d{{4}}(\s*[-–]\s*\d{{4}})?,?(\s+[^\s.!?。]+){{1,5}}"
         rf"[.。]?\s*({_RESERVED})[.。]?"
         rf"|((copyright|\(c\))\s*)?(©|ⓒ|저작권자)\s*(©\s*)?\d{{4}}(\s*[-–]\s*\d{{4}})?,?"
         rf"(\s+[^\s.!?。]+){{1,5}}[.。]?"
         rf"|(©|ⓒ|\(c\)|저작권자).{{0,80}}?({_RESERVED})[.。]?"
         rf"|copyright(?=.{{0,80}}?(\d|©|ⓒ|[.,;|·–—-]\s*({_RESERVED}))).{{0,80}}?({_RESERVED})"
         r"[.。]?"
         r"|all rights reserved\.?|this (material|article|content|story) (may|must) not be "
         r"(published|reproduced|copied|republished|redistributed|distributed|broadcast)"
         r"((,|,? or|,? and) (published|broadcast|rewritten|redistributed|reproduced|copied"
         r"|republished|distributed|transmitted|stored|modified|used))*( in whole or in part"
         r"| in any (form|medium|manner)| without (the )?(prior |express |explicit )*(written )?"
         r"(permission|consent|authori[sz]ation)( of [^.!?,]{1,60})?)*\.?)$"),
        # a wire's credit line: "Reporting by Ann One in Example City; Editing by Bob Two"
        ("wire-credit", rf"^{_WIRE_PART}(\s*[;,]\s*{_WIRE_PART})*\.?$"),
        # an agency's photo credit: "Ann Example/Getty Images", "(AP Photo/Ann Example)"
        ("image-credit",
         r"^[(\[]?([^.!?()]{0,60}(/|\bvia\s|\|\s*))?(getty images|shutterstock|alamy"
         r"|istock(photo)?|unsplash|pexels)(\s*(/|via|\|)\s*[^.!?()]{1,40})?[)\]]?$"
         r"|^\(?(ap|afp|reuters|epa|ansa) photo\s*/\s*[^.!?()]{1,60}\)?$",
         ("getty", "shutterstock", "alamy", "istock", "unsplash", "pexels", "photo")),
        # the publisher's own channels: "Follow Quay Post on Google News", "Join our
        # Telegram channel for the latest news", "Want more? Follow us on X"
        ("follow-us",
         rf"^([^?]{{0,40}}\?\s*)?((follow|find) (us|{_CAPS}( {_CAPS}){{0,3}}) on {_NETWORKS}"
         rf"\b[^.!?]{{0,60}}|join (us on {_NETWORKS}|our [\w ]{{0,30}}?(channel|community"
         rf"|group|server)( on {_NETWORKS})?)\b[^.!?]{{0,60}})[.!]?$"),
        ("follow-us",  # an author box's contact line: "Follow her on X @janeroe"
         rf"^(follow|reach|contact|e-?mail) (him|her|them) (on|at|via) ({_NETWORKS}\b"
         r"|\S+@\S+|@\w+)[^,;]{0,60}$"),
        # "Got a news tip? Email us at ...", "Did you find this useful? Share it with friends"
        ("tip-line",
         r"^(got|have|know of) (a )?(news |story )?tips?( or [^?]{0,30})?\?\s*(e-?mail"
         r"|contact|send|write to|reach|get in touch|message|dm)\b.{0,120}$"),
        # an author box's bio that ends on how to reach the author: "Jane Roe is a senior
        # reporter at Quay Post. Follow her on X @janeroe."
        ("author-bio",
         rf"^{_CAPS}( {_CAPS}){{0,3}} (is|was|has been) (a|an|the) [^.]{{0,80}}\b(reporter"
         r"|writer|journalist|editor|correspondent|contributor|columnist|analyst|producer"
         r"|author)s?\b.{0,200}\b(follow|reach|contact|e-?mail) (him|her|them)\b.{0,120}$",
         ("follow h", "follow t", "reach h", "reach t", "contact h", "contact t", "mail h",
          "mail t")),
        ("share-widget",
         r"^([^?]{0,60}\?\s*)?share (it|this( article| story| post)?) with (your )?(friends"
         r"|followers|colleagues|network|others)( and (family|followers|colleagues))?[.!]?$"),
        # a comments box: "Add a comment", "View 12 comments", "Let us know in the comments"
        ("comments",
         r"^((add|post|write|view|show|load|read|see)( all| the)?( \d+)? (a )?comments?"
         r"|([^?]{0,60}\?\s*)?let us know (what you think )?in the comments( below"
         r"| section)?[.!]?|comments (are|have been) (closed|disabled)\.?)$"),
        # a subscribe button after a question, or "Click here to subscribe"
        ("subscribe",
         r"^([^?]{0,60}\?\s*)?(click here to |please )?(subscribe|sign up)( (now|today|here"
         r"|for free|to our newsletter|(to|for) (our|the|a|free) [^.!?]{0,40}\b(newsletters?"
         r"|briefing|digest|alerts|updates|e-?mails?|account|trial|membership|access)))?[.!]?$"),
        # navigation between stories and around the page
        ("navigation",
         r"^([«‹←<]\s*)?((next|previous|prev|older|newer) (article|post|story|page)"
         r"|back to (top|home)|skip to (main )?content)\s*[»›→>]?$"),
        ("read-more",
         r"^(recommended (stories|articles|reading|videos)|related (coverage|content|news"
         r"|videos)|more on this (story|topic)|read next|up next|most (popular|viewed)"
         r"|don['’]t miss|editor['’]?s picks?|top stories|latest (news|stories|posts)"
         r"|continue reading)\s*:?$"),
        ("relative-age", rf"^(last )?(updated|posted|published):\s*{_AGE}$"),
        ("cookie-banner",
         # (the reader addressed: "Regulators questioned the use of cookies by lenders" and
         # "We and our partners use the bridge daily" are a story's)
         r"^(" + _READER_EN + r".{0,80}\buse of cookies\b.{0,120}"
         r"|we and our partners (store|use|process)\b(?=.*?\b(cookies?|devices?|personal data"
         r"|information|identifiers)\b).{0,200}"
         r"|we (value|care about|respect) your privacy\.?|do not sell( or share)? my "
         r"personal information|(manage|privacy|cookie|consent) (preferences|choices)"
         rf"|allow all( cookies)?|i accept|{_COOKIE_LOCAL})$",
         ("cookie", "partners", "privacy", "personal information", "preferences", "choices",
          "allow all", "i accept", *_COOKIE_NEEDLES)),
        # a line that is only a link to a tweet's picture (left after its text)
        ("embed", r"^(https?://)?pic\.twitter\.com/\w+$"),
        # the label of a video the page embedded (the player itself is not text)
        ("embed", r"^watch( (it|this|the (full )?video))?( (below|here|now))?\s*[:.]?$"),
        # a press release's close: "###", "-ENDS-", "SOURCE Acme Corp"
        ("press-release", r"^(#\s*#\s*#|[-–—]\s*ends\s*[-–—]|(?-i:ENDS))$"),
        ("press-release", r"^(?-i:SOURCE [A-Z][^.!?]{1,60})$"),
        # "Media contact: Jo Press, press@acme.example" (the heading alone opens a section)
        ("press-contact", _CONTACT_HEADER_RE),
        # what a podcast's host adds to every episode's notes (``_PODCAST_HOST`` above)
        ("podcast-host", _PODCAST_HOST),
        # a cross-link to another story, mid-article: a label and the other story's
        # headline ("Magazine: Inside the Quiet Rise of Restaking Funds", "Don't miss: ...",
        # "Related: U.S. Regulator Delays Its Ruling"): the title opens capitalised and holds
        # no sentence's stop (an initial's, "U.S.", is none); "Related: the fund's second vote
        # failed too, its treasurer said." is a sentence, and stays
        ("read-more", rf"^{_CROSS_LABEL}\s*[:»›>|–—-]\s*{_HEADLINE_REST}$"),
        # a newsletter's plug: its name, then a pitch to the reader ("Daily Debrief
        # Newsletter: Start every day with the top stories ..."); "The Ledger Newsletter:
        # a history of the list" pitches nothing
        ("newsletter",
         rf"^{_CAPS}( {_CAPS}){{0,4}} newsletters?\s*[:–—|-]\s*(?=(start|get|sign|subscribe"
         r"|join|stay|receive|catch|never|keep|delivered|every|the (best|latest|top|biggest"
         r"|most)|(a )?(daily|weekly)|your|free)\b|[^.!?]{0,60}?\b(you|your|inbox|sign up"
         r"|subscribe|for free)\b).{1,300}$",
         ("newsletter",)),
        # "Subscribe to Quay Post on Substack", "Join the Ledger Letter on Beehiiv for ..."
        ("subscribe",
         r"^(subscribe|sign up|join)( now| today| for free)?( to| for)? [^.!?]{1,60}? (on|at|via)"
         r" (substack|beehiiv|ghost|buttondown|patreon|medium|convertkit|mailchimp|revue)\b"
         r"[^.!?]{0,80}[.!]?$"),
        # a price widget's credit and time ("Price data by Coinmock", "Market data provided
        # by Coinmock", "Prices as of Nov. 25, 2026, 14:05 UTC", "Prices as of press time");
        # "Prices by region rose" and "Prices as of Friday had fallen" go on as sentences
        ("price-widget",
         rf"^((price|market|pricing|token|coin|chart) data|prices|price feeds?|quotes|charts?)"
         rf"( (is|are))?( (provided|powered|supplied|sourced))? (by|from|via|courtesy of)"
         rf" {_CAPS}(( of| and| &)? {_CAPS}){{0,5}}\.?"
         rf"|(all )?(prices?|price data|market data|data|figures|quotes|rates)( (are|were|is))?"
         rf"( (accurate|correct|current|updated))? (as of|at) {_WHEN}([\s,]+{_WHEN}){{0,10}}"
         rf"\.?$"),
        # a note that the story ran elsewhere first ("This article was originally published
        # on Quay Post", "This story originally appeared in Ledger Weekly.", "Originally
        # published at quay.example"): the article speaking of itself
        ("syndication-note",
         r"^((this (article|story|post|piece|report|essay|column|interview|op-ed)|(a )?version"
         r" of this (article|story|post|piece|report)) (was |has been )?(originally|first) "
         r"|originally )(published|appeared|posted|ran)( (on|in|at|by))? ([^.!?]|\.(?=\S)){1,120}"
         r"[.!]?$"),
        # the lines a newsletter's e-mail (and its archive's copy, and a forum's) adds to
        # every post: its links to itself and to the list's settings, alone or in a row
        # ("View this post online", "View in browser", "Unsubscribe | Update your
        # preferences", "Don't want these emails? Unsubscribe"); "Unsubscribe requests
        # rose 40% after the change" goes on as a sentence, and stays
        ("mail-links", rf"^([^?]{{0,80}}\?\s*)?(please |you can |click here to )?{_MAIL_LINK}"
                       rf"(\s*([|·•,/]|-|\b(or|and)\b)\s*(click here to )?{_MAIL_LINK})*"
                       r"\s*[.!]?$"),
        # Discourse's counters and its link to the topic, closing each post it mails or
        # feeds: "12 posts - 7 participants", "Read full topic"
        ("forum-counter",
         r"^(\d[\d,.]*\s+posts?\s*[-–—·|,]\s*\d[\d,.]*\s+participants?"
         r"|(posts|participants|replies):\s*\d[\d,.]*)$"),
        # ... and the note on why the reader got it ("You are receiving this email because
        # you subscribed to ...", "This email was sent to ann@example.com"; "This email was
        # sent to every customer on Monday." is a story's)
        ("mail-links",
         r"^(you( are|['’]re)? receiv(ed|ing) this (e-?mail|newsletter|message|update)"
         r"|this (e-?mail|newsletter|message) was sent to \S+@\S+)\b.{0,250}$",
         ("this email", "this e-mail", "this newsletter", "this message", "this update")),
        ("read-more", r"^read (the )?full (topic|thread|discussion|post)\s*[.!»›→]?$"),
        # a sponsor's read in a video's, a podcast's or a newsletter's notes: "This video is
        # sponsored by Example VPN. Use code CIRCUIT for 20% off.", "Sponsored by Quillstack
        # — the platform that reads your logs. Go to quillstack.example/show for 3 months
        # free." (the sponsor's name, a pitch after a dash, then the offer); "Sponsored by
        # the state, the program covers 40% of costs." names no sponsor alone, and stays
        ("sponsor",
         r"^((this|today['’]s) (video|episode|show|podcast|newsletter|post|issue|edition)"
         r" (is|was) (sponsored|brought to you|supported|presented) by|sponsored by"
         r"|(thanks|thank you) to (our sponsor|today['’]s sponsor)[,:]?) [^.!?,;:]{1,50}"
         r"(\s*[—–:-]\s*[^.!?]{1,120})?[.!]?(\s+[^.!?]{0,80}\b(use (the )?(promo |discount"
         r" )?code|go to|visit|head (over )?to|sign up at|try it|\d+% off|for free|months?"
         r" free|free trial)\b[^!?]{0,160})?[.!]?$",
         ("sponsor", "brought to you", "presented by", "supported by")),
        # a creator's links under a video: "Support the channel on Patreon: https://...",
        # "Merch: https://...", "Discord: https://..." (a label and an address, nothing else)
        ("channel-links",
         rf"^((support (the|this|our|my) (channel|work|videos?|newsletter|blog)"
         rf"( (on|at|via) (patreon|ko-fi|buy me a coffee|github sponsors))?|become a (patron"
         rf"|channel member|member|supporter)( on patreon| of the channel)?|merch|merchandise"
         rf"|shop|store|patreon|ko-fi|discord|twitch|instagram|tiktok|threads|mastodon|bluesky"
         rf"|twitter|x|facebook|website|newsletter|donate|business (inquiries|enquiries|e-?mail"
         rf"|contact)|my gear|gear|socials)\s*[:–—-]\s*{_ADDRESS}"
         rf"|support (the|this|our|my) (channel|work|videos?) (on|at|via) (patreon|ko-fi"
         rf"|buy me a coffee|github sponsors))[.!]?$",
         ("support", "patreon", "merch", "shop", "store", "discord", "twitch", "instagram",
          "tiktok", "threads", "mastodon", "bluesky", "twitter", "x:", "facebook", "website",
          "newsletter", "donate", "business", "gear", "socials", "ko-fi", "member")),
        # a line of hashtags only: "#veridian #ai #chips" (a Markdown heading has a space
        # after its "#")
        ("hashtags", r"^#[^\W\d_][\w-]{0,40}(\s+#[^\W\d_][\w-]{0,40}){1,30}$", ("#",)),
        # a podcast's plea: "Subscribe on Apple Podcasts, Spotify, or wherever you get your
        # podcasts. Leave us a review!", "Rate and review us on Apple Podcasts"
        ("subscribe",
         r"^((subscribe|follow|listen)( to (us|the show|the podcast))?( (on|in|via)"
         r" (apple podcasts|spotify|youtube|overcast|pocket casts|google podcasts|castbox"
         r"|amazon music|stitcher|your (favou?rite )?podcast (app|player))\b[^.!?]{0,120}"
         r"|\b[^.!?]{0,80}\bwherever you (get|listen to) (your )?podcasts)[.!]?"
         r"(\s+(please )?(leave|give|write|rate)( us)?[^.!?]{0,40}\b(review|rating|stars?)"
         r"\b[^.!?]{0,40}[.!]?)?"
         r"|(please )?(rate|review|rate and review|leave (us )?a (review|rating))( us)?"
         r"( (on|in) (apple podcasts|spotify|your (favou?rite )?podcast (app|player)))?[.!]?)$",
         ("podcast", "spotify", "review", "rating")),
        # Substack's box: "Thanks for reading Silicon Signal! Subscribe for free to receive
        # new posts and support my work.", "Silicon Signal is a reader-supported
        # publication. To receive new posts and support my work, consider becoming a free or
        # paid subscriber."
        ("subscribe",
         r"^((thanks|thank you) for reading( [^.!?]{1,60})?[.!]\s*(subscribe|sign up)\b"
         r"[^!?]{0,160}|[^.!?]{1,60} is a reader-supported publication\.( to receive new"
         r" posts[^!?]{0,160})?)[.!]?$",
         ("for reading", "reader-supported")),
        # an author box at the foot of a story: "Callum Reyes covers cloud infrastructure for
        # TechLedger. Reach him at callum@techledger.example.", "Hollis Tan is ChipWatch's
        # senior hardware editor." (a name of two words or more, a beat for a capitalised
        # outlet, or the outlet's title for the author; no figures)
        ("author-bio",
         rf"^{_CAPS}( {_CAPS}){{1,3}} (covers|writes about|reports on) [^.!?$\d]{{1,120}}"
         rf" (for|at) {_CAPS}[^.!?]{{0,60}}\.(\s+(reach|contact|e-?mail|follow|write to)"
         rf" (him|her|them)\b.{{0,120}})?$"
         rf"|^{_CAPS}( {_CAPS}){{1,3}} is {_CAPS}( {_CAPS}){{0,3}}['’]s? ((senior|deputy|chief"
         rf"|managing|executive|contributing|staff|lead|associate) ){{0,2}}([\w-]+ ){{0,2}}"
         rf"(editor|reporter|writer|correspondent|columnist)\.$",
         (" covers ", " writes about ", " reports on ", "editor.", "reporter.", "writer.",
          "correspondent.", "columnist.")),
        # a row of share buttons: "Share on X · Share on LinkedIn · Copy link"
        ("share-widget",
         rf"^(share (on|via|to) {_NETWORKS}|copy link|e-?mail|print)(\s*[·•|/,]\s*"
         rf"(share (on|via|to) {_NETWORKS}|copy link|e-?mail|print)){{1,10}}$",
         ("share on", "share via", "share to")),
        # a German site's author initials closing the text: "(jko)", "(bac/dpa)"
        ("author-initials", r"^\((?-i:[a-z]{2,4})(\s*/\s*(?-i:[a-z]{2,4})){0,3}\)$", ("(",)),
        # a wire's note on what changed in this version: "(Updates with comment in paragraph
        # 5)", "(Adds analyst comment, byline)", "(Recasts, adds details)"
        ("wire-note",
         r"^\((updates?|adds|recasts|corrects|rewrites|repeats|refiles|changes|removes|fixes"
         r"|clarifies|inserts|deletes|writes through|tops|moves|advances|combines|expands"
         r"|restores|replaces)\b[^()]{0,150}\)$"),
)
# The rules with a needle tuple open with a free run of characters (1-6 us a line of prose):
# they are tried only on a line holding one of their words. The others are anchored on
# their first words, one of these (or a question before them: "Enjoyed this? Subscribe"),
# and are tried as one pattern only on a line that opens with one of them or with a sign
# ("©", "###", "«"): prose rarely does, and a line of prose is spared 3 us.
_BOILERPLATE_FIRST = frozenset("""
    partner paid sponsored in presented brought advertisement advert ad story article content
    text continue scroll listen audio play hear copyright all this additional reporting
    writing editing research follow find join reach contact email e-mail got have know share
    add post write view show load read see let comments click please subscribe sign next
    previous prev older newer back skip recommended related more up most don't don’t
    editor's editor’s editors top latest last updated posted published watch source media
    press investor investors news pr editorial contacts for
    the our we it not nothing none nfa views opinions
    hosted powered learn support become send advertising privacy anchor
    edited compiled produced translated fact-checked fact graphics magazine must also
    further icymi up trending price market pricing token coin chart prices quotes charts
    price feeds figures rates data originally
    unsubscribe update manage change edit open e-mail posts participants replies
""".split())
_BOILERPLATE = re.compile(
    "|".join(f"(?P<r{i}>{rule[1]})" for i, rule in enumerate(_BOILERPLATE_RULES)
             if len(rule) == 2),
    re.IGNORECASE,
)
_BOILERPLATE_NAMES = {f"r{i}": rule[0] for i, rule in enumerate(_BOILERPLATE_RULES)}
_GUARDED_RULES = tuple((rule[0], re.compile(rule[1], re.IGNORECASE), rule[2])
                       for rule in _BOILERPLATE_RULES if len(rule) == 3)
_RULES = (*((name, pattern, _NEEDLES.get(pattern, ())) for name, pattern in _FURNITURE_RULES),
          *_GUARDED_RULES)
# One network's button a line ("Twitter", "Telegram"): furniture only in a run that a share
# line opens ("Share this article"); anywhere else such a word may head a section.
# (and in other languages: "Drucken", "Imprimir", "Copier le lien", "VK", "微博", ...)
_SOCIAL_LOCAL = (r"(drucken|imprimir|imprimer|stampa|печать|yazdır|afdrukken"
                 r"|link kopieren|copiar enlace|copier le lien|copiar link|copia link"
                 r"|копировать ссылку|bağlantıyı kopyala|e-posta|xing|flipboard|vk|вконтакте"
                 r"|одноклассники|weibo|微博|微信|wechat|qq|line|kakaotalk|카카오톡|naver|네이버)")
_LONE_SOCIAL = re.compile(rf"^({_SOCIAL}|{_SOCIAL_LOCAL})$", re.IGNORECASE)

# ---- The same furniture in other languages (German, Spanish, French, Portuguese, Italian,
# Russian, Turkish, Chinese, Japanese, Korean; a few Dutch forms). Each phrase is matched
# as the whole line, as the English ones are, so prose that opens like furniture ("Teilen
# Sie uns mit, was Sie denken", "Hace tres años, el protocolo ...") stays.
# A relative age: "vor 2 Stunden", "hace 3 horas", "il y a 2 heures", "há 2 horas",
# "2 ore fa", "2 часа назад", "2 saat önce", "2小时前", "2時間前", "2시간 전"
_AGE_LOCAL = (
    r"vor\s+(\d+|einer?|einem)\s+(sekunden?|minuten?|min\.?|stunden?|std\.?|tag(en)?|wochen?"
    r"|monat(en)?|jahr(en)?)"
    r"|hace\s+(\d+|una?)\s+(segundos?|minutos?|min\.?|horas?|h|d[ií]as?|semanas?|mes(es)?"
    r"|años?)"
    r"|il y a\s+(\d+|une?)\s+(secondes?|minutes?|min\.?|heures?|h|jours?|semaines?|mois"
    r"|ans?|années?)"
    r"|há\s+(\d+|uma?)\s+(segundos?|minutos?|min\.?|horas?|h|dias?|semanas?|m[eê]s(es)?"
    r"|anos?)"
    r"|\d+\s+(segundos?|minutos?|horas?|dias?|semanas?|meses|anos?)\s+atrás"
    r"|(\d+|una?)\s+(second[io]|minut[io]|min\.?|ore|ora|giorn[io]|settiman[ae]|mes[ei]"
    r"|ann[io])\s+fa"
    r"|(\d+|одну|один|одна)\s+(секунд[уы]?|минут[уы]?|мин\.?|час(а|ов)?|ч\.?|д(ень|ня|ней)"
    r"|недел[юиь]|месяц(а|ев)?|год(а)?|лет)\s+назад"
    r"|\d+\s+(saniye|dakika|dk\.?|saat|sa\.?|gün|hafta|ay|yıl)\s+önce"
    r"|\d+\s+(seconden|minuten|min\.?|uur|dagen|dag|weken|week|maanden|maand|jaar)\s+geleden"
    r"|\d+\s*(秒钟?|分钟|个?小时|天|周|个?星期|个?月|年)前"
    r"|\d+\s*(秒|分|時間|日|週間|[かヶヵカケ]月|年)前"
    r"|\d+\s*(초|분|시간|일|주|개월|달|년)\s*전"
)
_AGE_LOCAL_LABEL = (r"((aktualisiert|veröffentlicht|actualizado|publicado|mis à jour|publié"
                    r"|atualizado|aggiornato|pubblicato|обновлено|опубликовано|güncellendi"
                    r"|yayınlandı|bijgewerkt|gepubliceerd)\s*:?\s+)?")
# A category glued to a relative age, as the related-posts widget's text runs together
# ("Mercati2 ore fa", "Märktevor 2 StundenNeue Brücke ...", "市场2小时前"; in English
# ``_WIDGET_LINE``). A letter glued to a number or to "vor", "hace", "il y a", "há" is
# what prose never writes; a headline after the age is glued to it too (no space), and on
# a line whose age is Chinese, Japanese or Korean, whose prose glues everything, the age
# ends the line ("交易所2小时前暂停了交易" is a sentence).
_WIDGET_LINE_LOCAL = re.compile(
    r"^(?P<cat>[^\W\d_](?:[^\W\d_]|[&/.'’-]){0,24}(?: (?:[^\W\d_]|[&/.'’-])+){0,2}?)"
    rf"(?<=[^\W\d_])(?P<age>{_AGE_LOCAL})(?-i:(?<![A-ZÀ-ÞА-ЯЁ]))(?P<rest>.*)$",
    re.IGNORECASE,
)
# The lines worth trying it on: a category holds no digit, so the line's first digit (in
# its first 60 characters: a category is short) is the age's, right after a letter or after
# one of these words (or the age has no digit: "vor einer Stunde")
_FIRST_DIGIT = re.compile(r"[0-9]")
_AGE_WORDS_LOCAL = ("vor ", "hace ", "il y a ", "há ")
# the words ending so that are no category's ("Zuvor 2 Stunden", "Bevor 2 Stunden ...")
_NOT_WIDGET_LOCAL = frozenset({"zuvor", "bevor", "davor", "hervor", "wovor", "deshace",
                               "rehace"})
# A reading time: "Lesezeit: 5 Minuten", "5 Min. Lesezeit", "Temps de lecture : 4 min",
# "Lectura de 5 minutos", "5 minuti di lettura", "Leestijd: 5 minuten", "5 минут чтения",
# "阅读时间 5 分钟", "5分で読めます", "읽는 시간 5분"; the whole line, so "Die Lesezeit
# beträgt 5 Minuten" stays
_READ_MINUTES = (r"(ca\.?\s*|etwa\s+|rund\s+|environ\s+|aprox\.?\s*|aproximadamente\s+"
                 r"|unos\s+|circa\s+|cerca de\s+|ongeveer\s+|около\s+|примерно\s+"
                 r"|yaklaşık\s+|~\s*)?\d+\s*(min\.?|minuten?|minuut|minutes?|minutos?"
                 r"|minut[io]|минут[аы]?|мин\.?|dakika(lık)?|dk\.?)")
_READ_TIME_LOCAL = (
    r"((geschätzte |voraussichtliche )?(lesezeit|lesedauer)|(temps|durée)( estimée)? de"
    r" lecture|lecture|tiempo (estimado )?de lectura|lectura|tempo (stimato )?di lettura"
    r"|lettura|tempo (estimado )?de leitura|leitura|(geschatte )?(leestijd|leesduur)"
    r"|время (чтения|на чтение)|(tahmini )?okuma süresi)\s*:?\s*" + _READ_MINUTES
    + r"|" + _READ_MINUTES + r"\s+(lesezeit|lesedauer|de lecture|de lectura|di lettura"
    r"|de leitura|leestijd|leesduur|lezen|чтения|на чтение|okuma( süresi)?)"
    r"|(lectura|leitura) de " + _READ_MINUTES
    + r"|(预计)?(阅读|閱讀)(时间|時間|时长|時長|需要|约需|大约需要)\s*[:：]?\s*(约|約|大约)?\s*\d+"
    r"\s*分钟?|(预计)?(约|約|大约)?\s*\d+\s*分钟(读完|阅读)"
    r"|(この記事は)?(約|およそ)?\s*\d+\s*分で読(めます|める)[。.]?"
    r"|読了(時間|目安)\s*[:：]?\s*(約)?\s*\d+\s*分"
    r"|(예상 )?(읽는|읽기) ?시간\s*[:：]?\s*(약 ?)?\d+\s*분|(약 ?)?\d+\s*분 읽기|읽는 데 \d+\s*분"
)
# the words such a line opens with (a line opening with a digit or in CJK is tried anyway)
_READ_FIRST = frozenset("""geschätzte voraussichtliche lesezeit lesedauer temps durée lecture
    tiempo lectura tempo lettura leitura geschatte leestijd leesduur время tahmini okuma
""".split())
# "Weiterlesen", "Leer más", "Lire la suite", ...: a teaser link, alone on its line (or
# closing a summary)
_MORE_PHRASES = (
    "weiterlesen", "mehr lesen", "mehr erfahren", "zum artikel", "zum vollständigen artikel",
    "ganzen artikel lesen",
    "leer más", "leer mas", "seguir leyendo", "sigue leyendo", "continuar leyendo",
    "continúa leyendo", "leer artículo completo", "leer el artículo completo",
    "lire la suite", "lire plus", "en savoir plus", "continuer la lecture", "lire l'article",
    "lire l’article",
    "leia mais", "continue lendo", "continuar lendo", "saiba mais", "leia a matéria completa",
    "leia a notícia completa",
    "continua a leggere", "leggi di più", "leggi tutto", "leggi l'articolo", "leggi l’articolo",
    "scopri di più",
    "читать далее", "читать дальше", "читать полностью", "подробнее", "продолжить чтение",
    "devamını oku", "devamı", "haberin devamı", "devamını okumak için tıklayın",
    "okumaya devam et",
    "lees meer", "verder lezen",
    "阅读全文", "查看全文", "阅读更多", "继续阅读", "点击阅读全文", "展开全文",
    "続きを読む", "の続きを読む", "もっと見る", "全文を読む", "記事を読む", "続きはこちら",
    "더 보기", "더보기", "기사 더보기", "기사 더 보기", "전체 기사 보기", "전체기사 보기",
    "계속 읽기", "계속읽기", "자세히 보기", "자세히보기",
)
_MORE_LOCAL = "|".join(re.escape(phrase) for phrase in _MORE_PHRASES)
# A related-posts box's heading: "Lesen Sie auch", "Lee también", "À lire aussi", ...
_RELATED_LOCAL = (
    r"lesen sie auch|lies auch|auch interessant|mehr zum thema|das könnte (sie|dich) auch"
    r" interessieren|ähnliche artikel|weitere artikel|verwandte artikel|meistgelesen"
    r"|lee también|lea también|(también )?te puede interesar|le puede interesar"
    r"|noticias relacionadas|artículos relacionados|lo más leído|te recomendamos"
    r"|à lire aussi|lire aussi|sur le même sujet|articles similaires|articles liés"
    r"|vous aimerez (peut-être )?aussi|les plus lus"
    r"|leia também|veja também|você também pode gostar|notícias relacionadas"
    r"|artigos relacionados|mais lidas"
    r"|leggi anche|(ti )?potrebbe (anche )?interessar(ti|e)( anche)?|articoli correlati"
    r"|più letti"
    r"|читайте также|смотрите также|похожие статьи|похожие новости|по теме|самое читаемое"
    r"|ayrıca okuyun|ayrıca oku|bunlar da ilginizi çekebilir|ilgili haberler|benzer haberler"
    r"|ilgili yazılar|en çok okunanlar"
    r"|lees ook|gerelateerde artikelen"
    r"|相关阅读|相关文章|相关新闻|推荐阅读|延伸阅读|热门文章"
    r"|関連記事|関連ニュース|あわせて読みたい|おすすめ記事|人気記事"
    r"|관련 ?기사|관련 ?뉴스|함께 ?보면 ?좋은 ?기사|추천 ?기사|많이 ?본 ?뉴스|인기 ?기사"
)
_NETWORKS_LOCAL = (rf"({_NETWORK_NAMES}|vk|вконтакте|дзен"
                   r"|weibo|微博|微信|line|kakaotalk|카카오톡|naver|네이버)")
_NEWSLETTER_LOCAL = (r"(newsletters?|boletín|boletines|boletim|infolettre|lettre d['’]information"
                     r"|rassegna|рассылк\w*|(e-?)?bülten\w*|新闻通讯|电子报|邮件通讯|ニュースレター"
                     r"|メールマガジン|メルマガ|뉴스레터)")
# A copyright line that opens with its "All rights reserved" in another language ("Alle
# Rechte vorbehalten.", "版权所有 © 2026 加密频道", "版权所有：加密频道", "無断転載を禁じます。");
# one that opens with its sign ("© 2026 ...", "저작권자 © ...") is the English rule's
_COPYRIGHT_LOCAL = re.compile(
    rf"^(({_RESERVED_WORDS_LOCAL}|{_RESERVED_CJK})([.。,，]?\s*{_COPY_SIGN}\s*(©\s*)?\d{{4}}"
    r"[^.!?。]{0,60})?[.。]?|(版权所有|版權所有)\s*[:：]\s*[^.!?。，,]{1,30})$",
    re.IGNORECASE,
)
# the words it opens with
_RESERVED_FIRST = frozenset("alle tous todos tutti все tüm".split())
_RESERVED_OPENINGS = ("版权", "版權", "無断", "무단")
# A cookie banner's buttons that name no cookie ("Alle akzeptieren", "Tout refuser",
# "全部接受"; those that do are ``_COOKIE_LOCAL``'s), alone on a short line. This pattern
# and ``_READING_TIME_LOCAL`` are tried on a short line only (``_localized_rule``), not
# with the others: a line of prose is spared them.
_CONSENT_LOCAL = re.compile(
    r"^(alle (akzeptieren|ablehnen)|akzeptieren|ablehnen|einverstanden|(einstellungen"
    r"|einwilligung|zustimmung) verwalten|datenschutz-?einstellungen|tout (accepter|refuser)"
    r"|accepter|refuser|j['’]accepte|accepter et fermer|continuer sans accepter|gérer (mes"
    r"|les) (choix|préférences)|aceptar( todo| todas| y cerrar)?|rechazar( todo| todas)?"
    r"|acepto|gestionar (el consentimiento|preferencias)|accetta( tutto| tutti)?|rifiuta"
    r"( tutto| tutti)?|accetto|gestisci (le )?(preferenze|il consenso)|aceitar( todos"
    r"| tudo)?|rejeitar( todos| tudo)?|recusar( todos| tudo)?|aceito|gerenciar (preferências"
    r"|consentimento)|alles (accepteren|weigeren)|accepteren|weigeren|akkoord|(voorkeuren"
    r"|toestemming) beheren|принять( все)?|отклонить( все)?|tümünü (kabul et|reddet)"
    r"|kabul et|reddet|kabul ediyorum|全部接受|接受全部|接受所有|全部拒绝|拒绝全部|接受"
    r"|拒绝|同意并继续|すべて(受け入れる|拒否)|同意する|모두 (수락|허용|동의|거부)|동의합니다)"
    r"\s*[.!]?$",
    re.IGNORECASE,
)
# the words they open with
_CONSENT_FIRST = frozenset("""alle akzeptieren ablehnen einverstanden einstellungen
    einwilligung zustimmung datenschutzeinstellungen datenschutz-einstellungen tout accepter
    refuser j'accepte j’accepte continuer gérer aceptar rechazar acepto gestionar accetta
    rifiuta accetto gestisci aceitar rejeitar recusar aceito gerenciar alles accepteren
    weigeren akkoord voorkeuren toestemming принять отклонить tümünü kabul reddet""".split())
_LOCAL_RULES: tuple[tuple[str, str], ...] = (
    ("relative-age", rf"^{_AGE_LOCAL_LABEL}({_AGE_LOCAL})$"),
    # "Weiterlesen »", "Lesen Sie auch: <headline>", "相关阅读：<headline>"
    ("read-more",
     rf"^({_MORE_LOCAL}|{_RELATED_LOCAL})(\s*[»›→>…]+|\.\.\.)?\s*([:：»›>→]\s*[^.!?。！？]{{0,120}}"
     r"[!?]?)?$"),
    ("advertisement",
     r"^[-–—]*\s*(anzeige|werbung|werbeanzeige|gesponsert|partnerinhalt|publicidad"
     r"|contenido patrocinado|patrocinado|publicité|contenu sponsorisé|sponsorisé|publicidade"
     r"|conteúdo patrocinado|pubblicità|contenuto sponsorizzato|sponsorizzato|реклама"
     r"|на правах рекламы|партнерский материал|reklam|sponsorlu( içerik)?|advertentie"
     r"|广告|推广|広告|スポンサー|광고|스폰서|협찬)\s*[-–—]*$"),
    ("share-widget",
     r"^(teilen|artikel teilen|diesen artikel teilen|beitrag teilen|jetzt teilen"
     r"|teilen (auf|per|via) \w+|compartir|compartir (en|por) \w+|comparte( este artículo)?"
     r"|compartir (este )?artículo|partager|partager (cet article|sur \w+|par \w+)"
     r"|compartilhar|compartilhe|compartilhar (no|via|por|este artigo) ?\w*|condividi"
     r"|condividi (su \w+|questo articolo|l['’]articolo)|поделиться|поделиться (в|во) \w+"
     r"|paylaş|haberi paylaş|bu haberi paylaş|delen|分享|分享到\w{0,8}|シェア|シェアする"
     r"|共有|공유|공유하기)\s*[:：.!]?$"),
    # "Folgen Sie uns auf X und Telegram", "Síguenos en redes sociales"; not "Folgen Sie
    # uns auf dem Weg ...": a network has to be named
    ("follow-us",
     r"^(folgen sie uns|folgt uns|folge uns|síguenos|siguenos|suivez-nous|suivez nous"
     r"|siga-nos|seguici|seguiteci|подписывайтесь на нас|следите за нами|bizi takip edin"
     r"|volg ons|关注我们|フォローする|팔로우하세요)"
     r"(\s+[^.!?]{0,40}?(\b" + _NETWORKS_LOCAL + r"\b|sozialen (medien|netzwerken)"
     r"|redes sociales|réseaux sociaux|redes sociais|social( network)?|соцсетях"
     r"|социальных сетях|sosyal medya)[^.!?]{0,40})?[.!]?$"),
    # "Abonnieren Sie unseren Newsletter", "Suscríbete a nuestro boletín", "Iscriviti alla
    # newsletter", "Newsletter abonnieren", "ニュースレターに登録": the reader is told to,
    # about a newsletter, in one short line without a clause after a comma ("Abonnieren Sie
    # den Newsletter nicht, warnte ..." and "Den Newsletter wollten nur wenige abonnieren"
    # are prose)
    ("newsletter",
     r"^(abonnieren sie|abonniere|melden sie sich|melde dich|registrieren sie sich"
     r"|suscríbete|suscribete|suscríbase|suscribirse|apúntate|regístrate|abonnez-vous"
     r"|inscrivez-vous|abonne-toi|inscris-toi|recevez|assine|inscreva-se|cadastre-se|receba"
     r"|iscriviti|abbonati|ricevi|подпишитесь|подписывайтесь|подписаться|получайте"
     r"|abone olun|kaydolun|schrijf je in|订阅|立即订阅)\s*(\S+\s*){0,3}?"
     + _NEWSLETTER_LOCAL + r"[^.!?,;]{0,100}[.!]?$"
     r"|^((jetzt|zum|unseren?|den|el|la|le|o|il|la nostra|nuestra|nuestro|notre|nossa"
     r"|nosso)\s+)?" + _NEWSLETTER_LOCAL
     + r"\s*(\S+\s+)?(abonnieren|anmelden|bestellen|suscribirse|s['’]abonner"
     r"|s['’]inscrire|assinar|inscrever-se|iscriviti|подписаться|abone olun?|kaydolun?"
     r"|に登録|を購読|登録する|購読する|구독|구독하기|구독하세요|신청)[.!]?$"),
    # a subscribe button alone: "Jetzt abonnieren", "Suscríbete", "S'abonner", "구독하기"
    ("subscribe",
     r"^((jetzt )?(abonnieren|anmelden|registrieren)|suscríbete|suscribete|suscribirse"
     r"|s['’]abonner|abonnez-vous|s['’]inscrire|inscreva-se|assine( já)?|assinar"
     r"|iscriviti( ora)?|abbonati|подписаться|подпишитесь|abone ol|kaydol|abonneren"
     r"|订阅|立即订阅|購読する|登録する|今すぐ登録|구독|구독하기)\s*[.!]?$"),
)
_LOCAL = re.compile("|".join(f"(?P<l{i}>{rule[1]})" for i, rule in enumerate(_LOCAL_RULES)),
                    re.IGNORECASE)
_LOCAL_NAMES = {f"l{i}": rule[0] for i, rule in enumerate(_LOCAL_RULES)}
# The words these open with (lower case, as ``furniture_rule`` splits them): a line in
# English never opens with one, so it is spared the pattern by a set lookup. A line in
# Chinese, Japanese or Korean is tried when short, a line opening with a digit ("2 ore fa")
# or a sign ("- Anzeige -") when very short.
_LOCAL_FIRST = frozenset("""
    weiterlesen mehr zum ganzen lesen lies auch das ähnliche weitere verwandte meistgelesen
    anzeige werbung werbeanzeige gesponsert partnerinhalt teilen artikel diesen beitrag jetzt
    folgen folgt folge abonnieren abonniere melden melde registrieren anmelden
    newsletter unseren unser den vor aktualisiert veröffentlicht
    leer seguir sigue continuar continúa lee lea también te le noticias artículos lo
    publicidad contenido patrocinado compartir comparte síguenos siguenos suscríbete
    suscribete suscríbase suscribirse apúntate regístrate hace actualizado publicado el
    nuestra nuestro boletín
    lire en continuer à sur articles vous les publicité contenu sponsorisé partager
    suivez-nous suivez abonnez-vous inscrivez-vous abonne-toi inscris-toi recevez s'abonner
    s’abonner s'inscrire s’inscrire il mis publié notre
    leia continue saiba veja você notícias artigos mais publicidade conteúdo compartilhar
    compartilhe siga-nos assine assinar inscreva-se cadastre-se receba há atualizado nossa
    nosso o
    continua leggi scopri potrebbe articoli ti più pubblicità contenuto sponsorizzato
    condividi seguici seguiteci iscriviti abbonati ricevi aggiornato pubblicato
    читать подробнее продолжить читайте смотрите похожие по самое реклама на партнерский
    поделиться подписывайтесь следите подпишитесь подписаться получайте обновлено
    опубликовано
    devamını devamı haberin okumaya ayrıca bunlar ilgili i̇lgili benzer reklam sponsorlu
    paylaş haberi bu bizi abone kaydolun kaydol güncellendi yayınlandı e-bülten e-bültenimize
    bültenimize
    la un una boletim infolettre rassegna рассылку рассылка одну один одна
    lees verder gerelateerde advertentie delen volg schrijf abonneren bijgewerkt
    gepubliceerd
""".split()) | _READ_FIRST | _CONSENT_FIRST | _RESERVED_FIRST
_LOCAL_STRIP = ":.,：»›→>…!"
# how a line opens that is tried by the English rules, whatever its first word
_NOT_LOCAL_OPENINGS = ("pic.twitter", "http", "저작권자")
# WordPress's "The post <headline> appeared first on <site>." as its translations write it
# (Yoast's and the themes' own): (the note, a phrase it must hold, looked for first). The
# headline opens with no small letter, as headlines do: "L'articolo originale proviene da
# Reuters." is prose. No "^": a summary is matched from where its last sentence starts.
_HEAD = r"(?-i:(?![a-zß-öø-ÿа-яё]))\S.{0,299}?"
_SITE = r".{1,120}?"
_NOTES_LOCAL: tuple[tuple[str, str], ...] = (
    (rf"der (beitrag|artikel) {_HEAD} erschien zuerst auf {_SITE}\.?$", "erschien zuerst auf"),
    (rf"(la entrada|el artículo|la publicación|el post) {_HEAD} se publicó primero en {_SITE}"
     r"\.?$", "se publicó primero en"),
    (rf"(la entrada|el artículo|la publicación|el post) {_HEAD} apareció primero en {_SITE}"
     r"\.?$", "apareció primero en"),
    (rf"l['’]article {_HEAD} est apparu en premier sur {_SITE}\.?$", "est apparu en premier sur"),
    (rf"(o post|o artigo|a publicação|a postagem) {_HEAD} apareceu primeiro em {_SITE}\.?$",
     "apareceu primeiro em"),
    (rf"l['’]articolo {_HEAD} proviene da {_SITE}\.?$", "proviene da"),
    (rf"(сообщение|запись|статья|пост) {_HEAD} (появились|появилось|появилась|появился)"
     rf" (сначала|впервые) на {_SITE}\.?$", "появил"),
    (rf"{_HEAD} yazısı ilk önce {_SITE} üzerinde ortaya çıktı\.?$", "ilk önce"),
    (rf"het bericht {_HEAD} verscheen eerst op {_SITE}\.?$", "verscheen eerst op"),
    (rf"投稿\s*{_HEAD}\s*は\s*{_SITE}\s*に最初に表示されました[。.]?$", "に最初に表示されました"),
    (rf"(文章|帖子|贴子)\s*{_HEAD}\s*最先出现在\s*{_SITE}\s*上?[。.]?$", "最先出现在"),
)
_NOTES = tuple((re.compile(pattern, re.IGNORECASE | re.S), needle)
               for pattern, needle in _NOTES_LOCAL)


def _localized_rule(line: str, key: str) -> str | None:
    """The furniture rule ``line`` matches in another language than English, or None.
    ``key``: its first word in lower case ("" when it opens with no letter: a digit, "2
    ore fa", or a sign, "- Anzeige -"; furniture so opened is very short)."""
    if key:
        if key not in _LOCAL_FIRST and key.rstrip(_LOCAL_STRIP) not in _LOCAL_FIRST and not (
                line[0] >= "\u2e80" and len(line) <= 80):
            return None
    elif len(line) > 40:
        return None
    cjk = line[:1] >= "\u2e80"
    if (key in _RESERVED_FIRST or cjk and key.startswith(_RESERVED_OPENINGS)) and len(
            line) <= 120 and _COPYRIGHT_LOCAL.match(line):
        return "copyright"
    if match := _LOCAL.match(line):
        return _LOCAL_NAMES[match.lastgroup or ""]
    if len(line) <= 60 and (not key or key in _READ_FIRST or cjk and (
            "分" in line or "분" in line)) and _READING_TIME_LOCAL.match(line):
        return "reading-time"
    if (key in _CONSENT_FIRST or cjk and len(line) <= 12) and len(line) <= 40 and (
            _CONSENT_LOCAL.match(line)):
        return "cookie-banner"
    return None

_TAILS = (
    # the last "The post ... appeared first on ..." (a summary may mention "the post office")
    re.compile(r"\s*The post (?:(?!The post ).){1,300}? appeared first on .{1,120}?\.?\s*$",
               re.IGNORECASE | re.S),
    # a teaser that starts a sentence, or a capitalised link text after the last words
    # ("... rose 5% Read more"); not "Users can read more about it on the forum."
    re.compile(
        r"(?:^|(?<=[.!?…\]»”\"')])\s*|\s+(?=[A-Z]))"
        r"(?i:continue reading|read more|read the full (story|article)|keep reading)\b.{0,120}$"
    ),
    re.compile(r"\s*(\[(…|\.\.\.|&#8230;)\]|\[\s*\.\.\.\s*\])\s*$"),
)
_ENTITY = re.compile(r"&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
_URL_ATTRIBUTES = {("a", "href"), ("img", "src")}
_BLOCK_TAGS = {"p", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt",
               "figcaption", "caption", "td", "th", "div", "tr"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class DumpParts:
    """What the cleaner found in the body lines of a scraped dump."""

    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h", text)
    note: str | None = None
    author: str | None = None
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (line, rule)
    site_names: list[str] = field(default_factory=list)
    published: datetime | None = None  # from a dateline ("Published: Nov 23, 2026")
    updated: datetime | None = None


@dataclass(frozen=True)
class CleanReport:
    """Why the cleaner dropped what it dropped, for ``digest clean --explain``."""

    dropped: tuple[tuple[str, str], ...] = ()  # (line, rule)
    site_names: tuple[str, ...] = ()
    extractor: str | None = None  # full pages: which extractor's text was used

    def explain(self) -> dict[str, object]:
        out: dict[str, object] = {
            "dropped": [{"line": line, "rule": rule} for line, rule in self.dropped],
            "site_names": list(self.site_names),
        }
        if self.extractor:
            out["extractor"] = self.extractor
        return out


@dataclass(frozen=True)
class SiteFurniture:
    """Per-site line counts over a corpus of dumps: ``counts[site][line]`` = dumps holding it."""

    dumps: Mapping[str, int] = field(default_factory=dict)
    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    suffixes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # headline endings
    min_dumps: int = 3
    min_share: float = 0.5

    def lines_for(self, site: str) -> frozenset[str]:
        """The lines of ``site`` seen in enough of its dumps to be page furniture."""
        total = self.dumps.get(site, 0)
        if total < self.min_dumps:
            return frozenset()
        return frozenset(
            line
            for line, seen in self.counts.get(site, {}).items()
            if seen >= self.min_dumps and seen >= self.min_share * total
        )

    def names_for(self, site: str) -> tuple[str, ...]:
        """Headline suffixes shared by at least ``min_dumps`` dumps of ``site``: its name."""
        found = self.suffixes.get(site, {})
        return tuple(sorted(name for name, seen in found.items() if seen >= self.min_dumps))


# A bare list heading ("Related Posts", "You may also like"): the lines after it that read as
# headlines are other stories', not this one's section headings.
_LIST_HEADER = re.compile(
    r"^(related( posts| stories| articles| reading| news| content)?|see also|more news"
    r"|more (stories|articles) (from|on|about) .{1,40}|more from .{1,40}|recommended( for you)?"
    r"|you (may|might) also (like|enjoy)|trending( now| stories)?|most (read|popular|viewed)"
    r"|popular (posts|stories)|latest (news|stories|posts)|also read|read next|up next"
    rf"|{_RELATED_LOCAL})\s*[:：]?$",
    re.IGNORECASE,
)
# A table of contents' heading: the entries after it repeat the article's own headings.
_TOC_HEADER = re.compile(
    r"^(table of contents|contents|in this (article|guide|story|post|piece)|jump to"
    r"|on this page|quick links|what('s| is) inside)\s*:?$",
    re.IGNORECASE,
)
_TOC_NUMBER = re.compile(r"^(\d+(\.\d+)*[.)]?|[•·*-])\s+")

# Bylines and datelines, alone or in one line of parts apart by "|", "·" or "•":
# "By Jane Roe", "Jane Roe · 4 min read", "Published: Nov 23, 2026", "Updated 23 November
# 2026, 10:30 UTC", "By Ann One and Bob Two | November 23, 2026 | 5 min read".
def _capitals() -> str:
    """The capital letters of the Latin (accented: "É", "Ł", "Ş"), Greek and Cyrillic
    alphabets, as a character class's ranges: a name may open with any of them."""
    caps = [code for code in range(0xC0, 0x530) if chr(code).isupper()]
    runs: list[list[int]] = []
    for code in caps:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "A-Z" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)


_CAP = f"[{_capitals()}]"
_NAME = rf"{_CAP}[\w.'’-]+(?:\s+(?:{_CAP}[\w.'’-]+|van|von|de|da|del|der|le|la|bin))" \
        r"{0,3}"
_NAMES = rf"{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME}){{0,3}}"
_BY_NAMES = re.compile(rf"^(?:[Bb]y|BY|Written by|Words by|Author:)\s+(?P<author>{_NAMES})$")
_BARE_NAMES = re.compile(rf"^{_NAMES}$")
# Bylines in other languages. A label before the names, as strong as "By" ("Autor: Jan
# Kowalski", "Автор: Иван Петров", "Yazar: Ali Veli", "Auteur : Jean Dupont"); a word for
# "by" before a first name and a last name ("Von Anna Schmidt", "Por María López", "Par
# Jean Dupont", "Door Jan Jansen", "Av Anna Svensson"), a byline only under the headline or
# beside a date or an age, as a bare name is ("Von Banken lernen" and "Par ailleurs, ..."
# are prose; "Von Minern" may head a section). Names joined as their language joins them.
_AND_LOCAL = r"(?:,|&|\b(?:and|und|y|e|et|en|och|og|ve|oraz|и|і)\b)"
_FULL_NAME = rf"{_CAP}[\w.'’-]+(?:\s+(?:{_CAP}[\w.'’-]+|van|von|de|da|del|der|le|la|bin|di|dos" \
             r"|du|y)){1,3}"
_BY_LABEL_LOCAL = re.compile(
    r"^(?i:autor|autore|auteur|autora|автор|автори|yazar|yazan|forfatter|författare"
    r"|kirjoittaja|szerző)\s*[:：]\s*"
    rf"(?P<author>{_NAME}(?:\s*{_AND_LOCAL}\s*{_NAME}){{0,3}})$"
)
_BY_WORD_LOCAL = re.compile(
    r"^(?:[Vv]on|VON|[Pp]or|POR|[Pp]ar|PAR|[Dd]oor|DOOR|[Aa]v|AV|[Aa]f|AF)\s+"
    rf"(?P<author>{_FULL_NAME}(?:\s*{_AND_LOCAL}\s*{_FULL_NAME}){{0,3}})$"
)
# ... and in Chinese, Japanese and Korean, where a name has no capital: it is named by the
# word for author or reporter, apart from it by a sign or a space ("作者：李明", "记者 李明",
# "記者 山田太郎", "文/李明", "기자 김민수", "김민수 기자", perhaps with the reporter's
# address after it). "作者简介" (the author box's heading) and "记者观察" (a column's name)
# have none, and stay; so does "김민수 기자는 …", a sentence.
_HAN_NAME = r"[\u4e00-\u9fff\u3005\u3040-\u30ff]{2,5}"
_HANGUL_NAME = r"[\uac00-\ud7a3]{2,4}"
_BY_CJK = re.compile(
    r"^(?:[(（]?\s*(?:(?:作者|记者|記者|本报记者|本報記者|特约记者|撰文|執筆|筆者)\s*[：:/／|｜]?\s+"
    r"|(?:作者|记者|記者|本报记者|本報記者|特约记者|撰文|執筆|筆者|文)\s*[：:/／|｜]\s*)"
    rf"(?P<han>{_HAN_NAME}(?:\s*[、，,]\s*{_HAN_NAME}|\s+{_HAN_NAME}){{0,3}})\s*[)）]?"
    rf"|(?P<han2>{_HAN_NAME})\s+(?:记者|記者)"
    rf"|(?:기자|글)\s*[:：]?\s+(?P<hangul>{_HANGUL_NAME})"
    rf"|(?P<hangul2>{_HANGUL_NAME})\s+기자(?:\s*[(（]?[\w.+-]+@[\w.-]+\.\w+[)）]?)?)$"
)
# How such a byline opens: a line in English is spared the patterns by a set lookup
_LOCAL_BY_FIRST = frozenset("VvPpDdAaYyFfKkSsАа(（")
_LOCAL_BY_OPENINGS = ("von ", "por ", "par ", "door ", "av ", "af ", "autor", "auteu",
                      "yaza", "forfa", "förfa", "kirjo", "szerz", "автор")


def _may_be_local_byline(part: str) -> bool:
    """``part`` opens as a byline in another language may."""
    return len(part) <= 60 and (part[:5].lower().startswith(_LOCAL_BY_OPENINGS)
                                or part[:1] >= "\u3000" or part[:1] in "(（")


_CJK_BY_WORDS = ("作者", "记者", "記者", "撰文", "執筆", "筆者", "文", "기자", "글")


def _local_byline(part: str) -> tuple[str, bool] | None:
    """The author a byline in another language than English names, and whether it is a
    strong one (a label for the author, not a word for "by"); None for anything else."""
    if not _may_be_local_byline(part):
        return None
    if part[:1] < "\u3000" and part[:1] not in "(（":
        if match := _BY_LABEL_LOCAL.match(part):
            return match.group("author"), True
        if match := _BY_WORD_LOCAL.match(part):
            return match.group("author"), False
        return None
    if any(word in part for word in _CJK_BY_WORDS):
        if match := _BY_CJK.match(part):
            return next(name for name in match.groups() if name), True
    return None


_DATE_WORD = r"[^\W\d_]{3,12}\.?"
_CLOCK = r"\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
_ZONE = r"(?:[A-Za-z]{2,5}|МСК|[+-]\d{2}:?\d{2}|UTC\s*[+-]\s*\d{1,2})"
# the words a date's time follows ("at", "à", "a las", "às", "um", "в", "o", "v", "klo")
_AT = r"(?:at|à|a las|alle|às|as|um|в|o|v|kl\.?|klo|om|saat)\s+"
_DATE = (
    rf"(?:{_CLOCK}(?:\s*{_ZONE})?,?\s+(?:on\s+)?)?(?:{_DATE_WORD},?\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:(?:of|de|di)\s+)?{_DATE_WORD}|{_DATE_WORD}"
    rf"\s+\d{{1,2}}(?:st|nd|rd|th)?),?\s+(?:del?\s+)?\d{{4}}(?:\s*(?:г|r|года|roku)\.?)?"
    rf"(?:,?\s+(?:{_AT}|-\s+)?{_CLOCK}(?:\s*{_ZONE})?)?"
    rf"|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?:[T ]\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
    rf"(?:Z|\s*{_ZONE})?"
    # Chinese, Japanese and Korean ("2026年11月20日 下午2:30", "2026. 11. 20. 오후 2:30"):
    # the dates module reads what may follow the day, or finds no date
    r"|\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일号號]?[^|·•]{0,30}"
    r"|\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?(?:\s+[^|·•]{0,24})?"
    # ... a Japanese era's year ("令和8年11月20日", "平成元年1月8日 14:30")
    r"|(?:令和|平成|昭和)\s*(?:\d{1,2}|元)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?[^|·•]{0,30}"
    # and Hungarian, year first with a month name, all read by the dates module
    # (``_date_of``): "2026. november 20.", "2026. nov. 20. 14:30", "2026. november 20.,
    # péntek"
    rf"|\d{{4}}\.\s*{_DATE_WORD}\s*\d{{1,2}}\.?(?:,\s*{_DATE_WORD})?"
    rf"(?:,?\s+(?:{_AT})?{_CLOCK}(?:\s*{_ZONE})?)?"
)
# A dateline's label in other languages: (the published ones, the updated ones)
_LOCAL_PUBLISHED = (
    "veröffentlicht", "publiziert", "erschienen", "publicado", "publicada", "publié",
    "publiée", "pubblicato", "opublikowano", "publikováno", "publicerad", "publiceret",
    "publisert", "julkaistu", "gepubliceerd", "опубликовано", "дата публикации",
    "yayınlanma tarihi", "yayınlanma", "yayınlandı", "yayın tarihi", "publikálva",
    "közzétéve", "megjelent", "发布时间", "发布于",
    "发表于", "發布時間", "發佈時間", "公開日", "投稿日", "配信日", "기사입력", "입력", "등록",
)
_LOCAL_UPDATED = (
    "aktualisiert", "actualizado", "actualizada", "mis à jour", "mise à jour", "atualizado",
    "aggiornato", "zaktualizowano", "aktualizováno", "uppdaterad", "opdateret", "oppdatert",
    "päivitetty", "bijgewerkt", "обновлено", "güncellendi", "güncelleme tarihi",
    "güncelleme", "frissítve", "módosítva", "utolsó frissítés",
    "更新时间", "更新于", "更新時間", "更新日", "최종수정", "수정", "업데이트",
)
_DATE_LABEL = (
    r"(?P<kind>published|updated|last updated|last modified|modified|posted|first "
    r"published|date|released|" + "|".join(_LOCAL_PUBLISHED + _LOCAL_UPDATED) + r")"
    r"(?:\s+(?:on|am|le|el|em|il|в|dne))?\s*[:：]?\s*"
)
_DATELINE = re.compile(rf"^(?:{_DATE_LABEL})?(?P<date>{_DATE})$", re.IGNORECASE)
# ... its label alone, before a date of a form ``_DATE`` does not know and the dates
# module's ``whole_date`` reads (``_whole_dateline``)
_LABEL_ONLY = re.compile(_DATE_LABEL, re.IGNORECASE)
# How such a date opens: a digit ("20.11.2026, 14:30 Uhr"), a Japanese era's name or its
# initial and a digit ("令和8.11.20", "R8.11.20", "H31.4.30")
_ERA_OPENINGS = ("令和", "平成", "昭和")
# how a part with such a label opens: the others are spared the local date start
_LOCAL_LABEL_OPENINGS = frozenset(label[:n] for label in _LOCAL_PUBLISHED + _LOCAL_UPDATED
                                   for n in (2, 3))


_LOCAL_LABEL_FIRST = frozenset(c for label in _LOCAL_PUBLISHED + _LOCAL_UPDATED
                               for c in (label[0], label[0].upper()))


def _local_label(part: str) -> bool:
    """``part`` opens with a dateline's label in another language ("Опубликовано:", "입력")."""
    return part[:3].lower() in _LOCAL_LABEL_OPENINGS or part[:2] in _LOCAL_LABEL_OPENINGS
# The parts of a byline or dateline: apart by "|", "·", "•", or by a slash with a space on
# each side ("Published: 2026-11-20T14:30:00Z / Updated: 2026-11-21T09:00:00Z"; a date's
# own slashes, "2026/11/20", have none)
_META_SPLIT = re.compile(r"\s*[|·•]\s*|\s+/\s+")
_HAS_DIGIT = re.compile(r"\d")
# How a dateline's part can begin (cheap to try on prose, which fails it by its 2nd word):
# a label, a digit, a month and a digit ("Nov 23"), a weekday and a month ("Monday, Nov")
_DATE_START = re.compile(
    r"(?:published|updated|last|modified|posted|first|date|released|\d"
    r"|[^\W\d_]{3,10}\.?,?\s+\d|[^\W\d_]{3,10}\.?,?\s+[^\W\d_]{3,10}\.?\s+\d"
    r"|令和|平成|昭和)",  # a Japanese era's year
    re.IGNORECASE,
)
_READING_TIME = re.compile(rf"^({_READ_TIME})$", re.IGNORECASE)
_AGE_LINE = re.compile(rf"^((updated|posted|published)\s+)?{_AGE}$", re.IGNORECASE)
# ... in other languages ("vor 2 Stunden"), tried on a part opening with a digit or one of
# the words such an age opens with
_AGE_LINE_LOCAL = re.compile(rf"^{_AGE_LOCAL_LABEL}({_AGE_LOCAL})$", re.IGNORECASE)
_READING_TIME_LOCAL = re.compile(rf"^({_READ_TIME_LOCAL})$", re.IGNORECASE)
_AGE_OPENINGS = frozenset("""vor hac il há akt ver act pub mis atu agg обн опу gün yay bij gep
    un una одн оди""".split())


def _local_age(part: str) -> bool:
    return (part[:1].isdigit() or part[:3].lower().rstrip() in _AGE_OPENINGS) and bool(
        _AGE_LINE_LOCAL.match(part))


def _local_reading_time(part: str) -> bool:
    """``part`` is a reading time in another language ("5 Min. Lesezeit", "読了時間：5分")."""
    return (part[:1].isdigit() or part[:1] >= "\u2e80"
            or part.split(None, 1)[0].lower().rstrip(":") in _READ_FIRST) and bool(
        _READING_TIME_LOCAL.match(part))


_UPDATED_KINDS = {"updated", "last updated", "last modified", "modified", *_LOCAL_UPDATED}


@dataclass(frozen=True)
class MetaLine:
    """What a byline or dateline says: the author and the dates (UTC), when it names them."""

    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None


def _date_of(text: str) -> datetime | None:
    from digest.ingest.dates import loose_date, year_first_date  # only for date-shaped lines

    # year first ("2026-11-23", "2026/11/23 08:00", "2026.11.20 14:30"), else a month name
    # or a Chinese, Japanese or Korean date (a Japanese era's year: "令和8年11月20日"), or
    # a year first with a month name ("2026. november 20.", "2026.nov.20.", Hungarian)
    if text[:4].isdigit() and text[4:5] in ("-", "/", ".") and text[5:6] != " ":
        return year_first_date(text) or loose_date(text)
    return loose_date(text)


def _whole_dateline(part: str) -> tuple[str, datetime] | None:
    """(its label, lower case or "", the date) of ``part`` when it is a date, perhaps after
    a dateline's label, in a form ``_DATE`` does not know and the dates module reads as a
    whole line ("R8.11.20", "令和8.11.20", "H31.4.30", "20.11.2026, 14:30 Uhr",
    "Veröffentlicht: 20.11.2026"); None for anything else. The forms are the dates module's
    (``whole_date``), not a second copy of its rules here."""
    from digest.ingest.dates import whole_date  # only for date-shaped parts

    label = None if part[:1].isdigit() else _LABEL_ONLY.match(part)
    rest = part[label.end():] if label else part
    if not (rest[:1].isdigit() or rest[:2] in _ERA_OPENINGS
            or rest[:1] in "RHS" and rest[1:2].isdigit()):
        return None
    when = whole_date(rest)
    if when is None:
        return None
    return (label.group("kind") or "").lower() if label else "", when


# A part that is only a time ("20 Nov 2026 | 14:30 UTC": the date and its time apart)
_BARE_TIME = re.compile(rf"^{_CLOCK}(?:\s*{_ZONE})?$", re.IGNORECASE)


def _joined_times(parts: list[str]) -> list[str]:
    """``parts`` with a bare time joined to the date before it, which ``_DATE`` reads with
    its time: ["20 Nov 2026", "14:30 UTC"] -> ["20 Nov 2026 14:30 UTC"]."""
    joined: list[str] = []
    for part in parts:
        if (joined and part[:1].isdigit() and _HAS_DIGIT.search(joined[-1])
                and _BARE_TIME.match(part)):
            joined[-1] += " " + part
        else:
            joined.append(part)
    return joined


# Where a byline and its date meet in one part: a comma after "By" and its names ("By Nell
# Brook, 2 March 2026"), or a dash ("Jane Roe — 20 November 2026")
_BYLINE_DATE_GAP = re.compile(r",\s+|\s+[–—-]\s+")


def _dated_byline(part: str) -> list[str] | None:
    """[byline, date] when ``part`` is a byline and a date (or a reading time, an age) apart
    by a comma or a dash, else None. The names stand before the first gap that a date alone
    follows; a comma parts them after "By" only ("Berlin, 20 November 2026" names a place),
    and a bare name has two words or more and is not in capitals (a wire story's "NEW YORK
    —"). "By March 2026, the fund had doubled." has no date after its gap: a sentence."""
    if "," not in part and "–" not in part and "—" not in part and " - " not in part:
        return None
    for gap in _BYLINE_DATE_GAP.finditer(part):
        names, date = part[:gap.start()], part[gap.end():]
        if not (_DATE_START.match(date) and _DATELINE.match(date) or _whole_dateline(date)
                or _READING_TIME.match(date) or _AGE_LINE.match(date)):
            continue
        if _BY_NAMES.match(names):
            return [names, date]
        if (gap.group(0)[0] != "," and " " in names and not names.isupper()
                and not _HAS_DIGIT.search(names) and _BARE_NAMES.match(names)):
            return [names, date]
        return None
    return None


def meta_line(line: str, top: bool = True) -> MetaLine | None:
    """The byline or dateline ``line`` is, or None when it is anything else (prose, a
    heading). Each part must be a byline ("By Jane Roe"), a reading time, a relative age or
    a date with its label ("Updated: Nov 23, 2026"); a bare name or a bare date counts only
    beside one of these, or at the ``top`` of the text (under the headline), where a page
    prints its dateline; elsewhere "March 3, 2026" may head a timeline's section."""
    # Most prose is out at once (string tests: a regex that scans the line costs more):
    # one part is short ("Last updated: Monday, November 23, 2026 at 10:30 am"), a byline
    # opens with its "By" and a dateline has digits.
    if len(line) > 160:
        return None
    separated = "|" in line or "·" in line or "•" in line or " / " in line
    if len(line) > 72 and not separated:
        return None
    if (line[:3].lower() not in ("by ", "wri", "wor", "aut") and not _HAS_DIGIT.search(line)
            and not ((line[:1] in _LOCAL_BY_FIRST or line[:1] >= "\u3000")
                     and _may_be_local_byline(line))):  # "Von Anna Schmidt", "作者：李明"
        return None
    author: str | None = None
    published = updated = None
    strong = names_only = False
    parts = _joined_times(_META_SPLIT.split(line.strip(" |·•"))) if separated else [line]
    while parts:
        part = parts.pop(0)
        if not part:
            continue
        if match := _BY_NAMES.match(part):
            if match.group("author").split()[0] in _NOT_NAMES:
                return None
            author, strong = author or match.group("author"), True
        elif ((part[:1] in _LOCAL_BY_FIRST or part[:1] >= "\u3000")  # a set lookup first
              and (local := _local_byline(part)) is not None):
            if local[0].split()[0] in _NOT_NAMES_LOCAL:
                return None
            author, strong = author or local[0], strong or local[1]
        elif (_READING_TIME.match(part) or _AGE_LINE.match(part) or _local_age(part)
              or _local_reading_time(part)):
            strong = True
        elif (_DATE_START.match(part) or part[:1] in _LOCAL_LABEL_FIRST
              and _local_label(part)) and (
                match := _DATELINE.match(part)):
            when = _date_of(match.group("date"))
            if when is None:
                return None
            kind = (match.group("kind") or "").lower()
            strong = strong or bool(kind)
            if kind in _UPDATED_KINDS:
                updated = updated or when
            else:
                published = published or when
        elif (read := _whole_dateline(part)) is not None:
            kind, when = read
            strong = strong or bool(kind)
            if kind in _UPDATED_KINDS:
                updated = updated or when
            else:
                published = published or when
        elif (len(part) <= 80 and not _HAS_DIGIT.search(part) and _BARE_NAMES.match(part)
              and part.split()[0] not in _NOT_NAMES):
            author, names_only = author or part, True
        elif (dated := _dated_byline(part)) is not None:
            parts[:0] = dated  # "By Nell Brook, 2 March 2026": the byline, then the date
        else:
            return None
    if not (strong or top) or (names_only and not strong and published is None):
        return None
    return MetaLine(author, published, updated)


# ------------------------------------------------------------------ text


def normalize_text(text: str) -> str:
    """NFC, invisible characters removed, whitespace collapsed, mojibake repaired when certain.

    ftfy runs only when its badness check flags the text, and never straightens quotes, so
    "Zoë’s “plan”" stays exactly as written.
    """
    text = text.translate(INVISIBLE)
    # Mojibake is made of non-ASCII characters: ASCII text is never flagged (a test checks).
    if text and not text.isascii() and ftfy.is_bad(text):
        text = ftfy.fix_text(
            text,
            uncurl_quotes=False,
            fix_character_width=False,
            fix_latin_ligatures=False,
            normalization="NFC",
        )
    return squash(text)


def _unescape(text: str) -> str:
    """Entities decoded, twice at most, so "&amp;#8217;" does not leave a stray "&#8217;"."""
    for _ in range(2):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


# ------------------------------------------------------------------ titles


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment (or of plain text with entities), whitespace squashed."""
    if "<" in fragment:
        parser = _TextParser()
        parser.feed(fragment)
        parser.close()
        fragment = parser.text()
    return normalize_text(_unescape(fragment))


def split_suffix(title: str) -> tuple[str, str] | None:
    """Split "Headline – Site" at the last separator: (headline, suffix) or None."""
    best: tuple[int, str] | None = None
    for sep in _SUFFIX_SEPARATORS:
        index = title.rfind(sep)
        if index > 0 and (best is None or index > best[0]):
            best = (index, sep)
    if best is None:
        return None
    index, sep = best
    head, tail = title[:index].strip(), title[index + len(sep) :].strip()
    if not head or not tail:
        return None
    return head, tail


def _name_key(name: str) -> str:
    return re.sub(r"[^\w]+", "", name.casefold())


def strip_site_suffix(title: str, site_names: Sequence[str]) -> str:
    """Remove a trailing " – Site Name" only when it is one of the known site names."""
    keys = {_name_key(n) for n in site_names if n and _name_key(n)}
    while keys:
        parts = split_suffix(title)
        if parts is None or _name_key(parts[1]) not in keys:
            break
        title = parts[0]
    return title


def clean_title(title: str, site_names: Sequence[str] = ()) -> str:
    return strip_site_suffix(plain_text(title), site_names)


# ------------------------------------------------------------------ scraped dumps


def _furniture_rule_in_run(line: str, sharing: bool) -> str | None:
    """``furniture_rule``, and one network's button a line ("Twitter") as "share-widget"
    when ``sharing``: the line before was a share line or such a button."""
    rule = furniture_rule(line)
    if rule is None and sharing and _LONE_SOCIAL.match(line):
        return "share-widget"
    return rule


def widget_headline(line: str) -> str | None:
    """The headline inside a related-posts line, '' for an age-only line, None if not one."""
    match = _WIDGET_LINE.match(line)
    if match:
        return match.group("rest").strip()
    # (the pattern costs some 5 us a line; these string tests a few tenths of one)
    if digit := _FIRST_DIGIT.search(line, 0, 60):
        at = digit.start()
        if not at or not (line[at - 1].isalpha() or line.endswith(_AGE_WORDS_LOCAL, 0, at)):
            return None
        if line[at - 1] >= "\u2e80" and not line.endswith(("前", "전")):
            return None  # after a CJK category, a CJK age, which ends the line
    elif not ("vor ein" in line or "hace un" in line or "il y a un" in line
              or "há um" in line):  # an age with no digit ("Märktevor einer Stunde")
        return None
    if not (match := _WIDGET_LINE_LOCAL.match(line)):
        return None
    cat, age, rest = match.group("cat", "age", "rest")
    if rest and (rest[0].isspace() or rest[0].islower() or age[-1] >= "\u2e80"):
        return None  # prose goes on after the age, with a space or in CJK
    if age[0].isalpha() and (  # "vor", "hace", "il y a", "há": a category, capitalised
            (cat.split()[-1] + age.split()[0]).lower() in _NOT_WIDGET_LOCAL
            or not all(word[0].isupper() or not word[0].isalpha() for word in cat.split())):
        return None
    return rest.strip()


def learn_site_names(lines: Sequence[str], headline: str) -> list[str]:
    """Site names the dump itself reveals: suffixes repeated by the related-post headlines."""
    suffixes: Counter[str] = Counter()
    for line in lines:
        candidate = widget_headline(line)
        text = candidate if candidate else line
        parts = split_suffix(text)
        if parts and is_heading(parts[0]) and len(parts[1].split()) <= 5:
            suffixes[parts[1]] += 1
    own = split_suffix(headline)
    names = [name for name, count in suffixes.items() if count >= 2]
    if own and suffixes.get(own[1]):
        names.append(own[1])
    return sorted(set(names))


# A story's sentence reports what someone said, and says who: "..., the regulator said.",
# "..., the hackers wrote, before ...", "..., according to the filing." Furniture speaks
# for the site and never does, so a line a rule matches that reports so stays: "Follow us
# on X, the hackers wrote", "This review contains affiliate links, the FTC found".
# ("who wrote", "where she has reported": a relative clause, as an author's bio has.)
_REPORTED = re.compile(
    r"(?:[,;—–]\s*|\s)according to\b"
    r"|[,;—–]\s*(?:(?!(?:who|which|that|where|whom|has|have|had|and|or)\b)[\w'’.@-]+\s+){0,5}?"
    r"(?:said|says|told|tells|wrote|writes|warned|warns|added|argued|argues|noted|explained"
    r"|tweeted|claimed|claims|promised|urged|insisted|ruled|alleged|testified|asked|found"
    r"|stated|announced|confirmed|admitted|replied|reported)\b",
    re.IGNORECASE,
)


def _reported(line: str) -> bool:
    """``line`` is a sentence that says who said it (``_REPORTED``)."""
    return line.count(" ") >= 5 and (
        "," in line or ";" in line or "—" in line or "–" in line or "according" in line
    ) and bool(_REPORTED.search(line))


# The words a credit may hold in small letters ("Photo courtesy of the Kestrel Foundation",
# "Image by author via Unsplash")
_CREDIT_SMALL = frozenset("""of the on via and for at by from with a an in de van von der
    courtesy used under license licence cc permission author authors its their our""".split())
_CREDIT_AFTER = re.compile(r"\b(by|via|courtesy( of)?|credits?\s*:)\s*", re.IGNORECASE)
_CREDIT_LABEL = re.compile(r"^[(\[]?(image|photo|photograph|picture)( credit)?:", re.IGNORECASE)


def _credit_is_prose(line: str) -> bool:
    """An image credit's "by", "via" or "Credit:" is followed by a name: capitalised words
    and small ones ("Photo by Ann Example on Unsplash"). "Photos by the hacker were posted
    on Telegram" and "Credit: the lender had extended credit to three funds" go on with
    the words of a sentence (two small words or more that no credit holds), and stay."""
    if _CREDIT_LABEL.match(line) or not (after := _CREDIT_AFTER.search(line)):
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*", line[after.end():])
    return sum(1 for word in words
               if word[0].islower() and word.lower() not in _CREDIT_SMALL) >= 2


def furniture_rule(line: str) -> str | None:
    """The name of the rule that says this line is page furniture, or None."""
    if line in _LONE_DASH:
        return "lone-dash"
    if widget_headline(line) is not None:
        return "related-posts"
    low = ""
    for name, pattern, needles in _RULES:
        if needles:
            low = low or line.lower()
            if not any(needle in low for needle in needles):
                continue
        if pattern.match(line):
            if _reported(line):
                return None  # a story's sentence that reports what someone said
            if name == "image-credit" and _credit_is_prose(line):
                continue
            return name
    key = ""  # the first word, lower case, without a colon after it
    if line[:1].isalpha():
        low = low or line.lower()
        key = low.split(None, 1)[0].rstrip(":.,")
        if "?" not in line[:62] and key not in _BOILERPLATE_FIRST and not key.startswith(
                _NOT_LOCAL_OPENINGS):
            # the furniture of other languages: tried on a line opening with one of its
            # words, or in Chinese, Japanese or Korean (a set lookup for a line in English)
            if key in _LOCAL_FIRST or line[0] >= "\u2e80" or key[-1:] in _LOCAL_STRIP:
                return _localized_rule(line, key)
            return None
    if match := _BOILERPLATE.match(line):
        return None if _reported(line) else _BOILERPLATE_NAMES[match.lastgroup or ""]
    if _DISCLAIMER.match(line):
        return None if _reported(line) else "disclaimer"
    if key and key not in _LOCAL_FIRST:
        return None
    return _localized_rule(line, key)


def is_heading(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 10
        and len(line) <= 90
        and line[0].isalnum()
        and line[0].upper() == line[0]
        and line[-1] not in ".!?;:,\"'”’)…。！？；：，」』）"
    )


def _is_prose(line: str) -> bool:
    """A sentence, not a headline: it ends like a sentence and has a few words (or, in
    Chinese or Japanese, which put no spaces between words, ends with "。", "！", "？")."""
    if len(line) > 120:
        return True
    end = line.rstrip("\"'”’)」』）")[-1:]
    return end in ".!?…" and len(line.split()) >= 5 or end in "。！？" and len(line) >= 8


# A headline of a related-posts list: four words or more (eight characters in Chinese or
# Japanese); "What Happens Next" may be the text's own section, back after the list
def _headline_length(line: str) -> bool:
    return len(line.split()) >= 4 or (line[:1] >= "\u2e80" and len(line) >= 8)


# The link to a tweet's picture that an embedded tweet's text ends with, copied along with it
_TWEET_PICTURE = re.compile(r"\s+(https?://)?pic\.twitter\.com/\w+$")


def _tweet_tail(line: str) -> str:
    """``line`` without the "pic.twitter.com/..." an embedded tweet's text ends with."""
    return _TWEET_PICTURE.sub("", line) if "pic.twitter" in line else line


def _has_suffix(line: str, names: Sequence[str]) -> bool:
    return bool(names) and strip_site_suffix(line, names) != line


# A table's row as a browser copies it (cells a tab apart) or as text aligns it (runs of
# spaces): "Vessel\tOld fee\tNew fee", "Small      100      110"
_CELL_GAP = re.compile(r"\t+|[ \u00a0]{2,}")
_WIDE_GAP = re.compile(r"[ \u00a0]{3,}")


def table_row(raw: str) -> str | None:
    """A copied table's row as one line, its cells a bar apart ("Vessel | Old fee | New
    fee", as a Markdown table's row reads), or None. Cells are a tab apart, none of them a
    paragraph's length and none but the last ending a sentence; or they are aligned with
    spaces: three cells or more (two, if short ones three spaces apart), none ending a
    sentence ("said the money would pay for   twelve new engineers." is prose that a copy
    spaced out, "He left.  She stayed." two spaces after a full stop)."""
    text = raw.translate(INVISIBLE).strip()
    if "\t" not in text and not _WIDE_GAP.search(text) and len(_CELL_GAP.findall(text)) < 2:
        return None
    cells = [squash(cell) for cell in _CELL_GAP.split(text)]
    if len(cells) < 2 or not all(cells) or any(len(cell) > 80 for cell in cells):
        return None
    ends = [cell.endswith((".", "!", "?", "…", "。")) for cell in cells]
    if "\t" in text:
        return None if any(ends[:-1]) else " | ".join(cells)
    if any(ends) or len(cells) == 2 and (not _WIDE_GAP.search(text)
                                         or any(len(cell) > 30 for cell in cells)):
        return None
    return " | ".join(cells)


# A numbered list's item: "1. The first step", "2) The second"
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+\S")
# A line that ends with an address, a mail address or a figure ends a sentence that has no
# full stop ("The full filing is at https://…", "The fee rose to 1,300"): no heading does
_ENDS_LIKE_PROSE = re.compile(
    r"(?:https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d%|[$€£¥]\d[\d.,]*\w*)$",
    re.IGNORECASE,
)
# A bullet a copy put on a line of its own, the item's text on the next line
_LONE_BULLETS = frozenset("•·▪◦")


def _ends_like_prose(line: str) -> bool:
    return bool(_ENDS_LIKE_PROSE.search(line)) or unicodedata.category(line[-1]) == "So"


def _section_heading(clean: Sequence[str], i: int, listing: bool) -> bool:
    """``clean[i]`` is a section heading, not a list's item or prose without a full stop:
    ``listing``, the lines before it were a lead-in ("The changes include:") and the items
    under it; a numbered line next to another one is an item too."""
    line = clean[i]
    if not is_heading(line) or listing or _ends_like_prose(line):
        return False
    if _NUMBERED.match(line):
        return not any(0 <= j < len(clean) and _NUMBERED.match(clean[j]) for j in (i - 1, i + 1))
    return True


def parse_dump_body(
    lines: Sequence[str], headline: str = "", furniture: frozenset[str] = frozenset()
) -> DumpParts:
    """Split the body lines of a dump into blocks, an editorial note and dropped furniture.

    ``furniture``: lines the corpus says repeat across this site's dumps (``SiteFurniture``).
    A lone dash opens the related-posts widget; inside it headlines, ages, excerpts and dashes
    are dropped. Prose right after a dash that no widget item follows (a scene break) is kept.
    """
    normal = [(normalize_text(raw), raw) for raw in lines]
    kept = [(_tweet_tail(line), raw) for line, raw in normal if line]
    clean = [line for line, _raw in kept]
    parts = DumpParts(site_names=learn_site_names(clean, headline))
    sections = section_marks(clean, [is_heading(line) for line in clean])
    names = parts.site_names
    repeats = Counter(clean)
    widget_heads: set[str] = set()
    in_widget = False
    items = 0  # widget items seen since the last lone dash
    expect_headline = False  # the previous line was "Business2 weeks ago"
    after_bio_header = False
    sharing = False  # the lines before were "Share this article" (and network names)
    listing = False  # the lines before were "Related Posts" and headlines under it
    toc = 0  # entries of a table of contents still to come
    last = -1  # the index of the line last kept as a block
    listed = False  # the lines kept last were a lead-in ("... include:") and list items
    bullet = False  # the line before was a bullet on its own, this one its item

    def next_line(i: int) -> str | None:
        return clean[i + 1] if i + 1 < len(clean) else None

    def widgety(line: str | None) -> bool:
        return line is None or line in _LONE_DASH or widget_headline(line) is not None

    for i, line in enumerate(clean):
        if bullet:
            bullet, last = False, i
            number = _LONE_NUMBER.match(clean[i - 1])
            lead = f"{number.group(1)}." if number else clean[i - 1]
            parts.blocks.append(("p", f"{lead} {line}"))
            continue
        if (line in _LONE_BULLETS and last == i - 1 and listed
                and (following := next_line(i)) is not None and _bullet_item(following, names)):
            bullet = True  # a list's item under a lead-in, not a widget's dash
            continue
        if (not in_widget and line[0].isdigit() and len(parts.blocks) >= 2
                and _LONE_NUMBER.match(line)
                and (following := next_line(i)) is not None and not _LONE_NUMBER.match(following)
                and _bullet_item(following, names)):
            bullet = True  # a note's number (Substack's) or a list item's, its text after it
            continue
        if line in _LONE_DASH:
            in_widget, items, expect_headline = True, 0, False
            parts.dropped.append((line, "lone-dash"))
            continue
        if expect_headline:
            expect_headline = False
            widget_heads.add(line)
            parts.dropped.append((line, "related-posts"))
            continue
        age_headline = widget_headline(line)
        if age_headline is not None:
            in_widget, expect_headline = True, age_headline == ""
            items += 1
            if age_headline:
                widget_heads.add(age_headline)
            parts.dropped.append((line, "related-posts"))
            continue
        if in_widget:
            if _NOTE_PREFIX.match(line) or _DISCLAIMER.match(line):
                parts.note = f"{parts.note} {line}" if parts.note else line
                continue
            rule = furniture_rule(line)
            if rule:
                parts.dropped.append((line, rule))
                continue
            if line in widget_heads or _has_suffix(line, names):
                items += 1
                parts.dropped.append((line, "related-posts"))
                continue
            resumes = _is_prose(line) and (items == 0 or not widgety(next_line(i)))
            if not resumes:
                items += 1
                parts.dropped.append((line, "related-posts"))
                continue
            in_widget = False  # a scene break, not a widget: the article goes on
        if i in sections:
            parts.dropped.append((line, sections[i]))
            continue
        if toc:
            toc -= 1
            parts.dropped.append((line, "table-of-contents"))
            continue
        if listing:
            # a headline has four words or more; "What Happens Next" may be this text's own
            # section, back after a list that the page set in the middle of it
            if _has_suffix(line, names) or is_heading(line) and _headline_length(line):
                parts.dropped.append((line, "related-posts"))
                continue
            listing = False
        match = _BYLINE.match(line)
        if match and len(parts.blocks) <= 1 and match.group("author").split()[0] not in _NOT_NAMES:
            parts.author = parts.author or match.group("author")
            if _HAS_DIGIT.search(line) and (meta := meta_line(line)) is not None:
                # ... and the date beside it ("By Jane Roe | Nov 20, 2026")
                parts.published = parts.published or meta.published
                parts.updated = parts.updated or meta.updated
            parts.dropped.append((line, "byline"))
            continue
        meta = meta_line(line, top=len(parts.blocks) <= 1)
        if meta is not None:
            parts.author = parts.author or meta.author
            parts.published = parts.published or meta.published
            parts.updated = parts.updated or meta.updated
            rule = ("byline" if meta.author else "dateline" if meta.published or meta.updated
                    else furniture_rule(line) or "dateline")
            parts.dropped.append((line, rule))
            continue
        if _TOC_HEADER.match(line):
            # its entries: the lines after it that the text repeats further on, as headings
            # (or, a box at the foot of the text, its headline and the headings above it)
            keys = [_toc_key(x) for x in clean[i + 1:]]
            own = split_suffix(headline)
            above = {_toc_key(headline), _toc_key(own[0] if own else ""),
                     *(_toc_key(x) for x in clean[:i])} - {""}
            toc = next((n for n, key in enumerate(keys[:40])
                        if not key or key not in keys[n + 1:] and key not in above),
                       min(len(keys), 40))
            if toc:
                parts.dropped.append((line, "table-of-contents"))
                continue
        rule = _furniture_rule_in_run(line, sharing)
        sharing = rule == "share-widget"
        if rule == "disclaimer":  # without "Disclaimer:" in front: the editorial note still
            parts.note = f"{parts.note} {line}" if parts.note else line
            continue
        if rule:
            parts.dropped.append((line, rule))
            after_bio_header = rule == "author-bio" and line.lower().startswith("about")
            listing = rule == "read-more" and bool(_LIST_HEADER.match(line))
            continue
        if after_bio_header:
            after_bio_header = False
            parts.dropped.append((line, "author-bio"))
            continue
        if _NOTE_PREFIX.match(line):
            parts.note = f"{parts.note} {line}" if parts.note else line
            continue
        if line in furniture:
            parts.dropped.append((line, "repeated-across-site"))
            continue
        if repeats[line] >= 3:
            parts.dropped.append((line, "repeated-in-dump"))
            continue
        if _has_suffix(line, names) and is_heading(strip_site_suffix(line, names)):
            parts.dropped.append((line, "related-posts"))
            continue
        if (row := table_row(kept[i][1])) is not None:
            parts.blocks.append(("p", row))
        else:
            heading = _section_heading(clean, i, listed and last == i - 1)
            parts.blocks.append(("h" if heading else "p", line))
            listed = (line.endswith(":") or listed and last == i - 1 and is_heading(line)
                      and not heading)
        last = i
    return parts


# A number alone on a line, a note's (Substack's note number, a link of its own, before the
# note's text) or a list item's, its text on the next line: "1. text", one paragraph, not
# a heading "1" (under the headline, before any text, it may be a counter's: left alone)
_LONE_NUMBER = re.compile(r"^(\d{1,3})[.)]?$")


def _bullet_item(line: str, names: Sequence[str]) -> bool:
    """``line``, after a bullet on a line of its own, is a list's item: no dash, widget
    line, headline of the site or furniture."""
    return (line not in _LONE_DASH and widget_headline(line) is None
            and not _has_suffix(line, names) and furniture_rule(line) is None)


def _toc_key(line: str) -> str:
    """A table of contents' entry as the heading it repeats: "1. Risks" -> "risks"."""
    return _name_key(_TOC_NUMBER.sub("", line))


def _blocks_html(
    blocks: Sequence[tuple[str, str]], inline: Sequence[str | None] = ()
) -> str:
    """The blocks as paragraphs and headings; ``inline``, beside them, the HTML of a block
    whose text carries inline markup (a link, emphasis: ``html_blocks_inline``),
    None for one that is its text alone."""
    out = []
    for index, (kind, text) in enumerate(blocks):
        tag = "h2" if kind == "h" else "p"
        marked = inline[index] if index < len(inline) else None
        out.append(f"<{tag}>{marked or html.escape(text, quote=False)}</{tag}>")
    return "\n".join(out)


# ------------------------------------------------------------------ furniture across dumps


def site_key(article: Article) -> str:
    """The site a dump belongs to, for per-site counts: its configured or learned name,
    else the folder it sits in."""
    if article.site_names:
        return _name_key(article.site_names[0])
    learned = learn_site_names(article.raw_lines, article.title)
    if learned:
        return _name_key(learned[0])
    own = split_suffix(article.title)
    if own:
        return _name_key(own[1])
    return "dir:" + str(PurePath(article.location).parent)


def dump_lines(article: Article) -> list[str]:
    """Every text line of a dump that could be prose: standfirst and body, normalised."""
    lines = [article.summary, *article.raw_lines] if article.summary else list(article.raw_lines)
    return [line for line in (normalize_text(x) for x in lines) if line]


def count_site_lines(
    corpus: Mapping[str, Sequence[Sequence[str]]],
    headlines: Mapping[str, Sequence[str]] | None = None,
) -> SiteFurniture:
    """Pure: dumps grouped by site (each dump a list of lines) -> per-site line counts.

    A line counts once per dump. Lone dashes and editorial notes are not counted.
    ``headlines``: the dumps' headlines per site; their shared suffixes are the site's name.
    """
    dumps: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = {}
    suffixes: dict[str, dict[str, int]] = {}
    for site in sorted(corpus):
        seen: Counter[str] = Counter()
        for lines in corpus[site]:
            seen.update(
                {line for line in lines if line not in _LONE_DASH and not _NOTE_PREFIX.match(line)}
            )
        dumps[site] = len(corpus[site])
        counts[site] = dict(sorted(seen.items()))
        ends: Counter[str] = Counter()
        for headline in (headlines or {}).get(site, ()):
            parts = split_suffix(headline)
            if parts and is_heading(parts[0]) and len(parts[1].split()) <= 5:
                ends[parts[1]] += 1
        suffixes[site] = dict(sorted(ends.items()))
    return SiteFurniture(dumps=dumps, counts=counts, suffixes=suffixes)


def learn_furniture(articles: Iterable[Article]) -> SiteFurniture:
    """Group the scraped dumps among ``articles`` by site and count their lines."""
    corpus: dict[str, list[list[str]]] = {}
    headlines: dict[str, list[str]] = {}
    for article in articles:
        if article.origin == "scraped":
            key = site_key(article)
            corpus.setdefault(key, []).append(dump_lines(article))
            headlines.setdefault(key, []).append(plain_text(article.title))
    return count_site_lines(corpus, headlines)


# ------------------------------------------------------------------ HTML

# Hosts and paths that serve tracking pixels, not pictures.
_PIXEL_HOSTS = re.compile(
    r"(feeds\.feedburner\.com/~r/|pixel\.|/pixel(\.gif|\.png)?\b|doubleclick\.net|"
    r"google-analytics\.com|stats\.wp\.com|pixel\.wp\.com|/beacon\b|/track(ing)?(\.gif)?\b|"
    r"\bmf\.gif|/open\.gif|list-manage\.com/track|scorecardresearch\.com|quantserve\.com)",
    re.IGNORECASE,
)
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# The page's <h1> is the headline; one in a body (a feed item's copy of the headline, a
# Markdown "# Section") is kept as the highest heading a body may hold, not flattened into
# the text beside it ("Headline that is repeatedReal text").
_H1_TAG = re.compile(r"<(/?)h1\b", re.IGNORECASE)
# FeedBurner's "flare" buttons ("Email this", "Share on ...") and its ad slots: links to
# feeds.feedburner.com/~ff/ or feedads.g.doubleclick.net/~a/ around button images, added
# to every item by the feed proxy, never the author's
_FEED_PROXY_LINK = re.compile(
    r"<a\b[^>]*\bhref\s*=\s*[\"']?https?://(?:feeds\.feedburner\.com/~ff/|"
    r"feedads\.g\.doubleclick\.net/~a/)[^>]*>.*?</a\s*>",
    re.IGNORECASE | re.S,
)
# An embedded tweet's link to its picture, in its text: "<a href=...>pic.twitter.com/x</a>"
# (or the bare address in text, never inside an attribute)
_TWEET_PICTURE_LINK = re.compile(
    r"\s*(<a\b[^>]*>\s*(https?://)?pic\.twitter\.com/\w+\s*</a\s*>"
    r"|(?<=[\s>])(https?://)?pic\.twitter\.com/\w+(?=[\s<]|$))", re.IGNORECASE)
_CLOSING_BLOCK = re.compile(r"</(?:div|section|article|header|footer|aside|main|nav)\s*>",
                            re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def is_tracking_pixel(tag: str) -> bool:
    """An <img> tag that is a 0/1-pixel image, hidden, or served by a known tracking host."""
    attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or "") for m in
             _ATTR.finditer(tag)}
    sizes = [attrs.get("width", "").strip().removesuffix("px"),
             attrs.get("height", "").strip().removesuffix("px")]
    if any(size in ("0", "1") for size in sizes):
        return True
    style = attrs.get("style", "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    src = attrs.get("src", "")
    if _PIXEL_HOSTS.search(src):
        return True
    # no words for a reader (no alt, or an empty one) and a beacon's address
    return not attrs.get("alt", "").strip() and _beacon_address(src)


# The last part of a beacon's path, a query after it (GlobeNewswire's
# "/newsroom/ti?nf=...", "/open?id=...", "/collect?v=1"), or a blank or 1x1 image
# ("spacer.gif", "1x1.png", "/px.gif", "/trk.gif")
_BEACON_NAMES = frozenset({"ti", "px", "open", "imp", "impression",
                           "trk", "track", "event", "log", "hit", "collect"})
# (not one letter: "p.png", "e.gif" are as often a site's real pictures)
_BEACON_IMAGES = frozenset({"spacer", "blank", "clear", "transparent", "1x1", "pixel", "px",
                            "trk", "open", "imp", "dot", "cleardot"})


def _beacon_address(src: str) -> bool:
    try:
        parts = urlsplit(src.strip())
    except ValueError:  # "http://[x": no address at all
        return False
    path = parts.path.lower()
    if "1x1" in path:
        return True
    name = path.rstrip("/").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    if dot:
        return extension in ("gif", "png") and stem in _BEACON_IMAGES
    return bool(parts.query) and name in _BEACON_NAMES


def sanitize_html(
    fragment: str, base_url: str | None = None, *, relative: bool = True
) -> str:
    """Untrusted HTML in, safe HTML out: the allowlist above, http(s)/mailto links only.

    Tracking pixels are removed first; nh3 then drops scripts, styles, forms, iframes and
    their content, event handlers and javascript:/data: URLs; links get
    rel="noopener nofollow ugc"; relative URLs are resolved against ``base_url``.
    ``relative`` False: a link left relative (no base to resolve it with) is dropped, its
    text kept: in a feed's item it points into the feed's site, not into this one.
    """
    if "~" in fragment:
        fragment = _FEED_PROXY_LINK.sub("", fragment)
    fragment = _IMG_TAG.sub(lambda m: "" if is_tracking_pixel(m.group(0)) else m.group(0),
                            fragment)
    fragment = _H1_TAG.sub(r"<\1h2", fragment)
    if "pic.twitter.com" in fragment:  # an embedded tweet's link to its own picture
        fragment = _TWEET_PICTURE_LINK.sub("", fragment)
    # The sanitiser drops <div> and its kin but keeps their text: a space where one closes,
    # or "Report 2026</div><div>An annual report" would read "Report 2026An annual report".
    fragment = _CLOSING_BLOCK.sub(r"\g<0> ", fragment)

    _SANITIZING.base_url, _SANITIZING.relative = base_url, relative
    cleaned = _cleaner().clean(fragment).strip()
    if "<img" in cleaned:
        # an image whose address went (relative with nothing to resolve it against, such as
        # a Markdown file's picture beside it, or a scheme not allowed): no picture to show,
        # and an <img> without src is not valid HTML
        cleaned = _IMG_WITHOUT_SRC.sub("", cleaned)
    return cleaned


_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


# The base URL and ``relative`` of the sanitize_html call running in this thread, for the
# sanitiser's attribute filter: the sanitiser is made once (building its allowlists took
# about 55 us a call, twice what cleaning a typical body takes), so it cannot close over a
# call's arguments.
_SANITIZING = threading.local()


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags={
            "script", "style", "form", "iframe", "noscript", "button", "select", "textarea",
            "svg", "object", "embed", "template", "canvas", "audio", "video",
            # a whole page pasted into a feed: its <title> and menus are not the text
            "title", "nav",
        },
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow ugc",
        strip_comments=True,
        attribute_filter=_keep_attribute,
    )


_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """A URL attribute resolved against the call's base URL, or None when it must go: a
    scheme other than http(s) or mailto, or relative where it cannot stay relative."""
    if (tag, attribute) in _URL_ATTRIBUTES:
        base_url, relative = _SANITIZING.base_url, _SANITIZING.relative
        value = value.strip()
        try:
            # (an absolute address needs no base: a malformed base, "http://[x", must not
            # cost the body every one of its links)
            if base_url and not _HAS_SCHEME.match(value):
                value = urljoin(base_url, value)
            scheme = urlsplit(value).scheme.lower()
        except ValueError:  # "http://[x", here or in the base: a link that goes nowhere
            return None
        if scheme not in ("http", "https", "mailto", ""):
            return None
        if scheme == "" and (tag == "img" or not relative):
            return None
        if tag == "a" and "?" in value:
            return _without_tracking(value)
    return value


def _without_tracking(url: str) -> str:
    """A body's link without the query parameters the dedupe stage counts as tracking
    (utm_*, fbclid, gclid, mc_cid, ...), the rest of it as written (``dedupe.clean_link``:
    one list for the project; dedupe.py is in the parse and prepared caches' keys)."""
    from digest.dedupe import clean_link

    return clean_link(url) or url


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS or tag == "br":
            self.parts.append(" ")

    def text(self) -> str:
        return "".join(self.parts)


# An embedded post's attribution, under its text: "— Ann Example (@annexample) November
# 20, 2026": who said it, shown with the quote, but no paragraph of the story
_POST_ATTRIBUTION = re.compile(
    r"^[—–-]{1,2}\s*[^()]{0,60}\(@\w{1,30}(@[\w.-]+)?\)\s*(on\s+)?[^\W\d_]{3,9}\.? \d{1,2},? "
    r"\d{4}$")


# The inline markup a page's paragraph keeps when its body is rebuilt from its blocks: links
# and emphasis (a span's class, an image inside a line: not kept)
_INLINE_TAGS = frozenset({"a", "em", "strong", "code", "b", "i"})
# While a block's text is made, each inline tag stands in it as one character of Unicode's
# supplementary private use area (which no text holds: a block that does keeps its text alone)
_MARK = 0xF0000
_MARK_LIMIT = 0xFFFE  # marks in one block
_MARK_SPLIT = re.compile("([\U000f0000-\U000ffffd])")


def _tag_name(start: str) -> str:
    """The name of a start tag: "<a href=...>" -> "a"."""
    return start[1:].split(">", 1)[0].split(" ", 1)[0]


class _BlockParser(HTMLParser):
    """Collect the text of block elements, in order, as ("p" | "h" | "c" | "code", text): a
    paragraph, a heading, a caption (of a figure or a table: not prose, not a paragraph), a
    code block (a ``<pre>``'s text: a paragraph of the body, but no prose to make a summary
    or a headline of).

    ``inline``: beside each block (in ``marked``), the HTML of its text with the links (their
    href and title only) and emphasis it holds, or None where it holds none; the text is the
    same either way. ``quoted``: beside each block, the number of the ``<blockquote>`` it
    stands in (its outermost), or -1."""

    def __init__(self, inline: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.buffer: list[str] = []
        self.kind = "p"
        self.figures = 0  # open <figure>s: their text is a caption or a link's preview card
        self.pres = 0  # open <pre>s: their text is code (a <br> in one does not end it)
        self.inline = inline
        self.marked: list[str | None] = []
        self.rich: list[str] = []  # the buffer, with a mark where an inline tag stands
        self.tags: list[str] = []  # the tag each mark of the block stands for
        self.open: list[tuple[str, str | None]] = []  # open inline elements, start tags
        self.quotes = 0  # open <blockquote>s: their text is another's words, or a callout
        self.quote = -1  # the number of the outermost open one
        self.quoted: list[int] = []  # beside each block: the quote it stands in, or -1

    def _mark(self, tag: str) -> None:
        self.rich.append(chr(_MARK + len(self.tags)))
        self.tags.append(tag)

    def _flush(self) -> None:
        text = normalize_text("".join(self.buffer))
        if text:
            kind = self.kind
            if kind == "p" and text[0] in "—–-" and _POST_ATTRIBUTION.match(text):
                kind = "c"
            self.blocks.append((kind, text))
            self.quoted.append(self.quote if self.quotes else -1)
            if self.inline:
                self.marked.append(self._marked(text))
        self.buffer = []
        self.kind = "c" if self.figures else "code" if self.pres else "p"
        if self.inline:
            # an element open across blocks (a link around two paragraphs) opens again
            self.rich, self.tags = [], []
            for _name, start in self.open:
                if start:
                    self._mark(start)

    def _marked(self, text: str) -> str | None:
        """The block's HTML, its inline tags where they stood in ``text``: None when it
        has none, or when its text is not ``text`` with them taken out (mojibake repaired)."""
        if not self.tags:
            return None
        for name, start in reversed(self.open):  # closed here, opened again in the next
            if start:
                self._mark(f"</{name}>")
        if len(self.tags) > _MARK_LIMIT:
            return None
        tags = self.tags
        # the text and its tags as tokens: a text, " " (a space beside a tag), a tag's index
        parts = _MARK_SPLIT.split(squash("".join(self.rich).translate(INVISIBLE)))
        if len(parts) != 2 * len(tags) + 1:
            return None  # the text holds a character of the marks' area: its text alone
        tokens: list[str | int] = []
        for index, part in enumerate(parts):
            if index % 2:
                tokens.append(ord(part) - _MARK)
                continue
            core = part.strip(" ")
            tokens += [" "] if part and not core else [
                *([" "] if part[:1] == " " else []), *([core] if core else []),
                *([" "] if core and part[-1:] == " " else [])]
        # an element with no text (an anchor's empty link, a spacer's <em></em>) goes
        kept: list[str | int] = []
        for token in tokens:
            if isinstance(token, int) and tags[token][1] == "/":
                at = len(kept) - 1
                while at >= 0 and kept[at] == " ":
                    at -= 1
                opener = kept[at] if at >= 0 else None
                if isinstance(opener, int) and _tag_name(tags[opener]) == tags[token][2:-1]:
                    del kept[at]
                    continue
            kept.append(token)
        # each run of tags and spaces between two texts: one space at most, after the tags
        # that close and before those that open; none at the block's ends
        out: list[str] = []
        said: list[str] = []
        at = 0
        while at < len(kept):
            token = kept[at]
            if isinstance(token, str) and token != " ":
                out.append(html.escape(token, quote=False))
                said.append(token)
                at += 1
                continue
            end = at
            while end < len(kept) and (isinstance(kept[end], int) or kept[end] == " "):
                end += 1
            run = kept[at:end]
            marks = [tags[t] for t in run if isinstance(t, int)]
            if " " in run and at > 0 and end < len(kept):
                closing = 0
                while closing < len(marks) and marks[closing][1] == "/":
                    closing += 1
                if any(mark[1] == "/" for mark in marks[closing:]):
                    closing = sum(isinstance(t, int) for t in run[:run.index(" ")])
                marks.insert(closing, " ")
                said.append(" ")
            out += marks
            at = end
        if "".join(said) != text or len(out) == len(said):
            return None
        return "".join(out)

    def _inline_start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start: str | None = f"<{tag}>"
        if tag == "a":
            values = dict(attrs)
            href = values.get("href")
            # a link the sanitiser left without an address (javascript:): its text only
            start = f'<a href="{html.escape(href)}"' if href else None
            if start and values.get("title"):
                start += f' title="{html.escape(values["title"] or "")}"'
            start = start and start + ">"
        self.open.append((tag, start))
        if start:
            self._mark(start)

    def _inline_end(self, tag: str) -> None:
        names = [name for name, _start in self.open]
        if tag not in names:
            return
        at = len(names) - 1 - names[::-1].index(tag)
        for name, start in reversed(self.open[at:]):
            if start:
                self._mark(f"</{name}>")
        del self.open[at:]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.inline and tag in _INLINE_TAGS:
            self._inline_start(tag, attrs)
            return
        if tag in ("td", "th"):
            # A table row is one line, its cells a bar apart ("Median fee | $0.12 | $0.05"),
            # not a paragraph for each cell; a cell's own paragraphs are still paragraphs.
            if "".join(self.buffer).strip():
                self.buffer.append(" | ")
                if self.inline:
                    self.rich.append(" | ")
            return
        if tag in _BLOCK_TAGS or tag in ("ul", "ol", "table", "br", "hr", "figure"):
            self._flush()
            if tag in _HEADING_TAGS:
                self.kind = "h"
            elif tag in ("figcaption", "caption", "figure"):
                self.figures += tag == "figure"
                self.kind = "c"
            elif tag == "pre":
                self.pres += 1
                self.kind = "c" if self.figures else "code"
            elif tag == "blockquote":
                self.quote += not self.quotes
                self.quotes += 1

    def handle_endtag(self, tag: str) -> None:
        if self.inline and tag in _INLINE_TAGS:
            self._inline_end(tag)
            return
        if tag in ("td", "th"):
            return
        if tag in _BLOCK_TAGS or tag in ("ul", "ol", "table", "figure"):
            if tag == "pre" and self.pres:
                self._flush()  # (the code's text, then what follows it is no code)
                self.pres -= 1
                self.kind = "c" if self.figures else "code" if self.pres else "p"
                return
            self._flush()
            if tag == "blockquote" and self.quotes:
                self.quotes -= 1
            if tag == "figure" and self.figures:
                self.figures -= 1
                self.kind = "c" if self.figures else "code" if self.pres else "p"

    def handle_data(self, data: str) -> None:
        self.buffer.append(data)
        if self.inline:
            self.rich.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _parsed(fragment: str, inline: bool = False) -> _BlockParser:
    parser = _BlockParser(inline=inline)
    parser.feed(fragment)
    parser.close()
    return parser


def html_blocks(fragment: str) -> list[tuple[str, str]]:
    return _parsed(fragment).blocks


def html_blocks_inline(fragment: str) -> tuple[list[tuple[str, str]], list[str | None]]:
    """``html_blocks`` and, beside each block, the HTML of its text with the links and
    emphasis it holds (None: its text alone). ``fragment`` is sanitised HTML: its links are
    as the sanitiser left them."""
    parser = _parsed(fragment, inline=True)
    return parser.blocks, parser.marked


def quoted_blocks(fragment: str) -> list[int]:
    """Beside each of ``html_blocks(fragment)``: the number of the ``<blockquote>`` it
    stands in (a quoted post, a pull quote, an embedded tweet, a callout), or -1."""
    return _parsed(fragment).quoted


def _in_quotes(
    blocks: Sequence[tuple[str, str]], quoted: Sequence[int], labels: frozenset[str]
) -> list[bool]:
    """Beside each of ``blocks``: it is another's words, quoted. A quote that opens with a
    label ("Note", a bold title: ``_is_label``) is a callout, the author's own text (Markdown's
    admonitions and "> **Note**" are written as quotes)."""
    first: dict[int, str] = {}
    for (_kind, text), number in zip(blocks, quoted, strict=True):
        if number >= 0:
            first.setdefault(number, text)
    callouts = {number for number, text in first.items() if _is_label(text, labels)}
    return [number >= 0 and number not in callouts for number in quoted]


# ------------------------------------------------------------------ summaries


def _excerpt_ellipsis(summary: str) -> str:
    """An excerpt's closing "[…]" (WordPress's) says the text goes on: an ellipsis says it
    as well, after a sentence cut short; after a whole sentence, nothing ("the busiest
    region.…" read as a stray mark). Nothing but "[…]" is no summary."""
    cut = _TAILS[2].sub("", summary)
    if cut == summary:
        return summary
    cut = cut.rstrip(" ,;:–—-")
    if not cut.strip():
        return ""
    return cut if cut.rstrip("\"'”’)»").endswith(_SENTENCE_ENDS) else cut + "…"


_SENTENCE_ENDS = tuple(".!?…。！？")


# The tails of a summary in other languages: WordPress's note ("Der Beitrag ... erschien
# zuerst auf ...") and a teaser ("... Weiterlesen", "... Lire la suite »", "... 阅读全文"),
# each where a sentence starts: after the text's start, a sentence's end or "[…]".
_SENTENCE_BREAK = re.compile(r"[.!?…。！？\]»”\"][\"'”’»)]?\s*")
_BREAK_BEFORE = tuple(".!?…»”\"'。！？]）)")
_OPEN_QUOTES = "„“\"«‘‚「『"
_CLOSE_QUOTES = tuple("“”\"»’‘」』")
_NOTE_WINDOW = 560
_NOTE_NEEDLES = tuple(needle for _pattern, needle in _NOTES)
_NOTE_NEEDLES_ASCII = tuple(needle for needle in _NOTE_NEEDLES if needle.isascii())


def _local_tails(summary: str) -> str:
    """``summary`` without a closing syndication note or teaser in another language."""
    # a note is at most some 500 characters long, and its phrase is in the last 200
    ending = summary[-200:].lower()
    noted = False
    for needle in _NOTE_NEEDLES_ASCII if ending.isascii() else _NOTE_NEEDLES:
        if needle in ending:
            noted = True
            break
    window = max(0, len(summary) - _NOTE_WINDOW)
    low = summary[window:].lower() if noted else ""
    for pattern, needle in _NOTES if noted else ():
        at = low.rfind(needle)
        if at < 0:
            continue
        breaks = _SENTENCE_BREAK.finditer(summary, window, window + at + len(needle))
        starts = [*([0] if window == 0 else []), *(m.end() for m in breaks)]
        start = next((s for s in reversed(starts) if pattern.match(summary, s)), None)
        if start is not None:
            summary = summary[:start].rstrip()
            window = max(0, len(summary) - _NOTE_WINDOW)
            low = summary[window:].lower()
    if summary.endswith(".") and not summary.endswith(".."):
        return summary  # a sentence's end, as nearly every summary's: no teaser
    end = summary.rstrip(" ›→>….")
    if end.endswith("»") and "«" not in end[-160:]:
        end = end.rstrip(" »")  # an arrow: "Weiterlesen »"
    if end.endswith(_CLOSE_QUOTES):  # "Weiterlesen „<headline>“"
        opener = max(end.rfind(quote, 0, len(end) - 1) for quote in _OPEN_QUOTES)
        if opener < 0 or len(end) - opener > 160:
            return summary
        end = end[:opener].rstrip(" :：")
        if end.lower().endswith(" de"):  # "Continuer la lecture de « ... »"
            end = end[:-3]
    low = end[-40:].lower()
    if not low.endswith(_MORE_PHRASES):
        return summary
    cut = len(end) - max(len(p) for p in _MORE_PHRASES if low.endswith(p))
    before = end[:cut].rstrip()
    if before.endswith(_CLOSE_QUOTES):  # "„<headline>“ weiterlesen"
        opener = max(before.rfind(quote, 0, len(before) - 1) for quote in _OPEN_QUOTES)
        if 0 <= opener and len(before) - opener <= 160:
            before = before[:opener].rstrip()
    if before and not before.endswith(_BREAK_BEFORE):
        return summary  # "... wer mehr wissen will, muss mehr lesen": a sentence's end
    return before


# ... and the same lines closing a feed's own summary (the episode's description when its
# content:encoded is the body, or its itunes:summary), run together in its text: "We talk
# bridges with an auditor. Hosted on Acast. See acast.com/privacy for more information."
_PODCAST_TAIL = re.compile(rf"({_PODCAST_LINE})(\s+({_PODCAST_LINE}))*\s*$", re.IGNORECASE)
_PODCAST_NEEDLES = ("hosted ", "powered by", "ad choices", "ad-choices", "adchoices",
                    "support th", "support our", "send us a", "send in a", "privacy",
                    "become a", "advertising inquiries", "anchor:")
_TAIL_START = re.compile(r"[.!?…][\"'”’)]?\s+")


def _podcast_tail(summary: str) -> str:
    """``summary`` without the podcast host's lines (``_PODCAST_LINE``) that close it."""
    window = max(0, len(summary) - 1000)  # a few lines, each 250 characters at most
    low = summary[window:].lower()
    if not any(needle in low for needle in _PODCAST_NEEDLES):
        return summary
    starts = [*([0] if window == 0 else []),
              *(m.end() for m in _TAIL_START.finditer(summary, window))]
    for start in starts:
        if _PODCAST_TAIL.match(summary, start):
            return summary[:start].rstrip()
    return summary


_PRE_BLOCK = re.compile(r"<pre\b[^>]*>.*?(</pre\s*>|$)", re.IGNORECASE | re.S)

# A footnote's marker, no word of the text a summary sums up: "Tuesday [1]", "Tuesday[^1]"
# (Markdown's syntax, left as written), "[12]", "[note 3]" after a word or a stop (not a
# letter: "the box marked [x]" is the text's), and the superscript digits after a word of
# three letters or more or a stop ("Tuesday¹", "paused.²"; "km²" and "10³" are units and
# powers, and stay). A link's text ("[1](…)") and a bracket at a line's start (a note's
# own number) are no markers.
_FOOTNOTE_MARK = re.compile(
    r"(?<=[^\s\[(])[ \u00a0]?\[(?:\^[\w-]{1,20}|\d{1,3}|note \d{1,3})\](?![(\[:])"
    r"|(?:(?<=[^\W\d_]{3})|(?<=[.,;:!?)\]”’\"]))[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}(?!\w)")
_SUPERSCRIPT_DIGITS = frozenset("¹²³⁴⁵⁶⁷⁸⁹⁰")
# ... as HTML writes it: a superscript that links to a note on the page (Hugo's, Jekyll's,
# WordPress plugins' "<sup><a href="#fn:1">1</a></sup>"; or with no address, one the sanitiser
# could not resolve) or holds a bracketed number
_SUP_NOTE = re.compile(
    r"<sup\b[^>]*>\s*(?:<a\b(?:[^>]*#|(?![^>]*\bhref=))[^>]*>\s*[\[(]?[\w*†‡]{1,4}[\])]?\s*</a>"
    r"|\[\d{1,3}\])"
    r"\s*</sup>", re.IGNORECASE)
# A footnote itself, a paragraph: "[1] According to ...", "[^1]: ...", "¹ ...", or one that
# links back to its marker ("... ↩")
_FOOTNOTE_NOTE = re.compile(r"(\[\^?[\w-]{1,20}\]:?|\^\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})\s")  # (.match)


def _without_footnote_marks(summary: str) -> str:
    """``summary`` without footnote markers (``_FOOTNOTE_MARK``)."""
    if "[" in summary or not summary.isascii() and not _SUPERSCRIPT_DIGITS.isdisjoint(summary):
        summary = _FOOTNOTE_MARK.sub("", summary)
    return summary


# A label, no sentence: an admonition's or a callout's title ("Note", "Warning", "Tip:",
# "⚠️ Heads up"), a box's ("Key takeaways", "TL;DR") that a summary must not open with or
# be padded with: the text under it is what it sums up
_LABEL_LINE = re.compile(
    r"^[^\w\s]{0,3}\s?(notes?|nb|n\.b\.|warning|caution|tips?|hint|important|info|information"
    r"|danger|attention|heads[- ]up|reminder|example|abstract|summary|tl;? ?dr|key (points"
    r"|takeaways|facts)|(the )?takeaways?|in brief|at a glance|highlights|fyi|success|question"
    r"|editor['’]s note|update|updated)\s*[:.!–—-]?$",
    re.IGNORECASE,
)
# A paragraph that is nothing but bold text (an admonition's title as Markdown renders it,
# a box's label); it is a label when it reads as a title, not a sentence
_BOLD_BLOCK = re.compile(
    r"<(p|li|dt|dd|div)>\s*<(?:strong|b)>(?P<text>[^<]{1,100})</(?:strong|b)>\s*(:\s*)?"
    r"</(?:p|li|dt|dd|div)>")
# The first block of an HTML summary: a heading, or a paragraph of one text perhaps in bold
_LEAD_BLOCK = re.compile(
    r"\s*<(?P<tag>h[1-6]|p|dt|div)\b[^>]*>\s*(?P<bold><(?:strong|b)>)?(?P<text>[^<]{1,100})"
    r"(?(bold)</(?:strong|b)>)\s*(:\s*)?</(?P=tag)>",
    re.IGNORECASE)


def _title_like(text: str) -> bool:
    """A short text that ends as a title does, not as a sentence ("Heads up", "Why it
    matters:"); a bold lede ("The bridge reopened on Tuesday.") is a sentence."""
    text = text.strip().rstrip(":").rstrip()
    return 0 < len(text) <= 80 and text[-1] not in ".!?…\"”’)"


def bold_labels(body: str) -> frozenset[str]:
    """The texts of ``body``'s paragraphs that are bold and nothing else and read as a title
    (``_BOLD_BLOCK``): labels, not prose to sum up."""
    if "<strong>" not in body and "<b>" not in body:
        return frozenset()
    labels = (normalize_text(_unescape(m.group("text"))) for m in _BOLD_BLOCK.finditer(body))
    return frozenset(label for label in labels if _title_like(label))


def _is_label(text: str, labels: frozenset[str] = frozenset()) -> bool:
    """``text`` is a label (``_LABEL_LINE``, or one of ``labels``), no sentence to sum up."""
    return (text in labels or text.rstrip(": ") in labels
            or len(text) <= 40 and bool(_LABEL_LINE.match(text)))


def _opens_as_furniture(text: str, labels: frozenset[str] = frozenset()) -> bool:
    """``text``, a summary's first line, is a label or a byline or dateline alone ("November
    20, 2026", "Updated: Nov 20, 2026, 10:30 UTC", "By Jane Roe | 4 min read")."""
    return _is_label(text, labels) or meta_line(text) is not None


def summary_paragraphs(
    prose: Sequence[str], labels: frozenset[str] = frozenset(), want: int = 2
) -> list[str]:
    """The first ``want`` paragraphs of ``prose`` a summary may be made of: no table row
    ("Median fee | $0.12"), footnote or label (``_is_label``), nor the byline or dateline
    it opens with; the first ``want`` of all of them if that leaves none. (It reads no
    further than it needs: a body of 200 paragraphs is summed up by its first few.)"""
    fit: list[str] = []
    for text in prose:
        if (" | " in text or _FOOTNOTE_NOTE.match(text) or "↩" in text
                or _is_label(text, labels) or not fit and meta_line(text) is not None):
            continue
        fit.append(text)
        if len(fit) == want:
            break
    return fit or list(prose[:want])


def _without_lead_labels(text: str) -> str:
    """An HTML summary without the headings, labels and datelines it opens with
    ("<h2>Overview</h2>", "<p><strong>Note</strong></p>", "<p>November 20, 2026</p>"), when
    text follows them."""
    ends = [0]  # where the text after each leading label starts
    while len(ends) <= _LEAD_LABELS and (lead := _LEAD_BLOCK.match(text, ends[-1])):
        said = normalize_text(_unescape(lead.group("text")))
        if not (lead.group("tag")[0] in "hH" or lead.group("bold") and _title_like(said)
                or _opens_as_furniture(said)):
            break
        ends.append(lead.end())
    # the labels go when text follows them; a text of labels only keeps its last one (one
    # look at the rest, not one per label: thousands of headings cost a pass each)
    if len(ends) > 1 and not plain_text(text[ends[-1]:]):
        ends.pop()
    return text[ends[-1]:]


_LEAD_LABELS = 12  # leading labels and datelines a summary skips at most


def _without_lead_label_lines(text: str) -> str:
    """Plain text (lines) without the label lines and datelines it opens with, when more
    follows."""
    lines = text.split("\n")
    while len(lines) > 1 and _opens_as_furniture(lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def make_summary(text: str, fallback: str = "", limit: int = SUMMARY_LIMIT) -> str:
    """A plain-text excerpt: no markup, no "appeared first on" tail, cut at a word boundary.

    ``text``: HTML (or text with entities); ``fallback``, used when ``text`` gives nothing:
    plain text (the first paragraphs' text), so a "<" or "&lt;" in it is the reader's, not
    markup to drop or an entity to decode ("nothing else <not a tag>." kept whole). A code
    block (``<pre>``) in ``text`` is not summed up: a summary is never made of code."""
    if text and "<" in text:
        if "<pre" in text.lower():
            text = _PRE_BLOCK.sub(" ", text)
        if "<sup" in text.lower():
            text = _SUP_NOTE.sub("", text)
        text = _without_lead_labels(text)
    summary = _without_footnote_marks(plain_text(text)) if text else ""
    for tail in _TAILS[:2]:
        summary = tail.sub("", summary).strip()
    summary = _excerpt_ellipsis(_local_tails(_podcast_tail(summary)))
    if not summary and fallback:
        # (prose: "... read more about it on the forum." is not a tail there)
        fallback = _without_lead_label_lines(fallback)
        summary = _excerpt_ellipsis(_without_footnote_marks(normalize_text(fallback)))
    if len(summary) <= limit:
        return summary
    cut = summary[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    rest = summary[len(cut):].lstrip(" ,;:–—-")
    if _URLISH.match(rest) or _URLISH.match(cut.rsplit(" ", 1)[-1]):
        cut = _before_link(cut)
        if cut.rstrip("\"'”’)")[-1:] in (".", "!", "?", "…"):
            return cut  # a whole sentence: no "….…"
    return cut + "…"


# An address, whole or cut: "https://…", "www.…", "quay.example/…"
_URLISH = re.compile(r"^[(<\[\"']?(https?:|www\.|[\w-]+(\.[\w-]+)+/)", re.IGNORECASE)
# The words that lead to an address: "the full text is at", "here:", "see", "via"
_TO_LINK = re.compile(
    r"(\s+(at|here|see|via|visit|on|from|to|in|link|website|site|page|url|below|is|are"
    r"|available))*\s*[:(–—-]?$",
    re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]?(?=\s)")


def _before_link(cut: str) -> str:
    """A summary cut at or in an address ("… the full text is at https://qu"): cut at the
    end of the sentence before it, else before the address and the words leading to it."""
    words = cut.split(" ")
    while words and _URLISH.match(words[-1]):
        words.pop()
    head = " ".join(words)
    ends = list(_SENTENCE_END.finditer(head + " "))
    if ends and ends[-1].end() >= len(head) // 3:
        return head[: ends[-1].end()].rstrip()
    return _TO_LINK.sub("", head).rstrip(" ,;:–—-") or head


# ------------------------------------------------------------------ the stage


def clean_article(article: Article, furniture: SiteFurniture | None = None) -> Article:
    """Return a cleaned copy of ``article``."""
    return clean_with_report(article, furniture)[0]


def clean_with_report(
    article: Article, furniture: SiteFurniture | None = None
) -> tuple[Article, CleanReport]:
    """The cleaned copy of ``article`` and what was dropped, by which rule."""
    if article.origin == "scraped":
        if furniture is None:
            return _clean_dump(article, frozenset())
        key = site_key(article)
        names = furniture.names_for(key)
        if names:
            known = tuple(dict.fromkeys([*article.site_names, *names]))
            article = replace(article, site_names=known)
        return _clean_dump(article, furniture.lines_for(key))
    return _clean_html_article(article)


def _clean_dump(article: Article, furniture: frozenset[str]) -> tuple[Article, CleanReport]:
    raw_title = plain_text(article.title)
    body = [article.summary, *article.raw_lines] if article.summary else list(article.raw_lines)
    parts = parse_dump_body(body, raw_title, furniture)
    names = tuple(dict.fromkeys([*article.site_names, *parts.site_names]))
    own = split_suffix(raw_title)
    if own and not _has_suffix(raw_title, names) and _dump_names(own[1], article, parts.dropped):
        names = (*names, own[1])
    title = strip_site_suffix(raw_title, names)
    source_name = article.source_name or (parts.site_names[0] if parts.site_names else "")
    if not source_name:
        own = split_suffix(raw_title)
        source_name = own[1] if own else "Unknown source"
    blocks = list(parts.blocks)
    # The standfirst is the first line under the headline that is not furniture; a label
    # there ("Key Takeaways" over a list) is none: it stays in the body, and the summary is
    # made of the first paragraph
    standfirst = blocks.pop(0)[1] if blocks and not _is_label(blocks[0][1]) else ""
    paragraphs = tuple(text for kind, text in blocks if kind == "p")
    headings = tuple(text for kind, text in blocks if kind == "h")
    cleaned = replace(
        article,
        title=title,
        source_name=source_name,
        site_names=names,
        summary=make_summary(standfirst, "\n".join(paragraphs[:1])),
        body_html=_blocks_html(blocks),
        paragraphs=paragraphs,
        headings=headings,
        note=parts.note,
        author=article.author or parts.author,
        published=article.published or parts.published,
        updated=article.updated or parts.updated,
        source_category=normalize_text(article.source_category or "") or None,
    )
    return cleaned, CleanReport(dropped=tuple(parts.dropped), site_names=names)


# Furniture lines that name the site they are on: "© 2026 Dump News", "Follow Dump News on
# Google News", "Sign up for the Dump News newsletter", "Jo Roe is a reporter at Dump News"
_NAMING_RULES = frozenset({"copyright", "follow-us", "newsletter", "subscribe", "tip-line",
                           "author-bio", "byline", "paywall", "related-posts"})


_MASTHEAD_WORDS = frozenset("""news daily times post journal magazine weekly today insider
    report wire media hub network digest tribune herald gazette chronicle observer review
    ledger desk""".split())


def _host_key(url: str | None) -> str:
    """The name a site's address spells: "https://www.dump-news.example/x" -> "dumpnews"."""
    if not url:
        return ""
    try:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""
    return _name_key(host.rsplit(".", 1)[0]) if "." in host else ""


def _dump_names(suffix: str, article: Article, dropped: Sequence[tuple[str, str]]) -> bool:
    """A dump's headline suffix that its own file says is the site's name: the address's
    host spells it ("Dump News" at dump-news.example), the folder the dump sits in is
    named so, or a furniture line of the dump names it ("© 2026 Dump News")."""
    key = _name_key(suffix)
    if len(key) < 3 or len(suffix.split()) > 5 or not suffix[:1].isupper():
        return False
    host = _host_key(article.url)
    if key == _name_key(PurePath(article.location).parent.name) or key == host:
        return True
    # "CoinTide News" at cointide.example: the address spells the name but for the word a
    # publication's name ends with ("Bitcoin – The Next Decade" at thenext.example stays)
    words = suffix.split()
    if (len(host) >= 4 and len(words) >= 2 and words[-1].lower() in _MASTHEAD_WORDS
            and _name_key(" ".join(words[:-1])) == host):
        return True
    named = re.compile(rf"(?<![\w-]){re.escape(suffix)}(?![\w-])")
    return any(rule in _NAMING_RULES and suffix in line and named.search(line)
               and normalize_text(line) != suffix for line, rule in dropped)


def _said_by(dropped: Sequence[tuple[str, str]]) -> MetaLine:
    """The author and dates the bylines and datelines among ``dropped`` name, the first
    of each."""
    author = published = updated = None
    for text, rule in dropped:
        if rule not in ("byline", "dateline"):
            continue
        # (the parts' reader first: "By Jane Roe | Nov 20, 2026" names a date too)
        if (meta := meta_line(text)) is not None:
            author = author or meta.author
            published, updated = published or meta.published, updated or meta.updated
        elif (by := _BYLINE.match(text)) is not None:
            author = author or by.group("author")
    return MetaLine(author, published, updated)


# A cross-link's label and what follows it, whatever that is: in a feed's or a page's block
# it is furniture when it is all one link's text (another story's headline, whatever its
# case or stops: "Related: <a>Bitcoin tops $100K. What next?</a>"); a dump has no links,
# and its cross-links are read by their headline's shape (``_HEADLINE_REST``)
_CROSS_LINK = re.compile(rf"^{_CROSS_LABEL}\s*[:»›>|–—-]\s*(?P<rest>\S.{{0,200}})$",
                         re.IGNORECASE)
_LINK_TEXT = re.compile(r"<a\b[^>]*>(.*?)</a>", re.IGNORECASE | re.S)


def cross_link_rule(text: str, link_texts: Sequence[str]) -> str | None:
    """"read-more" when ``text`` is a cross-link's label and, after it, nothing but the text
    of the block's links (``link_texts``); None otherwise. "Related: <a>the fund's vote</a>
    failed too, its treasurer said." goes on after its link, and stays."""
    if not link_texts or not (match := _CROSS_LINK.match(text)) or _reported(text):
        return None
    linked = _name_key(" ".join(link_texts))
    return "read-more" if linked and _name_key(match.group("rest")) == linked else None


def _inline_links(marked: str | None) -> list[str]:
    """The texts of the links in a block's inline HTML (``html_blocks_inline``)."""
    if not marked or "<a" not in marked:
        return []
    return [plain_text(found) for found in _LINK_TEXT.findall(marked)]


_FOLLOW_BYLINE = re.compile(rf"^{_NAME}\s*[·•|]?\s*Follow$")
_COUNTER = re.compile(r"^\d[\d.,]{0,5}[KkMm]?$")


def _filter_blocks(
    blocks: Sequence[tuple[str, str]], inline: Sequence[str | None] = (),
) -> tuple[list[int], list[tuple[str, str]]]:
    """Page furniture that survived an extractor, dropped by the same rules as for dumps:
    the indices of the blocks kept, and [(dropped text, rule)]. ``inline``: beside each
    block, its HTML with its links (``html_blocks_inline``), for the cross-links."""
    kept: list[int] = []
    dropped: list[tuple[str, str]] = []
    repeats = Counter(text for _kind, text in blocks)
    sections = section_marks([text for _kind, text in blocks],
                             [kind == "h" for kind, _text in blocks])
    sharing = False  # as in a dump: network names after a share line
    rule: str | None = None
    for index, (_kind, text) in enumerate(blocks):
        after_furniture = rule is not None
        rule = sections.get(index) or _furniture_rule_in_run(text, sharing)
        sharing = rule == "share-widget"
        if rule is None and _BYLINE.match(text):
            rule = "byline"
        if rule is None and index < 6 and _FOLLOW_BYLINE.match(text):
            rule = "byline"  # Medium's "Ann Writer Follow" (the button glued to the name)
        if rule is None and after_furniture and _COUNTER.match(text):
            rule = "social-count"  # a clap or like counter beside its buttons
        if rule is None and not any(ch.isalnum() for ch in text):
            rule = "decoration"  # a callout's emoji, a row of stars
        if rule is None and (meta := meta_line(text, top=index < 2)) is not None:
            rule = "byline" if meta.author else "dateline"
        if rule is None and repeats[text] >= 3:
            rule = "repeated-in-page"
        if rule is None and index < len(inline) and inline[index]:
            rule = cross_link_rule(text, _inline_links(inline[index]))

        if rule:
            dropped.append((text, rule))
        else:
            kept.append(index)
    tail = _disclaimer_tail([blocks[index][1] for index in kept])
    if tail:
        dropped += [(blocks[index][1], "disclaimer") for index in kept[-tail:]]
        kept = kept[:-tail]
    # an editor's note at the top or the bottom: the article's note (``_NOTE_RULE``)
    if notes := _note_indices([blocks[index][1] for index in kept]):
        dropped += [(blocks[kept[at]][1], _NOTE_RULE) for at in notes]
        kept = [index for at, index in enumerate(kept) if at not in notes]
    return kept, dropped


# Lines that feeds, not their authors, add to an item's body: syndication notes and the
# counters of link aggregators (Hacker News feeds: "Points: 212", "# Comments: 64"). Each:
# (rule name, pattern, a word the line must hold, looked for first).
_FEED_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE | re.S), needle)
    for name, pattern, needle in (
        ("syndication-note", r"^the post .{1,300}? appeared first on .{1,120}?\.?$",
         "appeared first on"),
        ("syndication-note",
         r"^.{1,300}? was originally published in .{1,120}? on medium\b.{0,200}$",
         "originally published"),
        ("aggregator-line", r"^(article|comments) url:\s*https?://\S+$", "url:"),
        ("aggregator-line", r"^(points|# ?comments):\s*\d+$", ":"),
    )
)
# The teaser link that ends an excerpt (WordPress's "Continue reading <title>", "Read the
# full story"): furniture as the body's last block only, where it links to the original
# (the page links to it already); earlier, such words begin prose.
_MORE_LINK = re.compile(
    r"^(continue reading|keep reading|read the (full|whole|complete|rest of the) "
    r"(story|article|post|piece|report)|read on)\b.{0,150}$",
    re.IGNORECASE | re.S,
)
# ... as the translations write it: "Weiterlesen „<headline>“", "„<headline>“ weiterlesen",
# "Continuer la lecture de « <headline> »", "Читать далее «<headline>»", "继续阅读"
_CONTINUE_LOCAL = (r"weiterlesen|seguir leyendo|sigue leyendo|continuar leyendo|continúa leyendo"
                   r"|lire la suite|continuer la lecture|continue lendo|continuar lendo"
                   r"|continua a leggere|читать далее|продолжить чтение|devamını oku"
                   r"|okumaya devam et|verder lezen|继续阅读|阅读全文|続きを読む|계속 ?읽기")
_MORE_LINK_LOCAL = re.compile(
    rf"^({_CONTINUE_LOCAL})(\s*(de|von|di|от)?\s*[:：]?\s*[„“\"«‘‚「『(（].{{1,150}}"
    r"|\s*[:：»›→>…]+.{0,150}|\.\.\..{0,150})?$"
    rf"|^[„“\"«‘‚「『].{{1,150}}[“”\"»’‘」』]\s*(の)?({_CONTINUE_LOCAL})[\s»›→…]*$",
    re.IGNORECASE | re.S,
)
# Reddit's line after a post, loose text after its last paragraph:
# "submitted by /u/name [link] [comments]"
# A link post puts it in the second cell of a table whose first holds the thumbnail (a link
# to the comments): the table's closing tags follow it, and are kept.
_REDDIT_FOOTER = re.compile(
    r"\s*submitted\s+by\s*(?:<a\b[^>]*>)?\s*/?u/[^<\s]+\s*(?:</a>)?(?:\s|<br>|<a\b[^>]*>"
    r"\s*\[(?:link|comments)\]\s*</a>)*(?P<closers>(?:\s|</(?:td|tr|tbody|table)>)*)$",
    re.IGNORECASE,
)
_HREF_VALUE = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"', re.IGNORECASE)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>")
# A furniture heading's list goes with it ("Share this:" + the buttons, "Related" + links)
_LIST_HEADINGS = {"share-widget", "related-posts", "read-more", "follow-us", "tags"}


# Furniture is short, or at the end (a syndication note, an author's bio): a longer block
# before the last few is prose, and is not matched against every rule (7 us a block).
_SHORT_BLOCK = 300
_LAST_BLOCKS = 3


# A labelled disclaimer ("Disclaimer: ...", "Disclosure: ...") at the end of a feed's or a
# page's body: only furniture (or another such note) after it. A dump keeps it as its note.
_DISCLAIMER_LABEL = re.compile(
    r"^((affiliate|advertising|ad|financial|legal|investment) )?(disclaimer|disclosure)s?"
    r"\s*[:.–—-]",
    re.IGNORECASE,
)


_BARE_LABEL = re.compile(r"^((affiliate|advertising|financial|legal|investment) )?"
                         r"(disclaimer|disclosure)s?\s*:?$", re.IGNORECASE)
_DISCLAIMER_OPENINGS = ("dis", "aff", "adv", "ad ", "fin", "leg", "inv")


def _is_labelled_disclaimer(text: str) -> bool:
    return text[:3].lower() in _DISCLAIMER_OPENINGS and bool(_DISCLAIMER_LABEL.match(text))


def _disclaimer_tail(texts: Sequence[str]) -> int:
    """How many of the last ``texts`` (what is left once the furniture went; three at most)
    are labelled disclaimers: a body's close. An opinion's "Disclaimer: I hold no tokens,
    but ..." with the text going on after it is no tail, and stays."""
    count = 0
    # a heading "Disclaimer" and its text, the body's last two blocks
    if len(texts) >= 2 and texts[-2][:3].lower() in _DISCLAIMER_OPENINGS and _BARE_LABEL.match(
            texts[-2]):
        count = 2
    while count < min(_LAST_BLOCKS, len(texts)) and _is_labelled_disclaimer(texts[-1 - count]):
        count += 1
    return count


# An editor's note on a later version of the text, at its top or its bottom: "Update (18:40
# UTC, Nov. 21): The attacker returned ...", "UPDATE 2 — ...", "Editor's note (Nov. 21):
# ...", "Correction (Nov. 22): ..." (``_NOTE_PREFIX``, a disclaimer's label aside: that is a
# ``disclaimer``). It is the article's ``note``, as a dump's is, not its lead or summary;
# one in the middle of the text, or a text of such notes only (a live blog's entries:
# "Update 14:30: ..."), stays where it is.
_NOTE_RULE = "editor-note"
_NOTE_OPENINGS = frozenset("uUeEcC[(")
_NOT_UPDATE_NOTES = ("dis", "aff", "adv", "ad ", "fin")
_NOTE_BLOCKS = 3  # notes at the top, and at the bottom, at most


def _note_kind(text: str) -> str | None:
    """"note" when ``text`` is an editor's note: its label and a sentence after it (two
    words or more), not a dateline ("Updated: Nov 21, 2026, 09:00 UTC"); "label" when it
    is the label alone ("Update (Nov. 21):", a paragraph in bold), its text the next block;
    None otherwise."""
    if text[:1] not in _NOTE_OPENINGS or text.lstrip("[(")[:3].lower() in _NOT_UPDATE_NOTES:
        return None
    label = _NOTE_PREFIX.match(text)
    if label is None:
        return None
    words = len(text[label.end():].split())
    if words == 0 and text.endswith((":", "–", "—", "-")):
        return "label"
    return "note" if words >= 2 and meta_line(text) is None else None


def note_ends(texts: Sequence[str]) -> tuple[int, int]:
    """How many of ``texts`` (a body's blocks, its furniture gone) at its top and at its
    bottom are editor's notes (``_note_kind``: a note, or a label and the block after it);
    (0, 0) when another such note stands between them (a live blog) or nothing but notes
    would be left."""
    edges = [*texts[:_NOTE_BLOCKS], *texts[-_NOTE_BLOCKS:]]
    if not any(text[:1] in _NOTE_OPENINGS and _note_kind(text) for text in edges):
        return 0, 0  # (nearly every body: one look at its first and last blocks)
    kinds = [_note_kind(text) for text in texts]
    count, top, notes = len(kinds), 0, 0
    while notes < _NOTE_BLOCKS and top < count:
        if kinds[top] == "note":
            top += 1
        elif kinds[top] == "label" and top + 1 < count and kinds[top + 1] is None:
            top += 2
        else:
            break
        notes += 1
    bottom, notes = 0, 0
    while notes < _NOTE_BLOCKS and bottom < count - top:
        if kinds[-1 - bottom] == "note":
            bottom += 1
        elif (kinds[-1 - bottom] is None and bottom + 1 < count - top
              and kinds[-2 - bottom] == "label"):
            bottom += 2
        else:
            break
        notes += 1
    if top + bottom >= count or any(kinds[top:count - bottom]):
        return 0, 0
    return top, bottom


def _note_indices(texts: Sequence[str]) -> list[int]:
    """The indices of ``texts`` that are editor's notes at its top or bottom (``note_ends``)."""
    top, bottom = note_ends(texts)
    return [*range(top), *range(len(texts) - bottom, len(texts))]


def _feed_rule(text: str, index: int, count: int) -> str | None:
    """The rule ``text``, block ``index`` of ``count``, is furniture by; None: prose."""
    if len(text) <= _SHORT_BLOCK or index >= count - _LAST_BLOCKS:
        rule = furniture_rule(text)
        if rule is None:
            low = text.lower()
            rule = next((name for name, pattern, needle in _FEED_RULES
                         if needle in low and pattern.match(text)), None)
        # WordPress's note in other languages ("Der Beitrag ... erschien zuerst auf ..."):
        # the body's close, so looked for in its last blocks only ("Yazarın son yazısı ilk
        # önce ... ortaya çıktı" in the middle of a story is its prose)
        if rule is None and index >= count - _LAST_BLOCKS and any(
                needle in low and pattern.match(text) for pattern, needle in _NOTES):
            rule = "syndication-note"
        if rule is not None:
            return rule
    if index < 2 and (_BYLINE.match(text) or len(text) <= 80 and (
            _local_byline(text) is not None  # "Von Anna Schmidt", "Автор: ...", "记者 李明"
            or not text.isascii() and (meta := meta_line(text)) is not None and meta.author)):
        return "byline"
    # a dateline under the headline ("Published: Nov 20, 2026", "R8.11.20", "20.11.2026,
    # 14:30 Uhr"), as a page prints it: it dates an undated item (``_clean_html_article``)
    if index < 2 and _HAS_DIGIT.search(text) and (meta := meta_line(text)) is not None and (
            meta.published or meta.updated):
        return "byline" if meta.author else "dateline"
    if index == count - 1 and ("read" in text[:40].lower() and _MORE_LINK.match(text)
                               or len(text) <= 200 and _MORE_LINK_LOCAL.match(text)):
        return "read-more"
    return None


# What a post's text holds and a headline does not: an address, a handle, a hashtag
_POST_MARKS = re.compile(r"https?://|\bwww\.|\bpic\.twitter\.com/|(?<![\w@#])[@#][^\W\d_][\w.]{1,30}")
# The address of a post on a microblog: X/Twitter and its bridges ("/user/status/123"),
# Mastodon ("/@user/1234", "/users/user/statuses/1234"), Bluesky ("/profile/h/post/3k2"),
# Threads ("/@user/post/C1x"), Misskey ("/notes/9x"), Pleroma ("/notice/Ab", "/objects/..."),
# Lemmy ("/post/123"); not Medium's "/@writer/an-article-slug"
_POST_PATH = re.compile(
    r".*/(?:(?:status|statuses|notes|notice|objects)/[\w-]+|@[\w.-]+/(?:\d+|post/[\w-]+)"
    r"|profile/[^/]+/post/\w+|post/\d+)/?")


def _more_than_the_headline(body: str, title: str, url: str | None) -> bool:
    """A body whose text is its headline's says more than the headline: it shows a picture
    or a quoted post, links something other than the headline itself, or the headline was
    made from the text (a microblog's post: X/Twitter bridges, Mastodon, Bluesky write
    the post as the item's title), which its marks (an address, a handle, a hashtag) or
    the item's address (a post's) tell."""
    if "<img" in body or "<blockquote" in body:
        return True
    head = _name_key(title)
    if "<a" in body and any(_name_key(plain_text(text)) != head
                            for text in _LINK_TEXT.findall(body)):
        return True  # a link in the post, not the headline linking its article (Google News)
    if _POST_MARKS.search(title):
        return True
    try:
        path = urlsplit(url).path if url else ""
    except ValueError:  # "http://[x": no address to tell by
        return False
    return bool(path) and _POST_PATH.fullmatch(path) is not None


def _only_the_headline(
    blocks: Sequence[tuple[str, str]], title: str, site_names: Sequence[str], body: str = "",
    url: str | None = None,
) -> bool:
    """The body says nothing but the headline, perhaps with the publisher's name after it:
    an aggregator's item (Google News: "<a>Headline</a>&nbsp;&nbsp;<font>Publisher</font>")
    carries no text of its own. The headline alone is no body only when the body ``body``
    has nothing more to show (``_more_than_the_headline``): a microblog's post with its
    picture is its item's body."""
    if not title or not blocks or len(blocks) > 2:
        return False
    said = _name_key(" ".join(text for _kind, text in blocks))
    head = _name_key(title)
    if not head:
        return False
    if any(said == head + _name_key(name) for name in site_names if _name_key(name)):
        return True
    return said == head and not _more_than_the_headline(body, title, url)


# A paragraph that opens with a bold line and a line break, the rest under it: how
# GlobeNewswire sets a release's closing sections ("<p><strong>About Acme</strong><br />Acme
# is ...</p>", "<p><strong>Forward-Looking Statements</strong><br />This press release
# ..."). The paragraph's text runs to its "</p>" and never past another "<p" (a paragraph
# holds no other): an unclosed one is no match, found without reading to the end of the
# body from each (8,000 unclosed ones took 14 s).
_BOLD_HEAD_PARAGRAPH = re.compile(
    r"<p(?P<attrs>\b[^>]*)>\s*<(?P<tag>strong|b)>(?P<head>[^<]{1,150})</(?P=tag)>\s*"
    r"(?:<br\s*/?>\s*)+(?P<rest>(?:[^<]|<(?!/?p\b))*)</p>",
    re.IGNORECASE,
)


# A wire's dateline opening a release's lead: "PORT ALDER, Calif., March 10, 2026 /PRWire/
# --", "BOSTONVILLE, March 10, 2026 (GLOBE WIRE) --", "LONDON, Nov. 4, 2026 /PRNewswire/ —":
# the city in capitals, perhaps its state or country, the date, perhaps the wire's name, a
# dash. The sentence after it is the lead.
_WIRE_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
_WIRE_DATELINE = re.compile(
    r"(?P<open><p\b[^>]*>\s*)(?P<line>[A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,4},"
    r"(?: [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?,){0,2} " + _WIRE_MONTH + r" \d{1,2},? \d{4}"
    r"\s*(?:/[^/<>]{1,40}/|\([^()<>]{1,40}\))?\s*(?:--|–|—|-)\s*)(?=\S)"
)


def _without_wire_dateline(body: str) -> tuple[str, str | None]:
    """``body`` without the wire's dateline its first paragraph opens with, and the
    dateline (None when it has none)."""
    found = _WIRE_DATELINE.match(body)
    if not found:
        return body, None
    return body[:found.start("line")] + body[found.end("line"):], found.group("line").strip()


def _split_section_heads(body: str) -> str:
    """``body`` with each bold heading that opens a closing section (``_section_start``: an
    "About ..." company boilerplate, a legal notice, a contact block) out of the paragraph
    it shares with the section's text, a paragraph of its own, as the section's rules read
    it when the publisher writes two paragraphs; any other bold lead-in stays as it is."""

    def split(found: re.Match[str]) -> str:
        head = normalize_text(_unescape(found.group("head")))
        rest = normalize_text(plain_text(found.group("rest")))
        if not rest or _section_start(head, rest) is None:
            return found.group(0)
        attrs, tag = found.group("attrs"), found.group("tag")
        return (f"<p{attrs}><{tag}>{found.group('head')}</{tag}></p>"
                f"<p{attrs}>{found.group('rest')}</p>")

    return _BOLD_HEAD_PARAGRAPH.sub(split, body)


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _lines_rule(paragraph: str) -> str | None:
    """The rule of a paragraph of lines (``<br>`` between them) each of which is furniture,
    as a video's description ends ("Support the channel on Patreon: ...<br>Merch: ...<br>
    #tag #tag"): its first line's; None when one line is not (or there is one line)."""
    lines = [text for piece in _BR.split(paragraph) if (text := normalize_text(plain_text(piece)))]
    if len(lines) < 2:
        return None
    rules = [furniture_rule(line) for line in lines]
    return rules[0] if all(rules) else None


def drop_feed_furniture(
    body: str, title: str, site_names: Sequence[str] = (), url: str | None = None
) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
    """A feed item's sanitised body without what its feed or site added around the text:
    share buttons and related-post lists (a furniture heading and the list after it), the
    syndication note ("The post ... appeared first on ...", Medium's "... was originally
    published in ..."), Reddit's "submitted by" line, link aggregators' counters, a byline
    at the top, the headline repeated as the first heading, empty paragraphs, a body that
    is only the headline and a ``site_names`` publisher (Google News), or only the headline
    with nothing more (``_only_the_headline``; ``url``: the item's address). The same line
    rules as for scraped dumps (``furniture_rule``), applied to whole blocks only; the rest
    of the markup is kept as it is. Returns (body, [(dropped text, rule)], its blocks:
    ``html_blocks(body)``)."""
    dropped: list[tuple[str, str]] = []
    if "<br" in body and ("</strong>" in body or "</b>" in body):
        body = _split_section_heads(body)
    if body.startswith("<p") and ("--" in body[:160] or "—" in body[:160] or "–" in body[:160]
                                  or " - " in body[:160]):
        body, dateline = _without_wire_dateline(body)
        if dateline:
            dropped.append((dateline, "wire-dateline"))
    footer = _REDDIT_FOOTER.search(body) if "submitted" in body else None
    if footer:
        dropped.append((plain_text(footer.group(0)).strip(), "reddit-footer"))
        body = (body[:footer.start()] + footer.group("closers")).strip()
        if body.startswith("<table") and not plain_text(body):
            # a link post's thumbnail, linking to the post (or the link) the footer named
            named = set(_HREF_VALUE.findall(footer.group(0)))
            if set(_HREF_VALUE.findall(body)) <= named:
                dropped.append(("(thumbnail)", "reddit-footer"))
                body = ""
    blocks = html_blocks(body)
    if _only_the_headline(blocks, title, site_names, body, url):
        return "", [*dropped, (" ".join(text for _kind, text in blocks), "headline")], []
    lead = blocks[0] if blocks else None
    texts = [text for _kind, text in blocks]
    repeats_title = bool(lead and lead[0] == "h" and _name_key(lead[1]) == _name_key(title))
    linking = "<a" in body and any(_CROSS_LINK.match(text) for text in texts)
    if not (repeats_title or _EMPTY_PARAGRAPH.search(body) or linking
            or any(_feed_rule(text, i, len(blocks)) for i, (_kind, text) in enumerate(blocks))
            or _disclaimer_tail(texts) or note_ends(texts) != (0, 0)
            or section_marks([text for _kind, text in blocks],
                             [kind == "h" for kind, _text in blocks])):
        return body, dropped, blocks  # nearly every item: no tree to build
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(body, create_parent="div")
    except (etree.ParserError, ValueError):  # nothing lxml can read: kept as sanitised
        return body, dropped, blocks

    def attached(element: Any) -> bool:
        above = list(element.iterancestors())
        return bool(above) and above[-1] is root

    # The blocks checked whole: paragraphs, headings, list items not inside another of them
    candidates = []
    for element in list(root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li")):
        if not attached(element) or any(a.tag in ("p", "li") for a in element.iterancestors()):
            continue
        text = normalize_text(_text_content(element))
        if text:
            candidates.append((element, text))
        elif element.tag == "p" and not element.xpath(".//img"):
            element.drop_tree()  # <p>&nbsp;</p>: spacing, not a paragraph
    sections = section_marks([text for _element, text in candidates],
                             [element.tag[0] == "h" for element, _text in candidates])
    for index, (element, text) in enumerate(candidates):
        if not attached(element):
            continue  # went with a furniture heading's list
        rule = sections.get(index) or _feed_rule(text, index, len(candidates))
        if rule is None and index == 0 and repeats_title and element.tag[0] == "h":
            rule = "headline"
        if rule is None and linking:
            rule = cross_link_rule(text, [normalize_text(link.text_content())
                                          for link in element.iter("a")])
        if rule is None and element.tag == "p" and element.find("br") is not None:
            rule = _lines_rule(lxml_html.tostring(element, encoding="unicode"))
        if rule is None:
            continue
        dropped.append((text, rule))
        following = element.getnext()
        if (element.tag[0] == "h" and rule in _LIST_HEADINGS and following is not None
                and following.tag in ("ul", "ol")):
            dropped.append((normalize_text(following.text_content()), rule))
            following.drop_tree()
        element.drop_tree()
    left = [(element, text) for element, text in candidates if attached(element)]
    for element, text in left[len(left) - _disclaimer_tail([t for _e, t in left]):]:
        dropped.append((text, "disclaimer"))
        element.drop_tree()
    # an editor's note at the top or the bottom: the article's note, out of its body
    left = [(element, text) for element, text in left if attached(element)]
    for at in _note_indices([text for _element, text in left]):
        element, text = left[at]
        if element.tag == "li":
            continue
        dropped.append((text, _NOTE_RULE))
        parent = element.getparent()
        element.drop_tree()
        if (parent is not None and parent is not root and not _text_content(parent).strip()
                and parent.find(".//img") is None):
            parent.drop_tree()  # the box the note stood in ("<div class='update'>")
    for listing in list(root.iter("ul", "ol")):
        if listing.getparent() is not None and not listing.xpath(".//li"):
            listing.drop_tree()
    while len(root) and root[-1].tag == "hr" and not (root[-1].tail or "").strip():
        root[-1].drop_tree()  # the rule that stood before a dropped note
    kept = ((root.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in root
    )).strip()
    return kept, dropped, html_blocks(kept)


def _text_content(element: Any) -> str:
    """An element's text, a line break where it has a ``<br>`` ("Jo Press<br>press@..." is
    "Jo Press press@...", not "Jo Presspress@...")."""
    if element.find(".//br") is None:
        return str(element.text_content())
    clone = copy.deepcopy(element)
    for br in clone.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return str(clone.text_content())


_UNTITLED_LIMIT = 80


def _headline_from(paragraphs: Sequence[str]) -> str:
    """A headline for an item that has none (RSS 2.0 and JSON Feed allow it; microblogs
    write them): its first paragraph, cut at a word boundary with an ellipsis when long,
    not in the middle of a word ("what happe")."""
    if not paragraphs:
        return ""
    text = paragraphs[0]
    if len(text) <= _UNTITLED_LIMIT:
        return text
    head = text[: _UNTITLED_LIMIT + 1]
    cut = head.rsplit(" ", 1)[0].rstrip(" ,;:–—-") if " " in head else ""
    return (cut or text[:_UNTITLED_LIMIT]) + "…"


# The block elements the sanitiser drops, keeping their text, that each hold a line of a
# page of their own: "<details><summary>Background</summary>The bridge is old.</details>"
# read "BackgroundThe bridge is old.", two <section>s or a <div> inside a <div> one
# paragraph. A saved page's body is rebuilt from its blocks, so each of their tags is a
# line break there (a feed's body keeps its markup, and its tags their space).
_LINE_ELEMENTS = re.compile(
    r"</?(?:div|section|article|header|footer|aside|main|details|summary|center|address"
    r"|hgroup|fieldset|legend|dialog)(?=[\s>/])[^>]*>", re.IGNORECASE)


# A power or an index a feed or a Markdown file writes as markup ("km<sup>2</sup>",
# "10<sup>-3</sup>", "CO<sub>2</sub>"): its text read "km2", "103", "CO2", while a saved
# page's (digest/ingest/html.py) reads "km²", "10³", "CO₂". A block's text writes it so too,
# that the same sentence reads the same from a feed and from a page. Only a <sup> or <sub>
# of digits and + - − = ( ); "2<sup>nd</sup>" stays "2nd" and "<sup>(2)</sup>" "(2)", as a
# page's do. A <sup> of a note's number after a word of three letters or more or a stop
# ("fees<sup>1</sup>"), or of a note's sign ("*", "†"), is a footnote's marker and goes.
_SCRIPT_TAG = re.compile(r"<(su[pb])>\s*([0-9+=()\-−]{1,8}|[*†‡§]{1,3}"
                         r"|\d{1,3}(?:\s*[,–]\s*\d{1,3}){1,4})\s*</\1>")
_NOTE_NUMBER = re.compile(r"\d{1,3}(?:\s*[,–-]\s*\d{1,3})*")
_WORD_AT_END = re.compile(r"(?:[^\W\d_]{3}|[.,;:!?)\"'”’»])$")


def _after_a_word(markup: str, at: int) -> bool:
    """The text before ``at`` in ``markup`` ends with a word of three letters or more or a
    sentence's stop, tags and spaces aside: where a footnote's number stands."""
    before = markup[max(0, at - 300):at].rstrip()
    while before.endswith(">") and "<" in before:  # (one step a tag: linear)
        before = before[:before.rindex("<")].rstrip()
    return bool(_WORD_AT_END.search(before))


def _script_text(found: re.Match[str]) -> str:
    tag, inside = found.group(1), found.group(2)
    if tag == "sup" and (inside[0] in "*†‡§" or _NOTE_NUMBER.fullmatch(inside)
                         and _after_a_word(found.string, found.start())):
        return ""  # a footnote's marker
    if inside.startswith("(") or "," in inside or "–" in inside:
        return found.group(0)  # "(2)": a note's marker as some sites write one, kept as text
    return inside.translate(SUPERSCRIPTS if tag == "sup" else SUBSCRIPTS)


# A Markdown file's footnote marker as digest/ingest/markdown.py writes it (Hugo's,
# Pandoc's, Jekyll's plain text shows it so too): "Tuesday&nbsp;[1]", "said.[2]", its note
# a paragraph of its own that opens with the number ("<p>[1] According to ...</p>"). A
# bracketed number goes from the text only where such a note is there, and only beside a
# word as a marker stands (apart by a space, or glued to a word of three letters or more or
# a stop: "a[1]" is an index); a note's own number opens its block, and stays.
_BRACKET_NOTE = re.compile(r"<(?:p|li)>\s*\[(\d{1,3})\]\s")
_CODE_SPAN = re.compile(r"<code>.*?(?:</code>|$)", re.S)
_BRACKET_MARK = re.compile(r"(?<=[^\s\[(>])(&nbsp;|\xa0| )?\[(\d{1,3})\](?![(\[:\w])")


def _without_bracket_marks(body: str) -> str:
    notes = set(_BRACKET_NOTE.findall(body))
    if not notes:
        return body

    # where code stands ("<code>a[1]</code>"): (start, end) of each, in order
    code = [found.span() for found in _CODE_SPAN.finditer(body)] if "<code" in body else []
    starts = [start for start, _end in code]

    def mark(found: re.Match[str]) -> str:
        at = found.start()
        if found.group(2) not in notes:
            return found.group(0)  # no note of that number: the text's own brackets
        if code and (n := bisect_right(starts, at)) and at < code[n - 1][1]:
            return found.group(0)
        if found.group(1) is None and not _after_a_word(body, at):
            return found.group(0)
        return ""

    return _BRACKET_MARK.sub(mark, body)


# A note's number as Substack writes it: a link back to its marker before the note's text
# ('<div class="footnote"><a class="footnote-number" href="#footnote-anchor-1">1</a><div
# class="footnote-content"><p>...'). Sanitised, it is a loose link between two blocks, which
# read as a paragraph "1" of its own; it opens the note's paragraph instead, "[1] ...", as a
# Markdown file's notes read. The marker in the text is such a link too, glued to the word
# before it ("Tuesday<a href="#footnote-1">1</a>", no <sup>): it becomes a superscript,
# the note marker it is (``_SUP_NOTE``: out of the text), where a note of its number is there.
# (a link to a place in the page: its address has a "#", or it has none: the sanitiser
# drops what it cannot resolve, "#footnote-1" beside an item's address "http://[x")
_IN_PAGE_LINK = r"<a\b(?![^>]*\bhref=\"[^\"#]*\")[^>]*>"
_LOOSE_NOTE_NUMBER = re.compile(
    rf"{_IN_PAGE_LINK}\s*[\[(]?(?P<n>\d{{1,3}})[\])]?\.?\s*</a>\s*<p>", re.IGNORECASE)
_LINK_THEN_BLOCK = re.compile(r"</a>\s*<p>", re.IGNORECASE)
# ... between two blocks: after one's end (or at the body's start), not inside a paragraph
_BLOCK_END = re.compile(r"(?:</(?:p|li|ol|ul|h[1-6]|blockquote|pre|table|figure)>|<hr>|^)\s*$",
                        re.IGNORECASE)
_NUMBER_LINK = re.compile(
    rf"{_IN_PAGE_LINK}\s*\[?(\d{{1,3}})\]?\s*</a>", re.IGNORECASE)


def _with_note_numbers(body: str) -> str:
    """``body`` (sanitised) with its notes' loose number links in their paragraphs, and the
    markers that link to them as superscripts (``_LOOSE_NOTE_NUMBER``)."""
    if not _LINK_THEN_BLOCK.search(body):
        return body  # (nearly every body: no link stands right before a paragraph)
    numbers: set[str] = set()

    def note(found: re.Match[str]) -> str:
        if not _BLOCK_END.search(body, max(0, found.start() - 20), found.start()):
            return found.group(0)
        numbers.add(found.group("n"))
        return f"<p>[{found.group('n')}] "

    body = _LOOSE_NOTE_NUMBER.sub(note, body)
    if not numbers:
        return body

    def marker(found: re.Match[str]) -> str:
        before = body[max(0, found.start() - 3):found.start()]
        if found.group(1) in numbers and _WORD_AT_END.search(before):
            return f"<sup>{found.group(0)}</sup>"
        return found.group(0)

    return _NUMBER_LINK.sub(marker, body)


def _text_markup(body: str) -> str:
    """``body`` as its blocks' text reads it (``_with_text_markup``): without its footnote
    markers, its powers and indices as superscript and subscript characters. Each rewrite
    runs only where its mark is in the body."""
    if "<su" in body:
        if "<sup" in body and _SUP_NOTE.search(body):
            # a superscript link to a note (Hugo's, Jekyll's, WordPress plugins'
            # "Tuesday<sup><a href="#fn1">1</a></sup>") read "Tuesday1"
            body = _SUP_NOTE.sub("", body)
        body = _SCRIPT_TAG.sub(_script_text, body)
    if "<p>[" in body or "<li>[" in body:
        body = _without_bracket_marks(body)
    return body


def _with_text_markup(blocks: list[tuple[str, str]], body: str) -> list[tuple[str, str]]:
    """``blocks``, the text of ``body``, as ``_text_markup`` writes it: the summary, the
    dedupe stage and the topics read it. The body's HTML keeps its markup and markers."""
    text = _text_markup(body)
    if text == body:
        return blocks
    unmarked = html_blocks(text)
    if len(unmarked) != len(blocks):
        return unmarked  # a block that was only a marker: none of its kind to keep
    # (each block's kind as it was: a page's body writes its code blocks as paragraphs)
    return [(kind, text) for (kind, _old), (_kind, text) in zip(blocks, unmarked, strict=True)]


def _without_lead_note(summary: str, notes: Sequence[str]) -> str:
    """A feed's own summary without the editor's notes it opens with (an excerpt cut from
    a body the note tops: ``notes``, the texts of the body's notes, in order); "" when it is
    nothing but a note, or the start of one."""
    if not summary:
        return summary
    text = normalize_text(plain_text(summary))
    rest = text
    for note in notes:
        if rest.startswith(note):
            rest = rest[len(note):].lstrip()
        elif (cut := rest.rstrip(" .…[]")) and note.startswith(cut):
            return ""  # an excerpt cut inside the note
    if rest == text:
        return summary  # (as it was: its markup and all)
    return html.escape(rest, quote=False)


def _clean_html_article(article: Article) -> tuple[Article, CleanReport]:
    raw = article.body_html
    if article.origin == "page" and raw:
        raw = _LINE_ELEMENTS.sub("<br>", raw)
    body = (
        sanitize_html(raw, article.url, relative=article.origin == "markdown")
        if raw else ""
    )
    if article.origin != "page" and "</a>" in body:
        body = _with_note_numbers(body)
    # A feed's name as its title gives it, escaped twice by some publishers ("Messy &amp;
    # Co"), read as the headlines are (its articles' ids, made from it in ingest, stay)
    site_names = tuple(_unescape(n) for n in article.site_names)
    names = tuple(n for n in site_names if n)
    title = clean_title(article.title, names)
    dropped: list[tuple[str, str]] = []
    summary = article.summary
    if article.origin == "feed":
        body, dropped, blocks = drop_feed_furniture(body, title, names, article.url)
        if summary.strip() == article.body_html.strip():
            summary = ""  # the feed's summary is the body: made from the cleaned paragraphs
        if (article.published is None or article.updated is None) and any(
                rule in ("byline", "dateline") for _text, rule in dropped):
            # an item its feed left undated: the dateline its text printed (the feed's
            # own dates win)
            said = _said_by(dropped)
            article = replace(article, published=article.published or said.published,
                              updated=article.updated or said.updated)
        if article.author is None and any(rule == "byline" for _text, rule in dropped):
            # ... and its byline names the author its feed did not
            article = replace(article, author=_said_by(dropped).author)
    elif article.origin == "page":
        # Rebuilt from its blocks below; each block's inline markup (a link, emphasis) kept
        # beside its text, which alone decides whether the block is furniture.
        parsed = _parsed(body, inline=True)
        blocks, inline, quoted = parsed.blocks, parsed.marked, parsed.quoted
    else:
        blocks = html_blocks(body)
    if article.origin == "feed":
        quoted = quoted_blocks(body) if "<blockquote" in body else []
    elif article.origin != "page":
        quoted = []  # a Markdown file's quotes are its author's callouts and epigraphs
    if article.origin == "page":
        # The extractor's copy of the headline, and furniture it let through.
        heads = {_name_key(title), _name_key(plain_text(article.title))}
        dropped = [(text, "headline") for _kind, text in blocks if _name_key(text) in heads]
        at = [i for i, (_kind, text) in enumerate(blocks) if _name_key(text) not in heads]
        kept, more = _filter_blocks([blocks[i] for i in at], [inline[i] for i in at])
        dropped += more
        blocks = [blocks[at[i]] for i in kept]
        inline = [inline[at[i]] for i in kept]
        quoted = [quoted[at[i]] for i in kept]
        body = _blocks_html(blocks, inline)
        if any(inline):
            # its links (resolved and without tracking parameters already) and emphasis,
            # sanitised again as every body is
            body = sanitize_html(body, article.url, relative=False)
        # a page whose meta tags and JSON-LD name no author or date: the byline and
        # dateline its text printed ("Автор: Иван Петров", "2026年11月20日 14:30")
        if article.author is None or article.published is None:
            said = _said_by(more)
            article = replace(article, author=article.author or said.author,
                              published=article.published or said.published,
                              updated=article.updated or said.updated)
    for text, rule in dropped:
        if rule == "wire-dateline":  # ... out of the feed's summary too, where it opens it
            at = summary.find(text, 0, 300)
            if at >= 0 and not plain_text(summary[:at]).strip():
                summary = summary[:at] + summary[at + len(text):].lstrip()
    # the editor's notes at the top or the bottom of the text: its note, out of its body
    notes = [text for text, rule in dropped if rule == _NOTE_RULE]
    if notes:
        dropped = [(text, rule) for text, rule in dropped if rule != _NOTE_RULE]
        summary = _without_lead_note(summary, notes)
    if "<su" in body or "[" in body:
        blocks = _with_text_markup(blocks, body)
    paragraphs = tuple(text for kind, text in blocks if kind in ("p", "code"))
    headings = tuple(text for kind, text in blocks if kind == "h")
    # A code block (a question's snippet) is a paragraph of the body, never its summary or
    # its headline: those come from the prose paragraphs around it.
    prose = [text for kind, text in blocks if kind == "p"]
    summed = prose
    if quoted and max(quoted) >= 0 and len(quoted) == len(blocks):
        # a reply that quotes the post it answers (Discourse's quote, a <blockquote>), an
        # article that opens with a pull quote: the summary is made of the text's own
        # prose, outside its quotes (not the line leading to a quote, "Ann writes:"); a
        # text that is only a quote is summed up by it
        inside = _in_quotes(blocks, quoted, bold_labels(body))
        own = [text for (kind, text), quote in zip(blocks, inside, strict=True)
               if kind == "p" and not quote and not text.endswith((":", "："))]
        summed = own or prose
    cleaned = replace(
        article,
        title=title or _headline_from(prose or paragraphs),
        # (a table row, "Median fee | $0.12", a footnote or a label is text but no summary)
        summary=make_summary(
            summary, "\n".join(summary_paragraphs(summed, bold_labels(body)))
        ),
        body_html=body,
        paragraphs=paragraphs,
        headings=headings,
        note=" ".join(notes) if notes else article.note,
        author=normalize_text(article.author) if article.author else None,
        source_category=normalize_text(article.source_category or "") or None,
        source_name=_unescape(article.source_name),
        site_names=site_names,
    )
    return cleaned, CleanReport(dropped=tuple(dropped), site_names=names)


def clean_all(articles: list[Article], furniture: SiteFurniture | None = None) -> list[Article]:
    """Clean every article; ``furniture`` defaults to the per-site counts of these articles."""
    if furniture is None:
        furniture = learn_furniture(articles)
    return [clean_article(a, furniture) for a in articles]
