# ruff: noqa: E501  (the pages are written out whole)
"""More saved article pages, in the shapes popular publishing systems and sites give them:
Medium and Substack with their JSON-LD and counters, WordPress with a cookie banner, related
posts and a comment thread, ``<html amp>``, a paywall whose JSON-LD holds the whole text, a
``LiveBlogPosting``, a headline only in ``og:title``, a page saved with ``<base href>``, dates
only in ``<time>`` or ``article:published_time``, Mastodon and Bluesky posts, a GitHub
release and an old.reddit.com post. Every page is written here (invented people and
outlets, ``.example`` hosts); each is read with the public page reader, then cleaned.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from digest.clean import clean_with_report, html_blocks
from digest.ingest.html import parse_page_text
from digest.model import Article

Q = [
    "The city library will stay open until ten at night from March, the council said on Monday.",
    "Longer hours were the most common request in a survey of readers held over the summer.",
    "Staff will be added to the evening shift, paid for by savings on the building's heating.",
    "The reading rooms on the top floor will remain closed after eight for repairs to the roof.",
]
T = "Library Opens Late From March"
WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ps = "".join(f"<p>{p}</p>" for p in Q)


def ld(**item: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(item)}</script>'


pages: dict[str, str] = {}

# Medium: its title "Headline | by Author | Medium", a clap counter ("1.2K"), "Listen" and
# "Share" over the text, a "Follow" button glued to the name, the "Written by" box, responses
# and "Recommended from Medium" after the article.
pages["medium"] = f"""<!doctype html><html lang="en"><head><title>{T} | by Ann Writer | Medium</title>
<meta property="og:title" content="{T}"><meta property="og:site_name" content="Medium">
<meta property="og:type" content="article"><meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2026-11-20T09:00:00.123Z">
<link rel="canonical" href="https://medium.example/@ann/library-opens-late-4f2a9c">
{ld(**{"@context": "https://schema.org", "@type": "NewsArticle", "headline": T,
       "datePublished": "2026-11-20T09:00:00.123Z", "author": {"@type": "Person", "name": "Ann Writer",
       "url": "https://medium.example/@ann"}, "publisher": {"@type": "Organization", "name": "Medium"},
       "url": "https://medium.example/@ann/library-opens-late-4f2a9c"})}
</head><body><div id="root"><div><nav><a href="/">Medium</a><a href="/new-story">Write</a><a href="/m/signin">Sign in</a></nav>
<article><div><div><section><div><div>
<h1 class="pw-post-title" data-testid="storyTitle">{T}</h1>
<div class="pw-subtitle-paragraph">Evening opening hours start in spring.</div>
<div><div><a data-testid="authorName" href="/@ann?source=post_page">Ann Writer</a></div><div><button>Follow</button></div></div>
<div><span data-testid="storyReadTime">3 min read</span><span>·</span><span data-testid="storyPublishDate">Nov 20, 2026</span></div>
<div><div><div class="pw-multi-vote-icon"><button aria-label="clap"></button></div><div class="pw-multi-vote-count"><p><button>1.2K</button></p></div></div>
<div><button aria-label="responses"></button><p><span class="pw-responses-count">14</span></p></div>
<div><button aria-label="Add to list"></button></div><div><button data-testid="audioPlayButton"><p>Listen</p></button></div><div><button><p>Share</p></button></div></div>
""" + "".join(f'<p class="pw-post-body-paragraph" data-selectable-paragraph="">{p}</p>' for p in Q) + """
</div></div></section></div></div>
<div><div><div><div class="pw-multi-vote-count"><p><button>1.2K</button></p></div></div><div><p><span class="pw-responses-count">14</span></p></div></div></div>
</article>
<div><div><h2>Written by Ann Writer</h2><p><a href="/@ann/followers">410 Followers</a></p><p>Writes about cities, books and the buildings that hold them.</p><button>Follow</button></div></div>
<div><h2>Responses (14)</h2><div><p>What are your thoughts?</p></div><div><p><a href="/@bo">Bo Reader</a></p><p>Nov 21, 2026</p><p>This is the best news I have read all week, thank you for the detail.</p><p><button>12</button></p><p><button>Reply</button></p></div></div>
<div><h2>Recommended from Medium</h2><div><article><h2>The Quiet Return Of The Reading Room</h2><p>Why people are going back to libraries after a decade away.</p><p>Dec 1, 2026</p></article></div></div>
</div></div></body></html>"""

# Substack: the title "Headline - by Author - Publication", a subscribe widget, like and
# comment counts, "Share" and "Restack", footnotes, and "Discussion about this post".
pages["substack"] = f"""<!doctype html><html><head><title>{T} - by Ann Writer - City Notes</title>
<meta property="og:title" content="{T}"><meta property="og:type" content="article">
<meta name="author" content="Ann Writer"><meta property="og:url" content="https://citynotes.example/p/library-opens-late">
<link rel="canonical" href="https://citynotes.example/p/library-opens-late">
{ld(**{"@context": "https://schema.org", "@type": "NewsArticle", "url": "https://citynotes.example/p/library-opens-late",
       "headline": T, "description": "Evening opening hours start in spring.", "datePublished": "2026-11-20T09:00:00+00:00",
       "dateModified": "2026-11-20T10:00:00+00:00", "isAccessibleForFree": True,
       "author": [{"@type": "Person", "name": "Ann Writer", "url": "https://substack.example/@ann"}],
       "publisher": {"@type": "Organization", "name": "City Notes", "url": "https://citynotes.example"}})}
