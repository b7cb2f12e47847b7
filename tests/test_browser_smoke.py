"""The built demo site in a real headless Chromium: it loads cleanly and fits a phone."""

from __future__ import annotations

from pathlib import Path


def test_home_and_story_load_without_errors_and_fit_a_phone(browser, demo_site: Path) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    story = sorted((demo_site / "story").iterdir())[0] / "index.html"
    for target in (demo_site / "index.html", story):
        page.goto(target.as_uri())
        assert page.locator("h1").count() >= 1
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{target}: {overflow}px horizontal scroll at 375px"
    # a story link on the home page leads to a page with the story's title
    page.goto((demo_site / "index.html").as_uri())
    first = page.locator("article.card h3 a").first
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title
    page.close()
    assert errors == []
