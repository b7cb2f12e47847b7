"""The newsletter's HTML part in a real headless Chromium at 600 px and 375 px.

Screenshots are kept under pytest's temporary folder (``newsletter-shots*/``, the path is
printed); ``benchmarks/newsletter_screenshots.py --screenshots DIR`` writes them anywhere.
"""

from __future__ import annotations

import email
from email import policy

import pytest

from digest.config import load_config
from digest.newsletter import NewsletterOptions, run_newsletter
from digest.util import to_utc
from tests.test_newsletter import NO_CREDENTIALS, NOW, write_project


@pytest.fixture(scope="module")
def html_part(tmp_path_factory: pytest.TempPathFactory) -> str:
    base = tmp_path_factory.mktemp("newsletter-render")
    config = load_config(write_project(base, 25))
    result = run_newsletter(
        config, NewsletterOptions(now=to_utc(NOW), days=30), env=NO_CREDENTIALS
    )
    assert result.eml is not None
    message = email.message_from_bytes(result.eml.read_bytes(), policy=policy.default)
    body = message.get_body(("html",))  # type: ignore[attr-defined]
    assert body is not None
    return body.get_content()


@pytest.mark.parametrize("width", [600, 375])
def test_html_part_fits_and_reads_without_images(
    browser, html_part: str, width: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    shots = tmp_path_factory.mktemp("newsletter-shots")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(html_part, wait_until="load")
    shot = shots / f"newsletter-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 1000

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px horizontal scroll at {width}px"
    # the content column is 600 px wide at most, and uses the whole width of a phone
    column = page.evaluate(
        "document.querySelector('table.container').getBoundingClientRect().width"
    )
    assert column == min(600, width)
    # readable with images off: there are none, and nothing is fetched from elsewhere
    assert page.evaluate("document.images.length") == 0
    assert [u for u in requests if not u.startswith(("about:", "data:"))] == []
    # headlines are visible text of a readable size, the preheader is not shown
    sizes = page.evaluate(
        "[...document.querySelectorAll('a.headline')].map("
        "a => [a.getBoundingClientRect().height, parseFloat(getComputedStyle(a).fontSize)])"
    )
    assert sizes and all(h > 0 and size >= 16 for h, size in sizes)
    assert page.locator("div.preheader").is_hidden()
    context.close()