</head><body><div id="entry"><div class="main-menu"><a class="navbar-title-link" href="/">City Notes</a><button>Subscribe</button><button>Sign in</button></div>
<div class="container"><div class="single-post-container"><article class="typography newsletter-post post">
<div class="post-header"><h1 class="post-title published">{T}</h1><h3 class="subtitle">Evening opening hours start in spring.</h3>
<div class="post-meta"><div class="profile-hover-card-target"><a href="https://substack.example/@ann">Ann Writer</a></div><div class="pencraft">Nov 20, 2026</div></div>
<div class="post-ufi"><a class="like-button-container post-ufi-button"><div class="label">24</div></a><a class="post-ufi-button post-ufi-comment-button" href="https://citynotes.example/p/library-opens-late/comments"><div class="label">3</div></a><a class="post-ufi-button"><div class="label">Restack</div></a><a class="post-ufi-button"><div class="label">Share</div></a></div></div>
<div class="available-content"><div dir="auto" class="body markup">
<p>{Q[0]}<a class="footnote-anchor" data-component-name="FootnoteAnchorToDOM" id="footnote-anchor-1" href="#footnote-1" target="_self">1</a></p>
<p>{Q[1]}</p>
<div class="subscription-widget-wrap-editor" data-component-name="SubscribeWidgetToDOM"><div class="subscription-widget show-subscribe"><div class="preamble"><p class="cta-caption">City Notes is a reader-supported publication. To receive new posts and support my work, consider becoming a free or paid subscriber.</p></div><form class="subscription-widget-subscribe"><input type="email" class="email-input" name="email" placeholder="Type your email…"><input type="submit" class="button primary" value="Subscribe"></form></div></div>
<p>{Q[2]}</p>
<p class="button-wrapper" data-component-name="ButtonCreateButton"><a class="button primary" href="https://citynotes.example/p/library-opens-late?utm_source=substack&amp;utm_medium=email&amp;utm_content=share&amp;action=share"><span>Share</span></a></p>
<p>{Q[3]}</p>
<div class="footnote" data-component-name="FootnoteToDOM"><a id="footnote-1" href="#footnote-anchor-1" class="footnote-number" contenteditable="false" target="_self">1</a><div class="footnote-content"><p>The survey had just over two thousand replies.</p></div></div>
</div></div>
<div class="post-footer"><div class="post-ufi"><a class="post-ufi-button"><div class="label">24</div></a><a class="post-ufi-button"><div class="label">3</div></a><a class="post-ufi-button"><div class="label">Share</div></a></div></div>
</article>
<div class="visibility-check"></div><div class="subscribe-footer"><p>Thanks for reading City Notes! Subscribe for free to receive new posts and support my work.</p></div>
<div id="discussion" class="comments-section"><h4>Discussion about this post</h4><div class="comment"><div class="comment-meta"><a>Bo Reader</a><span>Nov 21</span></div><div class="comment-body"><p>Our branch needs this too, I hope they follow.</p></div><div class="comment-actions"><a>Like (2)</a><a>Reply</a><a>Share</a></div></div></div>
</div></div></div></body></html>"""

# WordPress: a cookie banner, a comment thread with its "says:" and "Reply", related posts
# ("You may also like") and a post navigation.
pages["wordpress"] = f"""<!doctype html><html lang="en-GB"><head><meta charset="UTF-8"><title>{T} &#8211; The Borough Post</title>
<meta property="og:locale" content="en_GB"><meta property="og:type" content="article"><meta property="og:title" content="{T} &#8211; The Borough Post">
<meta property="og:url" content="https://boroughpost.example/2026/11/20/library-opens-late/"><meta property="og:site_name" content="The Borough Post">
<meta property="article:published_time" content="2026-11-20T09:00:00+00:00"><meta property="article:modified_time" content="2026-11-21T08:00:00+00:00">
<meta property="article:author" content="https://boroughpost.example/author/ann/"><meta name="author" content="Ann Writer">
<link rel="canonical" href="https://boroughpost.example/2026/11/20/library-opens-late/">
</head><body class="post-template-default single single-post">
<div id="cookie-notice" role="dialog" class="cookie-notice-hidden cookie-revoke-hidden cn-position-bottom"><div class="cookie-notice-container"><span id="cn-notice-text" class="cn-text-container">We use cookies to ensure that we give you the best experience on our website. If you continue to use this site we will assume that you are happy with it.</span><span id="cn-notice-buttons" class="cn-buttons-container"><a href="#" id="cn-accept-cookie" class="cn-set-cookie cn-button">Ok</a><a href="/privacy-policy/" class="cn-privacy-policy-link cn-link">Privacy policy</a></span></div></div>
<div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title"><a href="/">The Borough Post</a></p><nav id="site-navigation" class="main-navigation"><ul id="primary-menu"><li><a href="/news/">News</a></li><li><a href="/culture/">Culture</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-812" class="post-812 post type-post status-publish format-standard hentry category-news">
<header class="entry-header"><h1 class="entry-title">{T}</h1><div class="entry-meta"><span class="posted-on">Posted on <a href="/2026/11/20/library-opens-late/" rel="bookmark"><time class="entry-date published" datetime="2026-11-20T09:00:00+00:00">20 November 2026</time><time class="updated" datetime="2026-11-21T08:00:00+00:00">21 November 2026</time></a></span><span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/ann/">Ann Writer</a></span></span></div></header>
<div class="entry-content">{ps}<p>Read more about the <a href="/2026/10/02/library-survey/">readers' survey</a> and <a href="https://council.example/plans">the council's plans</a>.</p>
<div class="yarpp yarpp-related yarpp-template-list"><h3>You may also like</h3><ol><li><a href="/2026/10/02/library-survey/" rel="bookmark" title="Readers Ask For Longer Hours">Readers Ask For Longer Hours</a></li><li><a href="/2026/09/14/roof-repairs/" rel="bookmark" title="Roof Repairs Close Top Floor">Roof Repairs Close Top Floor</a></li></ol></div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/news/" rel="category tag">News</a></span><span class="comments-link"><a href="#comments">2 Comments</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2><div class="nav-links"><div class="nav-previous"><a href="/2026/11/19/bus-lanes/" rel="prev"><span class="nav-subtitle">Previous:</span> <span class="nav-title">Bus Lanes Extended To The Station</span></a></div></div></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on &ldquo;{T}&rdquo;</h2><ol class="comment-list">
<li id="comment-41" class="comment even thread-even depth-1"><article id="div-comment-41" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Bo Reader</b> <span class="says">says:</span></div><div class="comment-metadata"><a href="#comment-41"><time datetime="2026-11-20T11:02:00+00:00">20 November 2026 at 11:02 am</time></a></div></footer><div class="comment-content"><p>About time too. I work late and have never been able to use the place on a weekday.</p></div><div class="reply"><a rel="nofollow" class="comment-reply-link" href="#">Reply</a></div></article></li>
<li id="comment-42" class="comment odd alt thread-odd depth-1"><article id="div-comment-42" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Cy Neighbour</b> <span class="says">says:</span></div><div class="comment-metadata"><a href="#comment-42"><time datetime="2026-11-20T12:40:00+00:00">20 November 2026 at 12:40 pm</time></a></div></footer><div class="comment-content"><p>Will the children's section be staffed in the evening as well, or only the main hall?</p></div><div class="reply"><a rel="nofollow" class="comment-reply-link" href="#">Reply</a></div></article></li>
</ol><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3><form id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published.</p><p class="comment-form-comment"><label>Comment</label><textarea name="comment"></textarea></p></form></div></div>
</main></div><aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul><li><a href="/2026/11/19/bus-lanes/">Bus Lanes Extended To The Station</a></li></ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.example/">Proudly powered by WordPress</a></div></footer></div></body></html>"""

