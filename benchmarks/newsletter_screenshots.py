"""Render the demo newsletter's HTML part in headless Chromium and keep the screenshots.

    python benchmarks/newsletter_screenshots.py [--screenshots DIR] [--days N] [--per-topic N]

Composes an issue of the bundled demo content (a throwaway state, nothing mailed), then
prints the .eml and HTML sizes (Gmail clips HTML over 102 KB), and for each width (600 px,
375 px) the horizontal overflow and the screenshot path. Default DIR: .digest/screenshots
(ignored by git). Needs Chromium (Debian's, or DIGEST_CHROMIUM) and playwright.
"""

from __future__ import annotations

import argparse
import email
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from email import policy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.config import load_config  # noqa: E402
from digest.newsletter import GMAIL_CLIP_BYTES, NewsletterOptions, run_newsletter  # noqa: E402
from digest.util import to_utc  # noqa: E402

WIDTHS = (600, 375)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", type=Path, default=ROOT / ".digest" / "screenshots")
    parser.add_argument("--days", type=float, default=30.0)
    parser.add_argument("--now", default="2026-11-24T18:00:00Z")
    parser.add_argument("--per-topic", type=int, help="override max_stories_per_topic")
    args = parser.parse_args()
    config = load_config(ROOT / "digest.toml")
    if args.per_topic:
        news = replace(config.newsletter, max_stories_per_topic=args.per_topic)
        config = replace(config, newsletter=news)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        result = run_newsletter(
            config,
            NewsletterOptions(
                now=to_utc(args.now), days=args.days, state_path=Path(tmp) / "state.sqlite",
                out=Path(tmp) / "issue.eml",
            ),
            env={},
        )
        seconds = time.perf_counter() - started
        if result.issue is None or result.eml is None:
            print("nothing new in that window")
            return 1
        data = result.eml.read_bytes()
    message = email.message_from_bytes(data, policy=policy.default)
    html = message.get_body(("html",)).get_content()  # type: ignore[attr-defined]
    print(f"issue #{result.issue.number}: {len(result.issue.stories)} stories, "
          f"composed and rendered in {seconds:.2f} s")
    print(f".eml {len(data) / 1024:.1f} KB; HTML part {len(html.encode()) / 1024:.1f} KB "
          f"(limit {GMAIL_CLIP_BYTES // 1024} KB)")

    executable = os.environ.get("DIGEST_CHROMIUM") or shutil.which("chromium")
    if not executable:
        print("Chromium not found: no screenshots")
        return 1
    from playwright.sync_api import sync_playwright

    args.screenshots.mkdir(parents=True, exist_ok=True)
    (args.screenshots / "newsletter.html").write_text(html, encoding="utf-8")
    worst = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.set_content(html, wait_until="load")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            shot = args.screenshots / f"newsletter-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"{width} px: overflow {overflow} px, screenshot {shot}")
            worst = max(worst, overflow)
            page.close()
        browser.close()
    return 0 if worst <= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
