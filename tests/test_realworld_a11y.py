"""Accessibility of every page kind with real-world content, in real headless Chromium.

The content is synthetic and written here (invented outlets on ``.example`` domains, invented
text), in the shapes real feeds bring: images with and without alt text (one the only thing
inside a link), body headings that start at <h4> or skip levels, a table with and without
header cells, very long headlines, a story reported by twelve outlets, Arabic and Hebrew
stories beside English ones, enough stories in one topic for numbered pages, and a recorded
newsletter issue so its web version is built too.

Every page kind (home, topic, numbered topic page, day, archive, story, sources, about,
search, newsletter archive and issue, 404) runs axe-core (every rule, every impact) at 360 px
and 1280 px, light and dark. Keyboard focus must be visible on links and on a <details>
summary. Skipped with a reason when Chromium or npm is missing (tests/conftest.py: CI sets
DIGEST_REQUIRE_ALL=1 and fails instead).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from digest.build import BuildOptions, build
from digest.config import load_config
from digest.render.context import accessible_body

from .conftest import DEMO_NOW, ROOT, serving
from .test_realworld_render import _rss as write_rss
from .test_site_browser import axe_script  # noqa: F401  (a fixture, used below)

TOPIC_ITEMS = 14  # Technology stories from one desk: more than two pages of 5
WIDE = 12  # outlets reporting one story: more than the eight a story page lists openly
LONG_HEADLINE = ("Regional transit authority confirms that the night ferry timetable, the "
                 "harbour tram extension and the bridge repair schedule will all change at once")
REPAIRS = "Harbour bridge repairs move to the night shift"


def _rss(folder: Path, name: str, channel: str, items: list[dict[str, str]]) -> None:
    """A feed of ``items`` (filed under Technology unless they say otherwise)."""
    items = [{"category": "Technology", **item} for item in items]
    write_rss(folder, name, channel, f"https://{name}.example/", items)


# Bodies as feeds send them (before the clean stage): the shapes that trip a screen reader.
BODIES = [
    # an image without alt, and one whose only content is a link around an image without alt
    '<p>Crews began the night shift on the tram depot roof on Monday.</p>'
    '<p><img src="https://img.depot.example/roof.jpg" width="800" height="400"></p>'
    '<p><a href="https://depot.example/gallery"><img src="https://img.depot.example/t.jpg">'
    "</a></p><p>The depot stays open during the work, the operator said.</p>",
    # an image with alt text, and one with an empty alt (decorative)
    '<p>The new signal box opened beside the ferry terminal.</p>'
    '<figure><img src="https://img.depot.example/box.jpg" alt="The signal box at dusk">'
    "<figcaption>The box at dusk.</figcaption></figure>"
    '<p><img src="https://img.depot.example/rule.png" alt=""></p>',
    # headings that start at h4 and skip a level
    "<p>The operator published its winter plan on Tuesday.</p><h4>What changes</h4>"
    "<p>Trams run every eight minutes at peak times.</p><h6>Fares</h6>"
    "<p>Fares stay the same until spring.</p><h5>Accessibility</h5>"
    "<p>Every stop gets a raised kerb by March.</p>",
    # a table with header cells, and one without
    "<p>Ridership rose in every district this autumn.</p><table><thead><tr><th>District</th>"
    "<th>September</th><th>October</th></tr></thead><tbody><tr><td>North</td><td>12,400</td>"
    "<td>13,100</td></tr><tr><td>Harbour</td><td>9,800</td><td>10,250</td></tr></tbody>"
    "</table><table><tr><td>Total</td><td>22,200</td><td>23,350</td></tr></table>",
    # a link whose text is only a URL, and an empty link
    "<p>The full plan is on the operator's site: "
    '<a href="https://depot.example/plan">https://depot.example/plan</a>. '
    '<a href="https://depot.example/empty"></a>Comments close in January.</p>',
    # a preformatted line far wider than a phone, in a quote
    "<p>The operator's data feed sends lines like this one:</p><blockquote><pre>"
    + "depot;north;roof;section;complete;" * 12 + "</pre></blockquote>",
]


def write_content(root: Path) -> Path:
    content = root / "content"
    feeds, articles = content / "feeds", content / "articles"
    feeds.mkdir(parents=True)
    articles.mkdir()
    desk = []
    for n in range(TOPIC_ITEMS):
        body = BODIES[n % len(BODIES)] if n < len(BODIES) else (
            f"<p>Depot bulletin number {n}: the night crews finished section {n} of the "
            "roof ahead of schedule.</p>")
        if n == 7:
            body = ("<p>The transit authority will publish the new night timetable, the tram "
                    "extension plan and the bridge schedule together next week.</p>")
        desk.append({
            "title": LONG_HEADLINE if n == 7 else f"Tram depot bulletin {n}: roof section {n}",
            "link": f"https://depot.example/bulletin/{n}",
            "date": f"{20 + n % 5} Nov 2026 {8 + n % 9:02d}:00:00 +0000",
            "body": body,
        })
    _rss(feeds, "depot", "Depot Desk", desk)
    for n in range(WIDE):
        _rss(feeds, f"wire{n:02d}", f"Coastal Wire {n:02d}", [{
            "title": REPAIRS, "category": "News",
            "link": f"https://wire{n:02d}.example/repairs",
            "date": f"Tue, 24 Nov 2026 09:{n:02d}:00 +0000",
            "body": "<p>Repairs to the harbour bridge move to the night shift from Monday, "
                    "the port authority said, so that daytime traffic keeps both lanes.</p>"
                    f"<p>Desk {n:02d} adds that the work should end before the holidays.</p>",
        }])
    _rss(feeds, "rtl", "Desert Wire", [
        {"title": "ارتفاع رسوم الشبكة للأسبوع الثالث على التوالي", "category": "News",
         "link": "https://desert-wire.example/ar/1", "date": "Tue, 24 Nov 2026 07:00:00 +0000",
         "body": "<p>ارتفعت رسوم المعاملات على الشبكة للأسبوع الثالث على التوالي.</p>"
                 '<p><img src="https://img.desert-wire.example/chart.png"></p>'},
        {"title": "הבנק המרכזי משאיר את הריבית ללא שינוי", "category": "News",
         "link": "https://desert-wire.example/he/2", "date": "Tue, 24 Nov 2026 06:00:00 +0000",
         "body": "<p>הבנק המרכזי הודיע היום כי הריבית תישאר ללא שינוי בחודש הבא.</p>"},
    ])
    (articles / "wide-table.md").write_text(
        "---\ntitle: Council budget lines, district by district\n"
        "date: 2026-11-23T10:00:00Z\nsource: Harbor Ledger\ncategory: Technology\n---\n"
        "The council published every budget line on Monday.\n\n"
        "| District | Roads | Schools | Parks | Transit | Total |\n"
        "|---|---|---|---|---|---|\n"
        "| North | 1,200,000 | 3,400,000 | 250,000 | 900,000 | 5,750,000 |\n"
        "| Harbour | 2,100,000 | 2,900,000 | 180,000 | 1,400,000 | 6,580,000 |\n\n"
        "![](https://img.harbor-ledger.example/chart.png)\n",
        encoding="utf-8",
    )
    return content


def _config(base_url: str):
    config = load_config(ROOT / "digest.toml")
    return replace(config, site=replace(config.site, base_url=base_url, page_size=5))


def _record_issue(config, content: Path, state: Path) -> None:
    """A sent newsletter issue, as `digest newsletter --send` records it (no mail here)."""
    from digest.newsletter import compose_issue
    from digest.store import IssueRecord, Store

    with Store(state) as store:
        issue = compose_issue(config, store, DEMO_NOW, content_dir=content)
        assert issue is not None
        store.record_newsletter_issue(
            IssueRecord(issue.number, issue.date, issue.since, issue.subject, issue.to_json()),
            [s.id for s in issue.stories], [])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """(base URL, site folder): the content above built for http://127.0.0.1:PORT/repo/."""
    parent = tmp_path_factory.mktemp("served")
    with serving(parent) as root:
        base = root + "repo/"
        work = tmp_path_factory.mktemp("a11y")
        content = write_content(work)
        config = _config(base)
        options = BuildOptions(content_dir=content, output_dir=work / "site",
                               state_path=work / "state.sqlite", now=DEMO_NOW)
        assert build(config, options).problems == []
        _record_issue(config, content, work / "state.sqlite")
        assert build(config, options).problems == []
        shutil.copytree((work / "site").resolve(), parent / "repo")
        yield base, parent / "repo"