# AMP: <html amp>, amp-img in a figure, an amp-carousel of related stories, a sticky ad and a
# consent box.
pages["amp"] = f"""<!doctype html><html amp lang="en"><head><meta charset="utf-8"><title>{T} | Metro Daily</title>
<link rel="canonical" href="https://metrodaily.example/news/library-opens-late">
<meta name="viewport" content="width=device-width"><script async src="https://cdn.ampproject.org/v0.js"></script>
{ld(**{"@context": "https://schema.org", "@type": "NewsArticle", "headline": T, "datePublished": "2026-11-20T09:00:00Z",
       "author": {"@type": "Person", "name": "Ann Writer"}, "publisher": {"@type": "NewsMediaOrganization", "name": "Metro Daily"},
       "mainEntityOfPage": {"@type": "WebPage", "@id": "https://metrodaily.example/news/library-opens-late"}})}
<style amp-boilerplate>body{{visibility:hidden}}</style></head><body>
<amp-sticky-ad layout="nodisplay"><amp-ad width="320" height="50" type="adsense"></amp-ad></amp-sticky-ad>
<header class="amp-header"><a href="/">Metro Daily</a><button on="tap:sidebar.toggle">Menu</button></header>
<amp-sidebar id="sidebar" layout="nodisplay" side="left"><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></amp-sidebar>
<main><article class="amp-article"><h1 class="amp-title">{T}</h1><div class="amp-byline">By <span class="author">Ann Writer</span>, <time datetime="2026-11-20T09:00:00Z">20 Nov 2026</time></div>
<figure class="amp-lead"><amp-img src="/images/library-night.jpg" width="1200" height="675" layout="responsive" alt="The library at night"></amp-img><figcaption>The library's main hall.</figcaption></figure>
<p>{Q[0]}</p><p>{Q[1]}</p>
<amp-ad width="300" height="250" type="doubleclick" data-slot="/123/news"><div placeholder>Advertisement</div></amp-ad>
<p>{Q[2]}</p><p>{Q[3]}</p>
<div class="amp-share"><amp-social-share type="facebook" width="40" height="40"></amp-social-share><amp-social-share type="email" width="40" height="40"></amp-social-share></div>
</article>
<section class="amp-related"><h2>More from Metro Daily</h2><amp-carousel type="carousel" height="200" layout="fixed-height"><div class="card"><amp-img src="/images/bus.jpg" width="200" height="120"></amp-img><h3><a href="/news/bus-lanes">Bus Lanes Extended To The Station</a></h3></div><div class="card"><amp-img src="/images/roof.jpg" width="200" height="120"></amp-img><h3><a href="/news/roof">Roof Repairs Close Top Floor</a></h3></div></amp-carousel></section></main>
<amp-consent id="consent" layout="nodisplay"><div class="consent-box"><p>We use cookies and similar technologies to personalise ads.</p><button on="tap:consent.accept">Agree</button><button on="tap:consent.reject">Decline</button></div></amp-consent>
<footer><p>&copy; 2026 Metro Daily Ltd</p></footer></body></html>"""

# A paywall: the page shows two paragraphs and a subscribe box; its JSON-LD articleBody holds
# the whole text (paragraphs separated by blank lines), marked isAccessibleForFree false.
LONG = [*Q, "Readers can reserve a study desk online for any evening slot from February onward.",
        "The council will publish visitor numbers for the new hours after the first quarter."]
LONG_TEXT = "\n\n".join(LONG)
pages["paywall_ld"] = f"""<!doctype html><html><head><title>{T} | The Ledger</title>
<meta property="og:title" content="{T}"><meta property="og:site_name" content="The Ledger">
<link rel="canonical" href="https://ledger.example/city/library-opens-late">
{ld(**{"@context": "https://schema.org", "@type": "NewsArticle", "headline": T, "datePublished": "2026-11-20T09:00:00Z",
       "author": [{"@type": "Person", "name": "Ann Writer"}], "isAccessibleForFree": False,
       "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywalled"},
       "articleBody": LONG_TEXT})}
</head><body><header><nav><a href="/">The Ledger</a><a href="/subscribe">Subscribe</a></nav></header>
<main><article><h1>{T}</h1><p class="byline">By Ann Writer</p><div class="article-body"><p>{Q[0]}</p><p>{Q[1]}</p>
<div class="paywalled" style="display:none"></div></div>
<div class="piano-offer"><h2>Keep reading with a subscription</h2><p>Get unlimited access to The Ledger for one pound a week.</p><a class="btn" href="/subscribe">Subscribe now</a><p>Already a subscriber? <a href="/login">Sign in</a></p></div>
</article></main><footer><p>&copy; 2026 The Ledger</p></footer></body></html>"""

# A live blog: LiveBlogPosting with its liveBlogUpdate entries, and the page's updates newest
# first, each with a <time> and some with a heading.
UPDATES = [
    ("2026-11-20T12:05:00Z", "Doors open", "The first evening readers arrived as the doors opened at six, staff said."),
    ("2026-11-20T11:15:00Z", None, "The council leader will visit the main hall later this evening, her office said."),
    ("2026-11-20T10:30:00Z", "Staff rota agreed", "Unions and managers agreed the new evening rota after a short meeting."),
    ("2026-11-20T09:00:00Z", None, "Good morning and welcome to our coverage of the library's first late opening."),
]
pages["liveblog_ld"] = f"""<!doctype html><html><head><title>Live: Library's First Late Night | Metro Daily</title>
<meta property="og:title" content="Live: Library's First Late Night"><meta property="og:site_name" content="Metro Daily">
<link rel="canonical" href="https://metrodaily.example/live/library-late-night">
{ld(**{"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Live: Library's First Late Night",
       "coverageStartTime": "2026-11-20T09:00:00Z", "datePublished": "2026-11-20T09:00:00Z", "dateModified": "2026-11-20T12:05:00Z",
       "author": {"@type": "Person", "name": "Ann Writer"}, "publisher": {"@type": "Organization", "name": "Metro Daily"},
       "liveBlogUpdate": [{"@type": "BlogPosting", "headline": h or text[:40], "datePublished": t, "articleBody": text}
                          for t, h, text in UPDATES]})}
</head><body><header><nav><a href="/">Metro Daily</a></nav></header><main><article><h1>Live: Library's First Late Night</h1>
<p class="standfirst">Follow the evening as the city library stays open until ten for the first time.</p>
<div class="live-updates">""" + "".join(
    f'<div class="live-update"><div class="update-meta"><time datetime="{t}">{t[11:16]}</time></div>'
    + (f"<h2>{h}</h2>" if h else "") + f'<p>{text}</p><div class="update-share"><button>Share</button><a href="#u{i}">Copy link</a></div></div>'
    for i, (t, h, text) in enumerate(UPDATES)) + """</div></article></main>
<footer><p>&copy; 2026 Metro Daily</p></footer></body></html>"""

