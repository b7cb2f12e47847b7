# ruff: noqa: E501  (the pages are written out whole)
"""Saved article pages in the shapes people keep them in: a page played back from the
Wayback Machine (its toolbar, its banner comments, every address rewritten to the
archive's copy), an archive.today capture, a SingleFile save, Chrome's single-file MHTML,
and a list of ``<p>`` items readability dropped. The promise: the article reads as the site
served it (its own address, its site's name, links to the original addresses, no archive
text) and a save's or a capture's date is never its publication date. Every page is
written here (an invented harbour board, ``.example`` hosts); each is read with the public
page reader, then cleaned.
"""

from __future__ import annotations

import json
import quopri
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

import digest.ingest.html as page_reader
from digest.clean import clean_with_report
from digest.ingest import PAGE_SUFFIXES, Input, read_input
from digest.ingest.html import parse_page_file, parse_page_text, unarchived_url

T = "Board Agrees To Dredge Eastern Channel"
P = [
    "The harbour board agreed on Tuesday to dredge the eastern channel before the spring tides come in.",
    "Fishing crews had complained for months that boats were running aground at low water near the pier.",
    "The work will cost the board about forty thousand pounds, paid from the reserve it keeps for repairs.",
    "A public meeting on the plans will be held at the sailing club next week, the chair said.",
]
ORIGINAL = "https://harbourgazette.example/news/2025/11/channel-dredging"
TS = "20251103141516"
W = f"https://web.archive.org/web/{TS}"
PUBLISHED = datetime(2025, 10, 30, 8, 15, tzinfo=UTC)

