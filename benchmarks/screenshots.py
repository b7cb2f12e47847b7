"""Screenshots of the demo site: home, a topic page and a story page, desktop and phone,
light and dark. Builds the bundled content into a temporary folder first.

    python benchmarks/screenshots.py --out screenshots/

Needs Chromium (DIGEST_CHROMIUM or `chromium` on PATH) and playwright (the test extra).
Prints each file written and the size of the built site.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.build import BuildOptions, build  # noqa: E402
from digest.config import load_config  # noqa: E402
from digest.util import to_utc  # noqa: E402

SIZES = {"desktop": (1280, 900), "phone": (375, 812)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--full-page", action="store_true", help="capture whole pages")
    args = parser.parse_args()
    chromium = os.environ.get("DIGEST_CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser"
    )
    if not chromium:
        print("Chromium not found: install it or set DIGEST_CHROMIUM", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(load_config(ROOT / "digest.toml"),
              BuildOptions(output_dir=site, state_path=Path(tmp) / "s.sqlite",
                           now=to_utc("2026-11-24T18:00:00Z"), offline=True))
        story = sorted((site / "story").iterdir())[0]
        pages = {
            "home": site / "index.html",
            "topic": site / "topics" / "defi" / "index.html",
            "story": story / "index.html",
        }
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(f"site: {total / 1024:.0f} KB, css: {(site / 'static/style.css').stat().st_size} B")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for device, (width, height) in SIZES.items():
                for scheme in ("light", "dark"):
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, color_scheme=scheme
                    )
                    page = context.new_page()
                    for name, path in pages.items():
                        page.goto(path.as_uri())
                        target = args.out / f"{name}-{device}-{scheme}.png"
                        page.screenshot(path=str(target), full_page=args.full_page)
                        print(target)
                    context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