# The headline only in og:title (and <title>), with the site's name after it; the page's one
# <h1> is the site's logo.
pages["og_title_only"] = f"""<!doctype html><html><head><title>{T} | Northside Bulletin</title>
<meta property="og:title" content="{T} | Northside Bulletin"><meta property="og:type" content="article">
<meta property="og:url" content="https://northside.example/stories/library-opens-late">
<meta property="article:published_time" content="2026-11-20T09:00:00Z"></head>
<body><header><h1 class="logo"><a href="/">Northside Bulletin</a></h1><nav><a href="/">Home</a> <a href="/stories">Stories</a></nav></header>
<div class="content"><div class="story">{ps}</div></div><footer><p>Northside Bulletin, 4 Mill Lane</p></footer></body></html>"""

# "Save page as": the browser's mark, a <base href> that relative links and images resolve
# against, and no canonical link.
pages["saved_base"] = f"""<!DOCTYPE html>
<!-- saved from url=(0052)https://riverside.example/news/2026/library-late.html -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><base href="https://riverside.example/news/2026/">
<title>{T} - Riverside Voice</title><meta property="og:site_name" content="Riverside Voice"></head>
<body><header><nav><a href="../../index.html">Home</a></nav></header><main><article><h1>{T}</h1>
<p class="byline">By Ann Writer</p><p>{Q[0]}</p>
<figure><img src="images/library.jpg" alt="The library" width="800" height="450"><figcaption>The library at dusk.</figcaption></figure>
<p>{Q[1]} The <a href="survey-results.html">survey results</a> are online.</p><p>{Q[2]}</p><p>{Q[3]} See the <a href="/council/roof">roof plans</a>.</p>
</article></main><footer><p>Riverside Voice</p></footer></body></html>"""

# The date only in a <time datetime> of the article (a related list before it has its own)
pages["time_only"] = f"""<!doctype html><html><head><title>{T} | Eastgate Echo</title><meta property="og:site_name" content="Eastgate Echo"></head>
<body><header><nav><a href="/">Eastgate Echo</a></nav></header><div class="trending"><h3>Trending</h3><ul><li><a href="/a">Bus Lanes Extended</a> <time datetime="2026-11-18T07:00:00Z">2 days ago</time></li></ul></div>
<div class="post"><h1>{T}</h1><div class="meta">By <span class="author">Ann Writer</span> · <time datetime="2026-11-20T09:00:00Z" itemprop="datePublished">November 20, 2026</time></div>
<div class="post-body">{ps}</div></div><footer><p>Eastgate Echo</p></footer></body></html>"""
pages["published_time_only"] = f"""<!doctype html><html><head><title>{T} | Eastgate Echo</title>
<meta property="og:site_name" content="Eastgate Echo"><meta property="article:published_time" content="2026-11-20T09:00:00+00:00"></head>
<body><main><article><h1>{T}</h1>{ps}</article></main></body></html>"""

# Mastodon: a post's page as the browser saved it after its script ran; the post's text is in
# og:description too, and og:title names the account, not a headline.
TOOT = ["Good news for night owls: our city library will stay open until ten from March.",
        "The council says staff for the evening shift are paid for by heating savings."]