def _stories(site: Path) -> dict[str, str]:
    """Story title -> the page's path under the site."""
    found = json.loads((site / "stories.json").read_text(encoding="utf-8"))
    return {s["title"]: s["page"].split("/repo/", 1)[1] for s in found}


def page_paths(site: Path) -> list[str]:
    """One page of every kind, and the story pages holding the awkward content."""
    stories = _stories(site)
    day = sorted(p.name for p in (site / "archive").iterdir() if p.is_dir())[-1]
    numbered = sorted(p.name for p in (site / "topics" / "technology" / "page").iterdir())
    picked = [stories[f"Tram depot bulletin {n}: roof section {n}"] for n in range(len(BODIES))]
    picked += [stories[REPAIRS], stories[LONG_HEADLINE],
               stories["Council budget lines, district by district"],
               *(path for title, path in stories.items() if not title.isascii())]
    assert (site / "newsletter" / "1" / "index.html").is_file()
    return ["", "topics/technology/", f"topics/technology/page/{numbered[0]}/", "archive/",
            f"archive/{day}/", "sources/", "about/", "search/", "newsletter/", "newsletter/1/",
            "404.html", *picked]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_any_page_kind(
    browser, served, axe_script, scheme, width  # noqa: F811  (the fixture imported above)
) -> None:
    base, site = served
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    found = []
    for path in page_paths(site):
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("async () => await axe.run(document)")
        for violation in result["violations"]:
            nodes = [n["target"] for n in violation["nodes"]][:3]
            found.append((path, violation["id"], violation["impact"], nodes))
    context.close()
    assert not found, "\n".join(map(str, found))