# The Wayback Machine's playback of a page: its scripts and style sheets in <head>, the
# toolbar (calendar, capture count and timespan, "About this capture", the printed banner)
# at the top of <body>, the page's addresses rewritten ("/web/<ts>im_/..." for a picture),
# and its comments after </html>.
WAYBACK_HEAD = f"""<script src="//archive.org/includes/athena.js" type="text/javascript"></script>
<script type="text/javascript">window.addEventListener('DOMContentLoaded',function(){{var v=archive_analytics.values;v.service='wb';archive_analytics.send_pageview({{}});}});</script>
<script type="text/javascript" src="https://web-static.archive.org/_static/js/bundle-playback.js?v=1B2M2Y8A" charset="utf-8"></script>
<script type="text/javascript" src="https://web-static.archive.org/_static/js/wombat.js?v=1B2M2Y8A" charset="utf-8"></script>
<script type="text/javascript">
  __wm.init("https://web.archive.org/web");
  __wm.wombat("{ORIGINAL}","{TS}","https://web.archive.org/","web","https://web-static.archive.org/_static/",
          "1762179316");
</script>
<link rel="stylesheet" type="text/css" href="https://web-static.archive.org/_static/css/banner-styles.css?v=S1zqJCYt" />
<!-- End Wayback Rewrite JS Include -->"""
WAYBACK_TOOLBAR = f"""<!-- BEGIN WAYBACK TOOLBAR INSERT -->
<script>__wm.rw(0);</script>
<div id="wm-ipp-base" lang="en" style="display:none;direction:ltr;"><div id="wm-ipp" style="position:fixed;left:0;top:0;right:0;">
<div id="wm-ipp-inside"><div id="wm-logo"><a href="/web/" title="Wayback Machine home page"><img src="/_static/images/toolbar/wayback-toolbar-logo-200.png" alt="Wayback Machine"></a></div>
<table class="c"><tbody><tr><td class="u" colspan="2"><form target="_top" method="get" action="/web/submit" name="wmtb" id="wm-toolbar"><input type="hidden" name="type" value="replay" /><input type="hidden" name="date" value="{TS}" /><input type="text" name="url" value="{ORIGINAL}" id="wmtbURL" /><input type="submit" value="Go"></form></td>
<td class="n" rowspan="2"><table><tbody><tr class="m"><td class="b"><a href="/web/20251030090000/{ORIGINAL}" title="09:00:00 Oct 30, 2025">Oct</a></td><td class="c" id="displayMonthEl" title="You are here: 14:15:16 Nov 03, 2025">NOV</td><td class="f">Dec</td></tr>
<tr class="d"><td class="c" id="displayDayEl" title="You are here: 14:15:16 Nov 03, 2025">03</td></tr><tr class="y"><td class="c" id="displayYearEl">2025</td></tr></tbody></table></td></tr>
<tr><td class="s"><div id="wm-nav-captures"><a class="t" href="/web/{TS}*/{ORIGINAL}" title="See a list of every capture for this URL">4 captures</a><div class="r" title="Timespan for captures of this URL">30 Oct 2025 - 03 Nov 2025</div></div></td></tr></tbody></table>
<div><a id="wm-expand" class="wm-btn wm-closed" href="#expand"><span>About this capture</span></a></div></div>
<div id="wm-capinfo" style="display:none"><div id="wm-capinfo-collected-by"><div>COLLECTED BY</div><div id="wm-collected-by-content">Organization: <a href="https://archive.org/details/webwidecrawl"><span class="wm-title">Internet Archive</span></a><div>The Internet Archive discovers and captures web pages through many different web crawls, some for months and some every day.</div></div></div><div id="wm-capinfo-timestamps"><div title="Timestamps for the elements of this playback page">TIMESTAMPS</div></div></div></div></div>
<div id="wm-ipp-print">The Wayback Machine - {W}/{ORIGINAL}</div>
<script type="text/javascript">//<![CDATA[
__wm.bt(700,27,25,2,"web","{ORIGINAL}","{TS}",1996,"https://web-static.archive.org/_static/",["https://web-static.archive.org/_static/css/banner-styles.css?v=S1zqJCYt"], false);
  __wm.rw(1);
//]]></script>
<!-- END WAYBACK TOOLBAR INSERT -->"""
WAYBACK_TAIL = """
<!--
     FILE ARCHIVED ON 14:15:16 Nov 03, 2025 AND RETRIEVED FROM THE
     INTERNET ARCHIVE ON 09:10:11 Nov 20, 2026.
     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.

     ALL OTHER CONTENT MAY ALSO BE PROTECTED BY COPYRIGHT (17 U.S.C.
     SECTION 108(a)(3)).
-->
<!--
playback timings (ms):
  captures_list: 0.631
  load_resource: 187.1
-->"""
ARTICLE = f"""<header><a href="/web/{TS}/https://harbourgazette.example/"><img src="/web/{TS}im_/https://harbourgazette.example/logo.png" alt="Harbour Gazette"></a><nav><a href="/web/{TS}/https://harbourgazette.example/news">News</a></nav></header>
<main><article><h1>{T}</h1>
<p class="byline">By Cara Lund</p>
<p>{P[0]} The <a href="{W}/https://harbourgazette.example/board/minutes?id=12">board's minutes</a> list the vote.</p>
<p>{P[1]}</p>
<figure><img src="/web/{TS}im_/https://harbourgazette.example/img/pier.jpg" srcset="/web/{TS}im_/https://harbourgazette.example/img/pier-2x.jpg 2x, /web/{TS}im_/https://harbourgazette.example/img/pier-3x.jpg 3x" alt="The pier at low water"><figcaption>The pier at low water.</figcaption></figure>
<p>{P[2]} See the <a href="/web/{TS}/http://tides.example/east?week=45">tide tables</a> and <a href="/web/{TS}/https://web.archive.org/web/2019/https://tides.example/old">the old ones</a>.</p>
<p>{P[3]}</p>
</article></main>
<footer><p>© 2025 Harbour Gazette</p></footer>"""
META = f"""<meta property="og:site_name" content="Harbour Gazette">
<meta property="og:url" content="{W}/{ORIGINAL}">
<meta property="article:published_time" content="2025-10-30T08:15:00+00:00">
<link rel="canonical" href="{W}/{ORIGINAL}">"""
BODY = [
    P[0] + " The board's minutes list the vote.",
    P[1],
    P[2] + " See the tide tables and the old ones.",
    P[3],
]


def wayback(meta: str = META, head: str = WAYBACK_HEAD, toolbar: str = WAYBACK_TOOLBAR, tail: str = WAYBACK_TAIL) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head>{head}\n<meta charset=\"utf-8\"><title>{T} | Harbour Gazette</title>\n"
            f"{meta}\n<link rel=\"stylesheet\" href=\"/web/{TS}cs_/https://harbourgazette.example/static/site.css\">\n"
            f"</head><body>\n{toolbar}\n{ARTICLE}\n</body>\n</html>{tail}")