pages["mastodon"] = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ann Writer: "Good news for night owls: our city library will stay…" - Social Town</title>
<meta content="Social Town" property="og:site_name"><meta content="article" property="og:type">
<meta content="Ann Writer (@ann@social.example)" property="og:title">
<meta content="https://social.example/@ann/113500000000000001" property="og:url">
<meta content="2026-11-20T09:00:00Z" property="og:published_time">
<meta content="{TOOT[0]} {TOOT[1]}" name="description"><meta content="{TOOT[0]} {TOOT[1]}" property="og:description">
<meta content="@ann@social.example" property="profile:username">
<link href="https://social.example/@ann/113500000000000001" rel="canonical"></head>
<body class="app-body"><div class="app-holder" id="mastodon"><div class="ui"><div class="columns-area"><div class="column">
<div class="detailed-status__wrapper"><div class="detailed-status"><a class="detailed-status__display-name" href="https://social.example/@ann"><div class="account__avatar"><img src="https://files.social.example/avatars/ann.png" alt=""></div><span class="display-name"><bdi><strong class="display-name__html">Ann Writer</strong></bdi><span class="display-name__account">@ann@social.example</span></span></a>
<div class="status__content"><div class="status__content__text status__content__text--visible translate" lang="en"><p>{TOOT[0]}</p><p>{TOOT[1]} <a href="https://social.example/tags/libraries" class="mention hashtag" rel="tag">#<span>libraries</span></a></p></div></div>
<div class="detailed-status__meta"><a class="detailed-status__datetime" href="/@ann/113500000000000001"><time datetime="2026-11-20T09:00:00.000Z">Nov 20, 2026, 09:00</time></a> · <span>Web</span><a class="detailed-status__link" href="/@ann/113500000000000001/reblogs"><span class="detailed-status__reblogs">12</span> boosts</a><a class="detailed-status__link" href="/@ann/113500000000000001/favourites"><span class="detailed-status__favorites">31</span> favorites</a></div></div>
<div class="detailed-status__action-bar"><button aria-label="Reply">Reply</button><button aria-label="Boost">Boost</button><button aria-label="Favorite">Favorite</button></div></div>
<div class="status__wrapper"><div class="status__content"><div class="status__content__text"><p>@ann this is great news, thanks for sharing it.</p></div></div></div>
</div></div></div></div></body></html>"""

# Bluesky: the page served to a browser without script holds the post's text in a
# <p id="bsky_post_text">, the rest in meta tags.
SKEET = "Our city library stays open until ten at night from March. Staff for the late shift come from the heating budget."
pages["bluesky"] = f"""<!doctype html><html><head><meta charset="UTF-8"><title>Ann Writer (@ann.bsky.example) on Bluesky</title>
<meta property="og:site_name" content="Bluesky Social"><meta property="og:title" content="Ann Writer (@ann.bsky.example)">
<meta property="og:description" content="{SKEET}"><meta name="description" content="{SKEET}">
<meta property="article:published_time" content="2026-11-20T09:00:00.000Z"><meta property="og:type" content="article">
<link rel="canonical" href="https://bsky.example/profile/ann.bsky.example/post/3kabc123">
<link rel="alternate" href="at://did:plc:abc/app.bsky.feed.post/3kabc123"></head>
<body><div id="bsky_post_summary"><h3>Post</h3><p id="bsky_handle">ann.bsky.example</p><p id="bsky_did">did:plc:abc</p><p id="bsky_post_text">{SKEET}</p><p id="bsky_post_indexedat">2026-11-20T09:00:02.000Z</p></div>
<noscript><p>JavaScript Required. This is a heavily interactive web application, and JavaScript is required.</p></noscript><div id="root"></div></body></html>"""

# A GitHub release: "Release v2.3.0 · owner/repo", its notes in .markdown-body, then the
# assets list, reactions and contributors.
pages["github_release"] = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Release v2.3.0 · shelfware/catalogue · GitHub</title>
<meta property="og:site_name" content="GitHub"><meta property="og:type" content="object"><meta property="og:title" content="Release v2.3.0 · shelfware/catalogue">
<meta property="og:url" content="https://github.example/shelfware/catalogue/releases/tag/v2.3.0"><meta name="description" content="Evening opening hours in the booking screens.">
<link rel="canonical" href="https://github.example/shelfware/catalogue/releases/tag/v2.3.0"></head>
<body><div class="application-main"><header class="AppHeader"><nav><a href="/shelfware">shelfware</a> / <a href="/shelfware/catalogue">catalogue</a></nav><a href="/login">Sign in</a></header>
<main><div class="repository-content"><section aria-labelledby="hd-1"><div class="Box"><div class="Box-body">
<div class="d-flex"><h1 class="d-inline mr-3" id="hd-1">v2.3.0</h1><span class="Label Label--success">Latest</span></div>
<div class="d-flex flex-items-center"><a class="author" href="/bo-dev">bo-dev</a> released this <relative-time datetime="2026-11-20T09:00:00Z" class="no-wrap">Nov 20, 2026</relative-time> · <a href="/shelfware/catalogue/compare/v2.3.0...main">3 commits</a> to main since this release</div>
<div class="markdown-body my-3"><h2>What's Changed</h2><ul><li>Booking screens show the evening opening hours by <a class="user-mention" href="https://github.example/cy">@cy</a> in <a class="issue-link" href="https://github.example/shelfware/catalogue/pull/41">#41</a></li><li>Desk reservations can start after six in the evening by <a class="user-mention" href="https://github.example/bo-dev">@bo-dev</a> in <a class="issue-link" href="https://github.example/shelfware/catalogue/pull/43">#43</a></li></ul>
<h2>New Contributors</h2><ul><li><a class="user-mention" href="https://github.example/cy">@cy</a> made their first contribution in <a href="https://github.example/shelfware/catalogue/pull/41">#41</a></li></ul>
<p><strong>Full Changelog</strong>: <a href="https://github.example/shelfware/catalogue/compare/v2.2.0...v2.3.0"><tt>v2.2.0...v2.3.0</tt></a></p></div></div>
<div class="Box-footer"><details><summary><h2 class="d-inline">Assets</h2> <span class="Counter">3</span></summary><ul><li><a href="/shelfware/catalogue/releases/download/v2.3.0/catalogue-2.3.0.tar.gz">catalogue-2.3.0.tar.gz</a> <span>1.2 MB</span></li><li><a href="/shelfware/catalogue/archive/refs/tags/v2.3.0.zip">Source code (zip)</a></li><li><a href="/shelfware/catalogue/archive/refs/tags/v2.3.0.tar.gz">Source code (tar.gz)</a></li></ul></details>
<div class="comment-reactions"><button class="social-reaction-summary-item">👍 <span>4</span></button><button class="social-reaction-summary-item">🎉 <span>2</span></button><span>5 people reacted</span></div></div></div></section>
<div class="contributors"><h2>Contributors</h2><ul><li><a href="/cy">cy</a></li><li><a href="/bo-dev">bo-dev</a></li></ul></div></div></main>
<footer><p>© 2026 GitHub, Inc.</p><a href="/site/terms">Terms</a></footer></div></body></html>"""

# old.reddit.com: the post's text in the thing's .usertext-body, then a long comment thread
# whose text outweighs it.
REDDIT = ["Our branch just announced it will stay open until ten at night starting in March.",
          "Has anyone heard whether the study rooms upstairs will be bookable in the evening too?",
          "I mostly go after work, so this changes a lot for me."]