_FOCUS = """() => {
  const el = document.activeElement;
  const rgb = s => (s.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let back = el, bg = 'rgb(255, 255, 255)';
  while (back) { const c = getComputedStyle(back).backgroundColor;
    if (rgb(c).length < 4 || rgb(c)[3] > 0) { bg = c; break; } back = back.parentElement; }
  const s = getComputedStyle(el);
  const [x, y] = [lum(s.outlineColor), lum(bg)].sort((p, q) => q - p);
  return {tag: el.tagName.toLowerCase(), text: el.innerText.trim().slice(0, 40),
          style: s.outlineStyle, width: parseFloat(s.outlineWidth),
          contrast: (x + 0.05) / (y + 0.05), inBody: !!el.closest('.body')};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_focus_is_visible_on_links_and_summaries(browser, served, scheme) -> None:
    """Tab through a story page with body links and folded sources: every link and every
    <details> summary the keyboard reaches shows an outline of at least 2 px, with 3:1
    contrast against what is behind it (WCAG 1.4.11)."""
    base, site = served
    stories = _stories(site)
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    reached = []
    for title in (REPAIRS, "Tram depot bulletin 4: roof section 4"):
        page.goto(base + stories[title])
        here: list[dict] = []
        for _ in range(80):
            page.keyboard.press("Tab")
            found = page.evaluate(_FOCUS)
            if found["tag"] == "body" or found in here:
                break
            here.append(found)
        reached += here
    context.close()
    kinds = {(f["tag"], f["inBody"]) for f in reached}
    assert {("a", False), ("a", True), ("summary", False)} <= kinds, reached
    weak = [f for f in reached if f["style"] == "none" or f["width"] < 2 or f["contrast"] < 3]
    assert weak == []


def test_accessible_body_without_a_browser() -> None:
    """What accessible_body changes in a sanitised body, and what it leaves alone."""
    assert accessible_body('<p><img src="https://i.example/a.jpg" width="8"></p>') == (
        '<p><img src="https://i.example/a.jpg" width="8" alt=""></p>')
    kept = '<p><img src="https://i.example/a.jpg" alt="A pier"></p>'
    assert accessible_body(kept) == kept
    linked = ('<p><a href="https://www.pier.example/photos?id=2" rel="noopener">'
              '<img src="https://i.example/b.jpg" alt=""></a></p>')
    assert accessible_body(linked) == (
        '<p><a href="https://www.pier.example/photos?id=2" rel="noopener">'
        '<img src="https://i.example/b.jpg" alt="Link to pier.example"></a></p>')
    # a picture that links its own larger copy (Substack's, WordPress's "link to media
    # file"): the link opens a picture, not a site
    larger = ('<p><a href="https://cdn.example/image/fetch/w_1456/big.png?x=1">'
              '<img src="https://cdn.example/image/fetch/w_424/big.png" alt=""></a></p>')
    assert 'alt="Full-size picture"' in accessible_body(larger)
    worded = '<p><a href="https://a.example/">See <img src="https://i.example/c.jpg"></a></p>'
    assert accessible_body(worded) == (
        '<p><a href="https://a.example/">See <img src="https://i.example/c.jpg" alt=""></a></p>')
    assert accessible_body('<p>Read <a href="https://a.example/"> </a>on.</p>') == (
        "<p>Read on.</p>")
    assert accessible_body("<h4>A</h4><p>x</p><h6>B</h6><h5>C</h5><h3>D</h3>") == (
        "<h2>A</h2><p>x</p><h3>B</h3><h3>C</h3><h2>D</h2>")
    assert accessible_body("<h2>A</h2><h3>B</h3><h2>C</h2>") == "<h2>A</h2><h3>B</h3><h2>C</h2>"
    assert accessible_body("<h5>Only</h5>") == "<h2>Only</h2>"
    assert accessible_body("<table><tr><td>1</td></tr></table><pre>x</pre>") == (
        '<table tabindex="0"><tr><td>1</td></tr></table><pre tabindex="0">x</pre>')
    plain = "<p>Nothing to change: <a href=\"https://a.example/\">a link</a>.</p>"
    assert accessible_body(plain) == plain


def test_headings_already_in_order_keep_the_bodys_own_string() -> None:
    """A body whose outline needs no change comes back as the same object (no copy of every
    body at every build), and the shortcut gives what renumbering gives, on random outlines
    (levels that skip, start deep, climb back, repeat)."""
    import random
    import re

    from digest.render.context import _headings_in_order

    def renumbered(fragment: str) -> str:  # the rule, written out with no shortcut
        outer: list[tuple[int, int]] = []
        current = [2]

        def one(m: re.Match[str]) -> str:
            if m[1]:
                return f"</h{current[0]}>"
            level = int(m[2])
            while outer and outer[-1][0] >= level:
                outer.pop()
            current[0] = outer[-1][1] + 1 if outer else 2
            outer.append((level, current[0]))
            return f"<h{current[0]}>"

        return re.sub(r"<(/?)h([1-6])>", one, fragment)

    rng = random.Random(7)
    unchanged = 0
    for _ in range(5000):
        levels = [rng.randint(1, 6) for _ in range(rng.randint(0, 6))]
        body = "".join(f"<p>Text.</p><h{n}>Part {n}</h{n}>" for n in levels) + "<p>End.</p>"
        got = _headings_in_order(body)
        assert got == renumbered(body), body
        if got == body:
            assert got is body
            unchanged += 1
    assert unchanged > 100  # the shortcut was taken, and checked, many times
    in_order = "<h2>A</h2><p>x</p><h3>B</h3><h3>C</h3><h2>D</h2>"
    assert accessible_body(in_order) is in_order
