# ruff: noqa: E501  (the pages are written out whole, a line each)
"""Saved pages of common publishing systems: WordPress (Jetpack's share, like and related
boxes, the author box), Ghost (cards), Substack (subscribe widgets, share buttons,
footnotes), Medium (claps, follow button, responses), AMP, an <article> with <aside>s in
it, a live blog, text in <div>s only, lazy-loaded images, a paywall box, cookie and
newsletter <dialog>s. Each page is written here (invented outlets, ``.example`` hosts).
"""

from __future__ import annotations

import pytest

from digest.clean import clean_with_report
from digest.ingest.html import parse_page_text

P = [
 "The harbour authority approved a new fee schedule for container ships on Tuesday, officials said.",
 "Operators will pay less during the night shift, a change meant to spread traffic across the day.",
 "Shipping lines welcomed the plan but said the cuts were smaller than they had asked for in spring.",
 "The schedule takes effect in January and will be reviewed after six months of operation.",
]
def ps(tag: str = "p") -> str:
    return "".join(f"<{tag}>{p}</{tag}>" for p in P)
def HEAD(t: str, extra: str = "") -> str:
    return f"<!doctype html><html><head><meta charset='utf-8'><title>{t} | Harbour Gazette</title><meta property='og:site_name' content='Harbour Gazette'>{extra}</head><body>"