pages["reddit"] = """<!doctype html><html lang="en"><head><title>Library opening late from March : r/eastgate</title>
<meta property="og:site_name" content="reddit"><meta property="og:title" content="r/eastgate on Reddit: Library opening late from March">
<meta property="og:description" content="Posted by u/annreads - 41 votes and 3 comments">
<link rel="canonical" href="https://www.reddit.example/r/eastgate/comments/1abcde/library_opening_late_from_march/"></head>
<body><div id="header"><div id="sr-header-area"><a href="/r/popular">popular</a> - <a href="/r/all">all</a></div><a href="/r/eastgate">eastgate</a><span class="user">Want to join? <a href="/login">Log in or sign up</a> in seconds.</span></div>
<div class="side"><div class="titlebox"><h1 class="hover redditname"><a href="/r/eastgate">eastgate</a></h1><div class="md"><p>News and chat for the people of Eastgate.</p></div><span class="subscribers"><span class="number">12,340</span> readers</span></div></div>
<div class="content" role="main"><div class="sitetable linklisting"><div class="thing self link" id="thing_t3_1abcde" data-author="annreads" data-timestamp="1795165200000">
<div class="midcol"><div class="arrow up"></div><div class="score unvoted" title="41">41</div><div class="arrow down"></div></div>
<div class="entry"><div class="top-matter"><p class="title"><a class="title may-blank" href="/r/eastgate/comments/1abcde/library_opening_late_from_march/">Library opening late from March</a> <span class="domain">(<a href="/r/eastgate/">self.eastgate</a>)</span></p>
<p class="tagline">submitted <time title="Fri Nov 20 09:00:00 2026 UTC" datetime="2026-11-20T09:00:00+00:00" class="live-timestamp">3 hours ago</time> by <a href="https://old.reddit.example/user/annreads" class="author may-blank">annreads</a></p></div>
<div class="expando"><form class="usertext"><div class="usertext-body may-blank-within md-container"><div class="md">""" + "".join(f"<p>{p}</p>" for p in REDDIT) + """</div></div></form></div>
<ul class="flat-list buttons"><li class="first"><a class="bylink comments may-blank" href="#">3 comments</a></li><li class="share"><a class="post-sharing-button">share</a></li><li><a>save</a></li><li><a>hide</a></li><li><a>report</a></li></ul></div></div></div>
<div class="commentarea"><div class="panestack-title"><span class="title">all 3 comments</span></div><div class="menuarea"><span>sorted by: </span><a>best</a></div>
<div class="sitetable nestedlisting">""" + "".join(
    f'<div class="thing comment" data-author="{who}"><div class="entry"><p class="tagline"><a class="author" href="/user/{who}">{who}</a><span class="score unvoted">{n} points</span><time datetime="2026-11-20T1{n % 10}:00:00+00:00">2 hours ago</time></p><form class="usertext"><div class="usertext-body"><div class="md"><p>{text}</p></div></div></form><ul class="flat-list buttons"><li><a>permalink</a></li><li><a>embed</a></li><li><a>save</a></li><li><a>reply</a></li></ul></div></div>'
    for who, n, text in [
        ("bo_reader", 17, "The desk booking page already lets you pick slots up to half past nine, so it looks like yes, they will be bookable."),
        ("cyclist_cy", 9, "Great news. I asked at the front desk last week and they said the roof work upstairs should be done before the summer anyway."),
        ("dee_nearby", 4, "Hopefully the cafe stays open later too, it always shuts at five which makes long evenings hard going."),
    ]) + """</div></div></div><div class="footer-parent"><p>Use of this site constitutes acceptance of our User Agreement.</p></div></body></html>"""


def clean_page(name: str, page: str | None = None):
    return clean_with_report(parse_page_text(page or pages[name], name + ".html"))