def clean(page: str, location: str = "saved.html", method: str = "combined"):
    article, _report = clean_with_report(parse_page_text(page, location, method=method))
    return article


def links(body: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', body)


# ------------------------------------------------------------------ Wayback Machine


@pytest.mark.parametrize("method", ["combined", "readability", "trafilatura"])
def test_a_wayback_page_reads_as_the_original(method: str) -> None:
    """Before: the article's address was the archive's (canonical and og:url are rewritten),
    its links went to the archive's copies, and readability kept the toolbar's printed
    banner "The Wayback Machine - https://web.archive.org/..." as the first paragraph."""
    article = clean(wayback(), method=method)
    assert article.title == T
    assert article.url == ORIGINAL
    assert article.source_name == "Harbour Gazette"
    assert article.author == "Cara Lund"
    assert article.published == PUBLISHED
    assert list(article.paragraphs) == BODY
    assert links(article.body_html) == [
        "https://harbourgazette.example/board/minutes?id=12",
        "http://tides.example/east?week=45",
        # a link to an archived copy in the original page stays one (unwrapped once)
        "https://web.archive.org/web/2019/https://tides.example/old",
    ]
    text = article.body_html + " ".join(article.paragraphs) + article.summary
    for furniture in ("Wayback", "captures", "Internet Archive", "About this capture", "COLLECTED BY"):
        assert furniture not in text


def test_a_wayback_pages_pictures_and_base_are_the_originals() -> None:
    """The raw page's pictures (srcset too) and <base> are unwrapped before the body is
    resolved against them."""
    page = wayback().replace("</title>", f'</title><base href="{W}/https://harbourgazette.example/news/2025/">')
    raw = page_reader._from_archive(page)[0]
    assert 'src="https://harbourgazette.example/img/pier.jpg"' in raw
    assert ('srcset="https://harbourgazette.example/img/pier-2x.jpg 2x, '
            'https://harbourgazette.example/img/pier-3x.jpg 3x"') in raw
    assert 'href="https://harbourgazette.example/news/2025/"' in raw
    assert "wm-ipp" not in raw and "The Wayback Machine -" not in raw
    assert parse_page_text(page, "saved.html").url == ORIGINAL


def test_a_wayback_page_without_an_address_of_its_own_takes_the_archives_and_no_date() -> None:
    """No canonical, og:url or date in the page: the address is the one the archive played
    back (its playback script, its toolbar's form); the capture's time, in the toolbar
    and in the comment after </html>, is no publication date."""
    article = clean(wayback(meta=""), method="readability")
    assert article.url == ORIGINAL
    assert article.published is None and article.updated is None
    assert article.source_name == "Harbour Gazette"  # the <title>'s suffix, as the <h1> says
    assert list(article.paragraphs) == BODY
    # the toolbar alone (its scripts left out of the saved page) gives it as well
    bare = wayback(meta="", head="")
    assert parse_page_text(bare, "saved.html").url == ORIGINAL


def test_a_raw_wayback_copy_saved_by_a_browser_takes_the_original_address() -> None:
    """An "id_" copy (the page as archived, no toolbar, no rewriting) saved with "Save page
    as": only the browser's saved-from comment names the page, with the archive's address."""
    saved = f"<!-- saved from url=(0089){W}id_/{ORIGINAL} -->\n"
    page = saved + wayback(meta="", head="", toolbar="", tail="").replace(f"/web/{TS}", "")
    article = clean(page)
    assert article.url == ORIGINAL
    assert list(article.paragraphs) == BODY


def test_a_page_that_only_links_to_an_archived_copy_is_left_as_it_is() -> None:
    """A site's own article citing a Wayback copy: its address and that link are its own."""
    page = (f"<html><head><title>{T} | Pier Post</title><link rel='canonical' href='https://pierpost.example/a/1'></head>"
            f"<body><article><h1>{T}</h1><p>{P[0]} An <a href='{W}/https://old.example/notice'>archived notice</a> says so.</p>"
            f"<p>{P[1]}</p><p>{P[2]}</p><p>{P[3]}</p><p>The <a href='/web/2020/plans'>plans page</a> has more.</p></article></body></html>")
    assert page_reader._from_archive(page) == (page, None)
    article = clean(page)
    assert article.url == "https://pierpost.example/a/1"
    assert links(article.body_html) == [f"{W}/https://old.example/notice", "https://pierpost.example/web/2020/plans"]


@pytest.mark.parametrize(("url", "own"), [
    (f"{W}/{ORIGINAL}", ORIGINAL),
    (f"http://web.archive.org/web/{TS}id_/http://a.example/x?y=1", "http://a.example/x?y=1"),
    (f"https://archive.ph/2025.11.03-141516/{ORIGINAL}", ORIGINAL),
    (f"https://archive.is/{TS}/{ORIGINAL}", ORIGINAL),
    ("https://archive.ph/Xy7Qz", "https://archive.ph/Xy7Qz"),  # a short link names nothing
    ("https://web.archive.org/web/*/https://a.example/*", "https://web.archive.org/web/*/https://a.example/*"),
    ("https://news.example/web/2020/https://a.example/", "https://news.example/web/2020/https://a.example/"),
    ("http://[x", "http://[x"),
])
def test_an_archives_address_of_a_page_is_unwrapped_and_no_other(url: str, own: str) -> None:
    assert unarchived_url(url) == own


# ------------------------------------------------------------------ archive.today

# An archive.today capture: its own <head> (its name as og:site_name, the capture time as
# the article's dates, the long link as canonical and og:url), its header (the form with
# the original address, "history", the share box with the short and long links), the page
# inside #CONTENT with inline styles, links out of it as "https://archive.ph/o/<id>/<url>".
ARCHIVE_TODAY = f"""<!DOCTYPE html><html prefix="og: http://ogp.me/ns# article: http://ogp.me/ns/article#" itemscope="" itemtype="http://schema.org/Article">
<head><meta http-equiv="Content-Type" content="text/html;charset=utf-8"/><meta name="robots" content="index,noarchive"/>
<meta property="og:type" content="article"/><meta property="og:site_name" content="archive.ph"/>
<meta property="og:title" content="{T} | Harbour Gazette"/>
<meta property="og:description" content="archived 3 Nov 2025 14:15:16 UTC"/>
<meta property="article:modified_time" itemprop="dateModified" content="2025-11-03T14:15:16Z"/>
<meta property="article:published_time" itemprop="dateCreated" content="2025-11-03T14:15:16Z"/>
<meta property="og:url" itemprop="url" content="https://archive.ph/2025.11.03-141516/{ORIGINAL}"/>
<link rel="canonical" href="https://archive.ph/2025.11.03-141516/{ORIGINAL}"/>
<title>{T} | Harbour Gazette</title></head><body>
<center><div id="HEADER"><table><tr><td><a href="https://archive.ph/"><img src="https://archive.ph/logo-90.png" alt="archive.today webpage capture"/></a></td>
<td><table><tr><td>Saved from</td><td><form id="submiturl" action="https://archive.ph/submit/" method="GET"><input type="hidden" name="anyway" value="1"/><input type="text" name="url" value="{ORIGINAL}"/><input type="submit" value="save"/></form></td></tr>
<tr><td colspan="2">history ←prior next→ 3 Nov 2025 14:15:16 UTC</td></tr>
<tr><td>All snapshots</td><td>from host <a href="https://archive.ph/harbourgazette.example">harbourgazette.example</a></td></tr></table></td>
<td><a href="https://archive.ph/download/Xy7Qz.zip">download .zip</a> <a href="https://archive.ph/Xy7Qz/image">screenshot</a> report bug or abuse
<div id="SHARE" style="display:none"><input id="SHARE_SHORTLINK" value="https://archive.ph/Xy7Qz"/><input id="SHARE_LONGLINK" value="https://archive.ph/2025.11.03-141516/{ORIGINAL}"/></div></td></tr></table>
</div></center>
<div id="CONTENT" style="position:relative;"><div style="width:1028px;background-color:white;"><div style="text-align:left;">
<div style="padding:10px 0"><a href="https://archive.ph/o/Xy7Qz/https://harbourgazette.example/"><img src="https://archive.ph/Xy7Qz/4a1b2c.png" alt="Harbour Gazette"/></a> <a href="https://archive.ph/o/Xy7Qz/https://harbourgazette.example/news">News</a></div>
<article style="margin:0 auto;max-width:640px"><h1 style="font-size:32px">{T}</h1>
<div style="color:#666">By Cara Lund · 30 October 2025</div>
<p style="margin:0 0 16px">{P[0]} The <a href="https://archive.ph/o/Xy7Qz/https://harbourgazette.example/board/minutes?id=12" style="color:#06c">board's minutes</a> list the vote.</p>
<p style="margin:0 0 16px">{P[1]}</p><p style="margin:0 0 16px">{P[2]}</p><p style="margin:0 0 16px">{P[3]}</p></article>
<div style="border-top:1px solid #ccc"><p>© 2025 Harbour Gazette</p></div>
</div></div></div>
<div id="FOOTER" style="text-align:center">Archive.today is a time capsule for web pages, kept since the year it started.</div>
</body></html>"""


@pytest.mark.parametrize("method", ["combined", "readability"])
def test_an_archive_today_capture_reads_as_the_original(method: str) -> None:
    """Before: the source was "archive.ph" (its og:site_name), the published date the
    capture's time (archive.today writes it as article:published_time), and the links
    went through "https://archive.ph/o/<id>/". The long link gives the address back."""
    article = clean(ARCHIVE_TODAY, method=method)
    assert article.title == T
    assert article.url == ORIGINAL
    assert article.source_name == "Harbour Gazette"
    assert "archive.ph" not in article.site_names
    assert article.author == "Cara Lund"
    assert article.published == datetime(2025, 10, 30, tzinfo=UTC)  # the byline's, not the capture's
    assert article.updated is None
    assert list(article.paragraphs) == [P[0] + " The board's minutes list the vote.", *P[1:]]
    assert links(article.body_html) == ["https://harbourgazette.example/board/minutes?id=12"]
    assert "time capsule" not in article.body_html and "history" not in article.body_html


def test_a_capture_page_whose_own_date_differs_from_the_capture_keeps_it() -> None:
    """Only a date tag holding the capture's own time goes."""
    page = ARCHIVE_TODAY.replace('content="2025-11-03T14:15:16Z"/>\n<meta property="og:url"',
                                 'content="2025-10-30T08:15:00+00:00"/>\n<meta property="og:url"')
    raw = parse_page_text(page, "capture.html")
    assert raw.published == PUBLISHED
    assert raw.updated is None  # (dateModified: the capture's)


# ------------------------------------------------------------------ SingleFile


SINGLEFILE = ("<!DOCTYPE html> <html lang=en><!--\n Page saved with SingleFile \n url: https://pierpost.example/2025/10/dredging-vote \n"
              " saved date: Mon Nov 03 2025 15:15:16 GMT+0100 (Central European Standard Time)\n--><meta charset=utf-8>"
              f"<title>{T} – Pier Post</title><style>body{{margin:0}}</style><meta name=referrer content=no-referrer>"
              "<body><header><a href=https://pierpost.example/>Pier Post</a></header>"
              f"<main><h1>{T}</h1><p class=byline>By Cara Lund</p>" + "".join(f"<p>{p}</p>" for p in P)
              + "</main><footer>© Pier Post</footer>")


def test_a_singlefile_save_takes_its_address_from_the_comment_and_not_its_date() -> None:
    """Before: the page had no address (SingleFile's comment is not the browser's "saved
    from url="), so its id came from the file's name and its links could not resolve."""
    article = clean(SINGLEFILE)
    assert article.title == T
    assert article.url == "https://pierpost.example/2025/10/dredging-vote"
    assert article.source_name == "Pier Post"
    assert article.author == "Cara Lund"
    assert article.published is None  # "saved date:" is the save's
    assert list(article.paragraphs) == P
    # a canonical address in the page comes first
    canonical = SINGLEFILE.replace("<meta charset=utf-8>", "<meta charset=utf-8><link rel=canonical href=https://pierpost.example/a/7>")
    assert clean(canonical).url == "https://pierpost.example/a/7"


# ------------------------------------------------------------------ MHTML

PAGE = ("<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">"
        "<title>Fährboot Bleibt Im Dienst | Nordufer Zeitung</title><meta property='og:site_name' content='Nordufer Zeitung'>"
        "<meta name='author' content='Jörg Brücke'></head><body><main><article><h1>Fährboot Bleibt Im Dienst</h1>"
        "<p>Die Fähre über den Fluss fährt auch im Winter, sagte die Gemeinde am Dienstag – trotz höherer Kosten.</p>"
        + "".join(f"<p>{p}</p>" for p in P) + "</article></main></body></html>")
MHTML_BODY = ["Die Fähre über den Fluss fährt auch im Winter, sagte die Gemeinde am Dienstag – trotz höherer Kosten.", *P]
WHERE = "https://nordufer.example/lokales/faehre-winter"


def mhtml(page: str = PAGE, encoding: str = "quoted-printable", charset: str = "", where: str = WHERE) -> bytes:
    """Chrome's "Webpage, single file": headers, the page, a style sheet, CRLF lines."""
    data = page.encode(charset or "utf-8")
    if encoding == "quoted-printable":
        text = quopri.encodestring(data).decode("ascii")
    else:
        import base64
        text = base64.encodebytes(data).decode("ascii")
    b = "----MultipartBoundary--Xk3Jp9aQ2----"
    kind = f"text/html; charset={charset}" if charset else "text/html"
    out = (f"From: <Saved by Blink>\nSnapshot-Content-Location: {where}\nSubject: =?utf-8?Q?F=C3=A4hrboot?=\n"
           f"Date: Mon, 3 Nov 2025 15:15:16 +0100\nMIME-Version: 1.0\nContent-Type: multipart/related;\n\ttype=\"text/html\";\n\tboundary=\"{b}\"\n\n\n"
           f"--{b}\nContent-Type: {kind}\nContent-ID: <frame-3F2A@mhtml.blink>\nContent-Transfer-Encoding: {encoding}\nContent-Location: {where}\n\n{text}\n"
           f"--{b}\nContent-Type: text/css\nContent-Transfer-Encoding: quoted-printable\nContent-Location: cid:css-1@mhtml.blink\n\nbody {{ margin: 0 }}\n"
           f"--{b}--\n")
    return out.replace("\n", "\r\n").encode("ascii")


@pytest.mark.parametrize(("encoding", "charset", "suffix"), [
    ("quoted-printable", "", ".mhtml"),
    ("base64", "", ".mht"),
    ("quoted-printable", "windows-1252", ".mhtml"),  # Internet Explorer's, with its charset
])
def test_an_mhtml_file_is_read_as_its_page(tmp_path: Path, encoding: str, charset: str, suffix: str) -> None:
    page = PAGE if not charset else PAGE.replace("charset=UTF-8", "charset=windows-1252").replace("–", "-")
    path = tmp_path / f"faehre{suffix}"
    path.write_bytes(mhtml(page, encoding, charset))
    article, _report = clean_with_report(parse_page_file(path))
    assert article.title == "Fährboot Bleibt Im Dienst"
    assert article.url == WHERE
    assert article.source_name == "Nordufer Zeitung"
    assert article.author == "Jörg Brücke"
    assert article.published is None  # the Date header is the save's
    body = MHTML_BODY if not charset else [MHTML_BODY[0].replace("–", "-"), *P]
    assert list(article.paragraphs) == body


def test_an_mhtml_pages_canonical_address_comes_before_the_saved_one(tmp_path: Path) -> None:
    path = tmp_path / "p.mhtml"
    path.write_bytes(mhtml(PAGE.replace("</title>", "</title><link rel='canonical' href='https://nordufer.example/a/9'>")))
    assert parse_page_file(path).url == "https://nordufer.example/a/9"


@pytest.mark.parametrize("data", [
    b"",
    b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: image/png\r\n\r\nabc\r\n--x--\r\n",
    b"From: <Saved by Blink>\r\nSubject: broken\r\n\r\nnot a page at all",
    b"\x00\xff\xfe garbage \x00",
])
def test_a_malformed_mhtml_file_is_a_problem_naming_the_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.mhtml"
    path.write_bytes(data)
    with pytest.raises(Exception) as caught:
        read_input(Input("page", path))
    assert type(caught.value).__name__ == "DigestError"
    assert str(path) in caught.value.message
    assert "failed to read" not in caught.value.message  # digest's own bug: not this


def test_an_mhtml_file_that_is_a_plain_page_is_read_as_one(tmp_path: Path) -> None:
    path = tmp_path / "plain.mht"
    path.write_text(PAGE, encoding="utf-8")
    assert list(clean_with_report(parse_page_file(path))[0].paragraphs) == MHTML_BODY


def test_a_build_reads_mhtml_from_pages_and_reports_a_broken_one(tmp_path: Path, cli) -> None:
    assert {".mhtml", ".mht"} <= PAGE_SUFFIXES
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "faehre.mhtml").write_bytes(mhtml())
    (content / "pages" / "broken.mht").write_bytes(b"From: <Saved by Blink>\r\n\r\nnothing here")
    (content / "pages" / "channel.html").write_text(wayback(), encoding="utf-8")
    result = cli("build", "-q", "--content", str(content), "--out", str(tmp_path / "site"),
                 "--state", str(tmp_path / "s.sqlite"), "--now", "2026-11-24T18:00:00Z")
    assert "broken.mht" in result.stderr, result.stderr
    assert "faehre.mhtml" not in result.stderr and "channel.html" not in result.stderr
    assert "note:" not in result.stderr  # nothing left unread
    stories = json.loads((tmp_path / "site" / "stories.json").read_text(encoding="utf-8"))
    text = json.dumps(stories, ensure_ascii=False)
    assert "Fährboot Bleibt Im Dienst" in text and WHERE in text
    assert T in text and ORIGINAL in text and "web.archive.org" not in text