NAV = "<header><nav><a href='/'>Home</a><a href='/ports'>Ports</a></nav></header>"
FOOT = "<footer><p>© 2026 Harbour Gazette</p><a href='/privacy'>Privacy</a></footer></body></html>"
T = "Harbour Cuts Night Fees"
pages = {}
pages["wordpress"] = HEAD(T) + NAV + f"""<div id="primary"><main><article class="post type-post"><header class="entry-header"><h1 class="entry-title">{T}</h1><div class="entry-meta"><span class="byline">By <a rel="author" href="/author/ann">Ann Writer</a></span> <time datetime="2026-11-20T09:00:00Z">November 20, 2026</time></div></header><div class="entry-content">{ps()}<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li><a class="share-twitter" href="?share=twitter"><span>Twitter</span></a></li><li><a class="share-facebook" href="?share=facebook"><span>Facebook</span></a></li></ul></div></div></div><div class="sharedaddy sd-like"><h3 class="sd-title">Like this:</h3><div class="likes-widget-placeholder">Like Loading...</div></div><div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3><div class="jp-relatedposts-items"><div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a href="/a">Port Of Example Opens Second Terminal</a></h4><p class="jp-relatedposts-post-date">November 2, 2026</p><p class="jp-relatedposts-post-context">In "Ports"</p></div><div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a href="/b">Tugboat Crews Vote On New Contract</a></h4><p class="jp-relatedposts-post-date">October 28, 2026</p><p class="jp-relatedposts-post-context">In "Labour"</p></div></div></div></div><footer class="entry-footer"><span class="cat-links">Posted in <a href="/ports">Ports</a></span><span class="tags-links">Tagged <a href="/t/fees">fees</a>, <a href="/t/night">night shift</a></span></footer><div class="author-info"><div class="author-avatar"><img src="/a.jpg" alt=""></div><div class="author-description"><h2 class="author-title">Published by Ann Writer</h2><p class="author-bio">Ann covers ports and shipping for the Gazette. <a class="author-link" href="/author/ann">View all posts by Ann Writer</a></p></div></div></article><nav class="navigation post-navigation"><div class="nav-links"><div class="nav-previous"><a href="/p">Previous Post: Tugboat Crews Vote</a></div></div></nav><div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a href="#respond">Cancel reply</a></small></h3><form><p class="comment-notes">Your email address will not be published. Required fields are marked *</p></form></div></div></main></div>""" + FOOT
pages["ghost"] = HEAD(T) + NAV + f"""<main class="site-main"><article class="article post"><header class="article-header gh-canvas"><h1 class="article-title">{T}</h1><p class="article-excerpt">Night shifts get cheaper from January.</p><div class="article-byline"><div class="article-byline-meta"><h4 class="author-name"><a href="/author/ann/">Ann Writer</a></h4><div class="byline-meta-content"><time class="byline-meta-date" datetime="2026-11-20">Nov 20, 2026</time><span class="byline-reading-time"><span class="bull">&bull;</span> 3 min read</span></div></div></div></header><section class="gh-content gh-canvas"><p>{P[0]}</p><p>{P[1]}</p><figure class="kg-card kg-image-card kg-card-hascaption"><img src="/content/images/ship.jpg" class="kg-image" alt="A ship"><figcaption>A container ship at the quay.</figcaption></figure><p>{P[2]}</p><div class="kg-card kg-callout-card kg-callout-card-grey"><div class="kg-callout-emoji">💡</div><div class="kg-callout-text">Want more port news? Subscribe to our free weekly newsletter.</div></div><figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://other.example/x"><div class="kg-bookmark-content"><div class="kg-bookmark-title">Port fees across Europe compared</div><div class="kg-bookmark-description">A look at what ports charge.</div><div class="kg-bookmark-metadata"><span class="kg-bookmark-author">Other Site</span></div></div></a></figure><p>{P[3]}</p><div class="kg-card kg-button-card kg-align-center"><a href="#/portal/signup" class="kg-btn kg-btn-accent">Subscribe</a></div></section></article><section class="footer-cta"><div class="inner"><h2 class="footer-cta-title">Sign up for more like this.</h2><a class="footer-cta-button" href="#/portal"><div class="footer-cta-input">Enter your email</div><span>Subscribe</span></a></div></section><aside class="read-more-wrap"><div class="read-more inner"><article class="post-card"><h2 class="post-card-title">Tugboat Crews Vote On New Contract</h2><div class="post-card-excerpt">Crews will vote next week.</div></article></div></aside></main>""" + FOOT
pages["substack"] = HEAD(T) + f"""<div class="single-post"><div class="post-header"><h1 class="post-title">{T}</h1><h3 class="subtitle">Night shifts get cheaper.</h3><div class="post-meta"><a href="https://substack.example/@ann">Ann Writer</a><div>Nov 20, 2026</div></div></div><div class="subscription-widget-wrap"><div class="subscription-widget"><p>Harbour Notes is a reader-supported publication. To receive new posts and support my work, consider becoming a free or paid subscriber.</p><form><input type="email" placeholder="Type your email..."><button>Subscribe</button></form></div></div><div class="available-content"><div class="body markup"><p>{P[0]}<a class="footnote-anchor" id="footnote-anchor-1" href="#footnote-1">1</a></p><p>{P[1]}</p><p class="button-wrapper"><a class="button primary" href="https://harbournotes.example/subscribe"><span>Subscribe now</span></a></p><p>{P[2]}</p><p class="button-wrapper"><a class="button primary" href="https://harbournotes.example/p/x?utm_source=substack&utm_medium=email&utm_content=share&action=share"><span>Share</span></a></p><p>{P[3]}</p><div class="footnote"><a id="footnote-1" href="#footnote-anchor-1" class="footnote-number">1</a><div class="footnote-content"><p>The night shift runs from 22:00 to 06:00.</p></div></div></div></div><div class="post-footer"><div class="like-button"><span>12</span></div><a class="post-ufi-button">Share</a></div><div class="subscribe-footer"><p>Thanks for reading Harbour Notes! Subscribe for free to receive new posts and support my work.</p></div></div></body></html>"""
pages["medium"] = HEAD(T) + f"""<article><div><section><div><h1 data-testid="storyTitle">{T}</h1><div><a href="/@ann">Ann Writer</a><span>Follow</span></div><div><span>4 min read</span><span>·</span><span>Nov 20, 2026</span></div><div><div>--</div><div>12</div><div>Listen</div><div>Share</div></div>{ps()}<div>--</div><div>12</div></div></div></section></article><div><h2>Written by Ann Writer</h2><p>38 Followers</p><p>Ports, ships and the people who run them.</p><button>Follow</button></div><div><h2>Responses (2)</h2><p>What are your thoughts?</p><div><p>Bo Reader</p><p>Great piece, thanks for writing it.</p></div></div><div><h2>More from Ann Writer</h2><div><h2>Tugboat Crews Vote On New Contract</h2></div></div></body></html>"""
pages["amp"] = f"""<!doctype html><html ⚡ lang="en"><head><meta charset="utf-8"><title>{T} - Harbour Gazette</title><link rel="canonical" href="https://harbour.example/2026/11/night-fees"><script async src="https://cdn.ampproject.org/v0.js"></script><style amp-custom>body{{color:#111}}</style></head><body><amp-analytics type="gtag"><script type="application/json">{{"vars":{{}}}}</script></amp-analytics><header><amp-sidebar id="menu" layout="nodisplay"><ul><li><a href="/">Home</a></li><li><a href="/ports">Ports</a></li></ul></amp-sidebar></header><article><h1>{T}</h1><amp-img src="/ship.jpg" width="800" height="450" layout="responsive" alt="A ship"></amp-img><p>{P[0]}</p><p>{P[1]}</p><amp-ad width="300" height="250" type="doubleclick" data-slot="/1/x"><div fallback>Advertisement</div></amp-ad><p>{P[2]}</p><amp-social-share type="twitter"></amp-social-share><amp-social-share type="facebook"></amp-social-share><p>{P[3]}</p></article><amp-consent id="consent" layout="nodisplay"><div class="consent-ui"><p>We use cookies to improve your experience.</p><button on="tap:consent.accept">Accept</button></div></amp-consent></body></html>"""
pages["aside_in_article"] = HEAD(T) + NAV + f"""<main><article><h1>{T}</h1><p>{P[0]}</p><aside class="related"><h3>Related</h3><ul><li><a href="/a">Port Of Example Opens Second Terminal</a></li><li><a href="/b">Tugboat Crews Vote On New Contract</a></li></ul></aside><p>{P[1]}</p><aside class="newsletter"><h3>The Harbour Brief</h3><p>Get the week's port news in your inbox every Friday.</p><form><input type="email"><button>Sign up</button></form></aside><p>{P[2]}</p><aside class="pullquote"><p>"We asked for more," one operator said.</p></aside><p>{P[3]}</p></article></main>""" + FOOT
pages["liveblog"] = HEAD("Live: Harbour Strike Day Two") + NAV + """<main><article><h1>Live: Harbour Strike Day Two</h1><div class="live-entries"><div class="entry"><time datetime="2026-11-20T10:30:00Z">10:30</time><h2>Cranes stop at the east quay</h2><p>Crane operators at the east quay stopped work at half past ten, union officials said.</p></div><div class="entry"><time datetime="2026-11-20T11:15:00Z">11:15</time><p>The port authority said ships would be diverted to the west quay until the afternoon.</p><div class="share"><a>Share</a></div></div><div class="entry"><time datetime="2026-11-20T12:05:00Z">12:05</time><h2>Talks resume</h2><p>Negotiators returned to the table shortly after noon, according to both sides.</p></div></div></article></main>""" + FOOT
pages["divs_only"] = HEAD(T) + NAV + f"""<main><div class="article"><h1>{T}</h1><div class="story-body">""" + "".join(f"<div class='para'>{p}</div>" for p in P) + """</div><div class="share-bar"><div>Share</div><div>Facebook</div><div>Twitter</div></div></div></main>""" + FOOT
pages["lazy_noscript"] = HEAD(T) + NAV + f"""<main><article><h1>{T}</h1><p>{P[0]}</p><figure><img class="lazyload" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/ship.jpg" alt="A ship at night"><noscript><img src="/img/ship.jpg" alt="A ship at night"></noscript><figcaption>A ship at night.</figcaption></figure><p>{P[1]}</p><p><img loading="lazy" data-lazy-src="/img/crane.jpg" src="/img/placeholder.svg" alt="Crane"></p><p>{P[2]}</p><p>{P[3]}</p></article></main>""" + FOOT
pages["paywall"] = HEAD(T) + NAV + f"""<main><article><h1>{T}</h1><p>{P[0]}</p><p>{P[1]}</p><div class="paywall-overlay" style="display:none"><h2>Subscribe to continue reading</h2><p>You have read all of your free articles this month.</p><p>Already a subscriber? <a href="/login">Log in</a></p><a class="btn">See subscription options</a></div></article></main>""" + FOOT
pages["dialog"] = HEAD(T) + """<dialog open id="cookie-consent"><h2>Your privacy</h2><p>We and our partners use cookies to personalise content and ads and to analyse our traffic.</p><button>Accept all</button><button>Manage preferences</button></dialog>""" + NAV + f"""<main><article><h1>{T}</h1>{ps()}</article></main><dialog id="newsletter-modal"><h2>Don't miss a story</h2><p>Get the Harbour Gazette newsletter delivered to your inbox.</p></dialog>""" + FOOT