# name: (headline, author, published, source name, canonical url, paragraphs)
EXPECTED = {
    "medium": (T, "Ann Writer", datetime(2026, 11, 20, 9, 0, 0, 123000, tzinfo=UTC), "Medium",
               "https://medium.example/@ann/library-opens-late-4f2a9c",
               ["Evening opening hours start in spring.", *Q]),  # its subtitle
    "substack": (T, "Ann Writer", WHEN, "City Notes", "https://citynotes.example/p/library-opens-late",
                 [*Q, "The survey had just over two thousand replies."]),  # its footnote
    "wordpress": (T, "Ann Writer", WHEN, "The Borough Post",
                  "https://boroughpost.example/2026/11/20/library-opens-late/",
                  [*Q, "Read more about the readers' survey and the council's plans."]),
    "amp": (T, "Ann Writer", WHEN, "Metro Daily", "https://metrodaily.example/news/library-opens-late", Q),
    "paywall_ld": (T, "Ann Writer", WHEN, "The Ledger", "https://ledger.example/city/library-opens-late", LONG),
    "og_title_only": (T, None, WHEN, "Northside Bulletin",
                      "https://northside.example/stories/library-opens-late", Q),
    "saved_base": (T, "Ann Writer", None, "Riverside Voice",
                   "https://riverside.example/news/2026/library-late.html",
                   [Q[0], Q[1] + " The survey results are online.", Q[2], Q[3] + " See the roof plans."]),
    "time_only": (T, "Ann Writer", WHEN, "Eastgate Echo", None, Q),
    "published_time_only": (T, None, WHEN, "Eastgate Echo", None, Q),
    "liveblog_ld": ("Live: Library's First Late Night", "Ann Writer", WHEN, "Metro Daily",
                    "https://metrodaily.example/live/library-late-night",
                    ["Follow the evening as the city library stays open until ten for the first time.",
                     *(text for _t, _h, text in UPDATES)]),
    "mastodon": (TOOT[0], "Ann Writer", WHEN, "Social Town",
                 "https://social.example/@ann/113500000000000001", [TOOT[0], TOOT[1] + " #libraries"]),
    "bluesky": ("Our city library stays open until ten at night from March. Staff for the late…",
                "Ann Writer", WHEN, "Bluesky Social",
                "https://bsky.example/profile/ann.bsky.example/post/3kabc123", [SKEET]),
    "github_release": ("Release v2.3.0 · shelfware/catalogue", "bo-dev", WHEN, "GitHub",
                       "https://github.example/shelfware/catalogue/releases/tag/v2.3.0",
                       ["Booking screens show the evening opening hours by @cy in #41",
                        "Desk reservations can start after six in the evening by @bo-dev in #43",
                        "@cy made their first contribution in #41",
                        "Full Changelog: v2.2.0...v2.3.0"]),
    "reddit": ("Library opening late from March", "annreads", WHEN, "reddit",
               "https://www.reddit.example/r/eastgate/comments/1abcde/library_opening_late_from_march/",
               REDDIT),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_platforms_page_gives_its_metadata_and_paragraphs_and_nothing_else(name: str) -> None:
    """Before: Medium's response count under the text stayed as a paragraph ("14"); a
    headline only in og:title kept its " | Northside Bulletin" and no source name was found;
    "By Ann Writer" in a class="byline" paragraph named no author; a "Trending" list's
    <time> before the article dated it two days early; a live blog lost its entries with a
    heading; Mastodon's and Bluesky's posts were headed by the account's name, Mastodon's
    ran on into the replies and Bluesky's into its handle, DID, timestamp and "JavaScript
    Required"; a GitHub release had no date (GitHub's <relative-time>) and kept "Latest" and
    "bo-dev released this ..."; an old.reddit.com post was headed "r/eastgate on Reddit: ...",
    with the sidebar's blurb, the link's domain and "submitted 3 hours ago by" as text.
    Substack, WordPress, AMP, the JSON-LD paywall and article:published_time were right."""
    title, author, published, source, url, paragraphs = EXPECTED[name]
    article, _report = clean_page(name)
    assert article.title == title
    assert article.author == author
    assert article.published == published
    assert article.source_name == source
    assert article.url == url
    assert list(article.paragraphs) == paragraphs
    # (Substack's <h3 class="subtitle"> under the headline is its standfirst: the summary)
    standfirst = {"substack": "Evening opening hours start in spring."}.get(name)
    assert article.summary.startswith(standfirst or paragraphs[0])


def test_a_live_blogs_entries_keep_their_headings_and_order() -> None:
    article, _report = clean_page("liveblog_ld")
    assert article.headings == ("Doors open", "Staff rota agreed")
    body = article.body_html
    assert body.index("Doors open") < body.index("The first evening readers")
    assert body.index("The council leader") < body.index("Staff rota agreed")
    assert "12:05" not in body and "Copy link" not in body


def test_a_live_blog_the_page_does_not_hold_is_read_from_its_json_ld() -> None:
    """A page whose entries a script draws: the updates come from liveBlogUpdate, with a
    heading where the update's headline is more than the start of its text."""
    page = pages["liveblog_ld"].split('<div class="live-updates">')[0] + "</article></main></body></html>"
    article, _report = clean_page("liveblog_ld", page)
    assert [p for p in article.paragraphs if p in {u[2] for u in UPDATES}] == [u[2] for u in UPDATES]
    assert article.headings == ("Doors open", "Staff rota agreed")


def test_a_byline_with_more_than_a_name_names_no_author() -> None:
    for byline in ("By Ann Writer and Bo Reader", "by the newsroom staff"):
        page = pages["saved_base"].replace("By Ann Writer", byline)
        assert parse_page_text(page, "saved.html").author is None, byline
    # a name and its date: the name (tests/test_realworld_pages6.py has more shapes)
    page = pages["saved_base"].replace("By Ann Writer", "By Ann Writer, 20 November 2026")
    assert parse_page_text(page, "saved.html").author == "Ann Writer"


def test_a_logo_h1_or_no_h1_makes_the_shared_title_suffix_the_site_name() -> None:
    no_h1 = pages["og_title_only"].replace('<h1 class="logo"><a href="/">Northside Bulletin</a></h1>', "")
    assert parse_page_text(no_h1, "x.html").site_names == ("Northside Bulletin",)
    # an <h1> that is the headline without the ending: the rule that was there already
    other = pages["og_title_only"].replace('<h1 class="logo"><a href="/">Northside Bulletin</a></h1>',
                                           f"<h1>{T}</h1>")
    assert parse_page_text(other, "x.html").site_names == ("Northside Bulletin",)
    # <title> and og:title end differently: no name is guessed
    odd = pages["og_title_only"].replace(f"<title>{T} | Northside Bulletin</title>", f"<title>{T} | Home</title>")
    assert parse_page_text(odd, "x.html").site_names == ()


def test_a_saved_pages_links_resolve_against_its_base_href() -> None:
    """The ingested body's relative links resolve against <base href> (itself relative to
    the address the browser saved the page from), not against the page's own address."""
    page = pages["saved_base"].replace('<base href="https://riverside.example/news/2026/">',
                                       '<base href="/archive/files/">')
    raw = parse_page_text(page, "saved.html")
    assert raw.url == "https://riverside.example/news/2026/library-late.html"
    assert 'href="https://riverside.example/archive/files/survey-results.html"' in raw.body_html
    assert 'href="https://riverside.example/council/roof"' in raw.body_html
    # the page without a base: links left for the clean stage to resolve against the url
    plain = parse_page_text(page.replace('<base href="/archive/files/">', ""), "saved.html")
    assert 'href="survey-results.html"' in plain.body_html


def test_a_cleaned_pages_body_keeps_its_links_made_absolute() -> None:
    """Before: the clean stage rebuilt a page's body from its blocks' plain text, so every
    link of the body went, though the page reader had kept and resolved them."""
    article, _report = clean_page("saved_base")
    assert 'href="https://riverside.example/news/2026/survey-results.html"' in article.body_html
    assert 'href="https://riverside.example/council/roof"' in article.body_html
    assert list(article.paragraphs) == EXPECTED["saved_base"][5]


# A page with no <base>: its links are resolved in the clean stage, against its address.
LINKED = f"""<!doctype html><html><head><title>{T} | Eastgate Echo</title>
<meta property="og:site_name" content="Eastgate Echo"><link rel="canonical" href="https://eastgate.example/news/library-late">
<meta property="article:published_time" content="2026-11-20T09:00:00+00:00"></head>
<body><main><article><h1>{T}</h1>
<p>{Q[0]} Read the <a href="../reports/hours.html">council's report</a> and the <a href="https://survey.example/results?utm_source=newsletter&amp;utm_medium=email&amp;id=7&amp;fbclid=abc">survey</a>.</p>
<p>{Q[1]}</p>
<p>{Q[2]} <a href="javascript:alert(1)">Book a desk</a> for the evening.</p>
<p>{Q[3]}</p>
<p>Sign up for our <a href="/newsletter?utm_source=article">newsletter</a></p>
<p>Follow <a href="https://social.example/@echo">Eastgate Echo</a> on Twitter</p>
</article></main></body></html>"""
LINKED_TEXT = [
    Q[0] + " Read the council's report and the survey.",
    Q[1],
    Q[2] + " Book a desk for the evening.",
    Q[3],
]


def test_a_pages_relative_and_tracking_links_are_kept_absolute_and_clean() -> None:
    article, _report = clean_page("linked", LINKED)
    assert article.url == "https://eastgate.example/news/library-late"
    body = article.body_html
    assert ('Read the <a href="https://eastgate.example/reports/hours.html" '
            'rel="noopener nofollow ugc">council\'s report</a> and the ') in body
    assert '<a href="https://survey.example/results?id=7" rel="noopener nofollow ugc">survey</a>.' in body
    assert "utm_" not in body and "fbclid" not in body


def test_a_pages_furniture_with_a_link_is_still_dropped() -> None:
    article, report = clean_page("linked", LINKED)
    assert ("Sign up for our newsletter", "subscribe") in report.dropped
    assert ("Follow Eastgate Echo on Twitter", "follow-us") in report.dropped
    assert "newsletter" not in article.body_html and "social.example" not in article.body_html
    assert "Twitter" not in article.body_html


def test_a_pages_javascript_link_goes_and_its_text_stays() -> None:
    article, _report = clean_page("linked", LINKED)
    assert "javascript" not in article.body_html.lower() and "alert" not in article.body_html
    assert f"<p>{Q[2]} Book a desk for the evening.</p>" in article.body_html


def test_a_pages_paragraphs_and_summary_stay_plain_text() -> None:
    article, _report = clean_page("linked", LINKED)
    assert list(article.paragraphs) == LINKED_TEXT
    assert all("<" not in p and "href" not in p for p in article.paragraphs)
    assert article.summary.startswith(LINKED_TEXT[0])
    assert "<" not in article.summary
    # the body says the same text the paragraphs hold, in the same blocks
    assert [text for _kind, text in html_blocks(article.body_html)] == LINKED_TEXT


def read_body(body: str, origin: str = "page") -> Article:
    """An article with ``body`` as the page reader (or a feed) gives it, cleaned."""
    return clean_with_report(Article(
        id="x", origin=origin, location="x.html", title=T, source_name="Eastgate Echo",
        url="https://eastgate.example/news/library-late", body_html=body))[0]


def test_a_pages_emphasis_and_code_stay_inline_in_their_paragraph() -> None:
    """(The page reader keeps no <em> or <strong> yet, and gives an inline <code> as a
    <pre>; a body that holds them keeps them.)"""
    article = read_body(f"<p>{Q[1]} It was <em>the</em> most <b>common</b> request in "
                        "<code>hours.csv</code>, <span class=x>says</span> <i>the</i> <strong>report</strong>.</p>")
    assert article.body_html == (f"<p>{Q[1]} It was <em>the</em> most <b>common</b> request in "
                                 "<code>hours.csv</code>, says <i>the</i> <strong>report</strong>.</p>")
    assert article.paragraphs == (Q[1] + " It was the most common request in hours.csv, says the report.",)


def test_a_link_open_across_two_paragraphs_is_closed_in_each() -> None:
    article = read_body(f'<a href="/more?utm_campaign=x"><p>{Q[3]}</p><p>Bus lanes are next on the list.</p></a>')
    link = '<a href="https://eastgate.example/more" rel="noopener nofollow ugc">'
    assert article.body_html == f"<p>{link}{Q[3]}</a></p>\n<p>{link}Bus lanes are next on the list.</a></p>"
    assert article.paragraphs == (Q[3], "Bus lanes are next on the list.")


def test_spaces_around_a_link_are_the_texts_and_an_empty_link_goes() -> None:
    article = read_body(f'<p> <a href="/a"> {Q[0]} </a> <a href="/b"> </a> <em></em>See <a href="/c">this</a> .</p>')
    assert article.body_html == (f'<p><a href="https://eastgate.example/a" rel="noopener nofollow ugc">{Q[0]}'
                                 '</a> See <a href="https://eastgate.example/c" rel="noopener nofollow ugc">this</a> .</p>')
    assert article.paragraphs == (Q[0] + " See this .",)


def test_a_paragraph_whose_text_cannot_carry_its_markup_keeps_its_text_alone() -> None:
    """Mojibake repaired in the text, or a private-use character (the marks' own area) in
    it: the paragraph is its text, as before, and the others keep their links."""
    odd = "Menu \U000f0001 de l'\u00e9t\u00e9"
    article = read_body(f'<p>{Q[0]} <a href="/a">{odd}</a></p><p>CafÃ© opens <a href="/b">late</a>.</p>'
                        f'<p>{Q[1]} <a href="/c">More</a>.</p>')
    assert article.paragraphs == (f"{Q[0]} {odd}", "Café opens late.", f"{Q[1]} More.")
    assert article.body_html == (f"<p>{Q[0]} {odd}</p>\n<p>Café opens late.</p>\n<p>{Q[1]} "
                                 '<a href="https://eastgate.example/c" rel="noopener nofollow ugc">More</a>.</p>')


def test_a_pages_body_without_inline_markup_is_as_before() -> None:
    assert read_body(f"<div><p>{Q[0]} &amp; <span>more</span></p><h2>Hours</h2><p>{Q[1]}</p></div>").body_html == (
        f"<p>{Q[0]} &amp; more</p>\n<h2>Hours</h2>\n<p>{Q[1]}</p>")


def test_a_feed_items_body_is_as_before() -> None:
    """Only a page's body is rebuilt with its inline markup: a feed item's body keeps its
    own markup as it did."""
    cleaned = read_body(f'<div><p>{Q[0]} <a href="/r?utm_source=x">Report</a>.</p></div>', "feed")
    assert cleaned.body_html == (f'<p>{Q[0]} <a href="https://eastgate.example/r" '
                                 'rel="noopener nofollow ugc">Report</a>.</p>')


def test_a_count_paragraph_that_is_no_counter_of_the_page_stays() -> None:
    page = pages["medium"].replace(f'<p class="pw-post-body-paragraph" data-selectable-paragraph="">{Q[3]}</p>',
                                   f'<p class="pw-post-body-paragraph">{Q[3]}</p><p>2026</p>')
    raw = parse_page_text(page, "medium.html")
    assert "<p>2026</p>" in raw.body_html and "<p>14</p>" not in raw.body_html


def test_inline_code_stays_inside_its_paragraph() -> None:
    """trafilatura writes an inline <code> as a <pre> inside the paragraph; read as a block,
    it cut "Run node --upgrade before Friday" into three paragraphs. A block of code on
    lines of its own stays a block."""
    page = (
        "<!doctype html><html><head><title>Node upgrade ships - Chain Desk</title>"
        '<meta property="og:url" content="https://chain.example/news/node-upgrade"></head>'
        "<body><article><h1>Node upgrade ships</h1>"
        "<p>Operators should run <code>node --upgrade</code> before Friday, the team said, or "
        "their validators stop signing blocks after the fork height.</p>"
        "<p>The release also trims memory use by a third on busy nodes, according to the "
        "changelog published with it.</p>"
        "<pre>node --upgrade\nnode --check</pre>"
        "<p>Exchanges said deposits would pause for an hour while their nodes upgrade.</p>"
        "</article></body></html>")
    raw = parse_page_text(page, "upgrade.html")
    assert "<code>node --upgrade</code> before Friday" in raw.body_html
    cleaned, _report = clean_with_report(raw)
    assert cleaned.paragraphs[0] == (
        "Operators should run node --upgrade before Friday, the team said, or their "
        "validators stop signing blocks after the fork height.")
    assert "<code>node --upgrade</code>" in cleaned.body_html
    assert "Exchanges said deposits" in cleaned.paragraphs[-1]