# ------------------------------------------------------------------ readability and lists

SHORT = ["The harbour board voted for dredging.", "Work starts after the new year.", "It will take about a month.",
         "Here is what changes for boat users:", "The board meets again in March.", "Questions go to the harbour office."]
ITEMS = ["Channel shut in January.", "North wall moorings moved.", "Slipway open.", "Outer pier closed."]


def listed(items: str) -> str:
    return ("<!doctype html><html><head><meta charset='utf-8'><title>Dredging Starts In January – Pier Post</title>"
            "<meta property='og:site_name' content='Pier Post'></head><body><header><a class='logo' href='/'>Pier Post</a>"
            "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav></header>"
            "<main><article class='post'><h1>Dredging Starts In January</h1><div class='entry-content'>"
            + "".join(f"<p>{p}</p>\n" for p in SHORT[:4]) + items + "".join(f"<p>{p}</p>\n" for p in SHORT[4:])
            + "</div></article></main><footer><p>© 2026 Pier Post</p></footer></body></html>")


@pytest.mark.parametrize("items", [
    "<ul>" + "".join(f"<li><p>{i}</p></li>" for i in ITEMS) + "</ul>",
    "<ul>" + "".join(f"<li class='point'>\n  <p>{i}</p>\n</li>" for i in ITEMS) + "</ul>",
])
def test_readability_keeps_a_list_of_paragraphs(items: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: readability scored each item's <p> for the <ul>, whose score (below zero)
    dropped the list with all its items. The combined extractor falls back to readability
    when trafilatura keeps too little (here: nothing)."""
    expected = [*SHORT[:4], *ITEMS, *SHORT[4:]]
    article = clean(listed(items), method="readability")
    assert article.title == "Dredging Starts In January"
    assert article.source_name == "Pier Post"
    assert list(article.paragraphs) == expected
    monkeypatch.setattr(page_reader, "extract_trafilatura", lambda page: "")
    assert page_reader.extract_main(listed(items))[1] == "readability"
    assert list(clean(listed(items)).paragraphs) == expected


def test_a_list_item_of_two_paragraphs_keeps_both_apart() -> None:
    items = f"<ul><li><p>{ITEMS[0]}</p><p>{ITEMS[1]}</p></li><li><p>{ITEMS[2]}</p></li><li>{ITEMS[3]}</li></ul>"
    assert list(clean(listed(items), method="readability").paragraphs) == [*SHORT[:4], *ITEMS, *SHORT[4:]]


def test_a_page_without_list_paragraphs_goes_to_readability_unchanged() -> None:
    page = listed("<ul><li>One point here.</li></ul>")
    assert page_reader._plain_list_items(page) is page