def clean_page(name: str):
    return clean_with_report(parse_page_text(pages[name], name + ".html"))


@pytest.mark.parametrize(
    "name", ["wordpress", "ghost", "substack", "medium", "amp", "aside_in_article",
             "divs_only", "lazy_noscript", "dialog"])
def test_a_saved_page_is_its_paragraphs_and_nothing_else(name: str) -> None:
    """Ghost's callout emoji ("💡") was a paragraph; Substack's footnote number ran into
    its sentence ("officials said.1") and stood alone as a paragraph; Medium's page ran on
    into the author box and the responses, with the clap counter, "Listen" and the name
    glued to its "Follow" button as paragraphs. The others stay as they were."""
    article, _report = clean_page(name)
    assert article.title == "Harbour Cuts Night Fees"
    expected = {
        "ghost": ["Night shifts get cheaper from January.", *P],  # its standfirst
        "substack": [*P, "The night shift runs from 22:00 to 06:00."],  # its footnote
    }.get(name, P)
    assert list(article.paragraphs) == expected


def test_a_paywall_box_beside_two_paragraphs_does_not_run_them_together() -> None:
    """trafilatura gave one block of the headline, both paragraphs and the box's text: the
    page had only two paragraphs, fewer than the three that called for readability."""
    article, _report = clean_page("paywall")
    assert list(article.paragraphs) == P[:2]
    assert article.summary.startswith(P[0])


def test_a_live_blogs_entry_headings_stay_in_place() -> None:
    """An entry's heading after its <time> was lost ("Talks resume"), its text kept."""
    article, _report = clean_page("liveblog")
    assert article.headings == ("Cranes stop at the east quay", "Talks resume")
    html = article.body_html
    assert html.index("Talks resume") < html.index("Negotiators returned")
    assert html.index("diverted") < html.index("Talks resume")
    # headings over what the extractor rightly left out (Jetpack's boxes) stay out
    wordpress, _report = clean_page("wordpress")
    assert wordpress.headings == () and "Like this" not in wordpress.body_html


@pytest.mark.parametrize("spelling", ["author-name", "author__name", "byline-name",
                                      "byline__name"])
def test_a_themes_author_name_is_the_author_when_nothing_else_names_one(spelling: str) -> None:
    """Ghost's theme (and many others) name the writer only in an element classed
    "author-name" (or a BEM spelling of it): no meta tag, no JSON-LD, no rel=author."""
    page = pages["ghost"].replace('class="author-name"', f'class="{spelling}"')
    cleaned, _report = clean_with_report(parse_page_text(page, "ghost.html"))
    assert cleaned.author == "Ann Writer"
