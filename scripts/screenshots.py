"""Build the site and photograph an article page and the promises page on a desktop and a phone.

    python scripts/screenshots.py [--out docs/screenshots]

Writes article-desktop.png, article-phone.png, promises-desktop.png and
promises-phone.png with Debian's Chromium (/usr/bin/chromium; `make
browser-deps` installs it). The article is shown the way a discrepancy link
opens it: with a claim selected and its span highlighted.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.site import CHROMIUM, VIEWPORTS, build_site, launch_chromium  # noqa: E402

# A claim with much to show: Jack Ma's offer in his own words, with its numbers, date and four discrepancies.
SHOTS = {
    "article": "article-republika-pgj1w4370.html#claim-republika-jack-ma-offers-ten-years-of-training",
    "promises": "promises.html#p-train-1000-technology-leaders-a-year",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing; run `make browser-deps`", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        site = Path(tmp) / "site"
        build_site(ROOT, site)
        browser = launch_chromium(playwright)
        try:
            for device, viewport in VIEWPORTS.items():
                page = browser.new_page(viewport=viewport, device_scale_factor=1)
                for name, target in SHOTS.items():
                    page.goto((site / target.split("#")[0]).as_uri() + "#" + target.split("#")[1])
                    page.wait_for_load_state("load")
                    path = args.out / f"{name}-{device}.png"
                    page.screenshot(path=str(path))
                    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
                page.close()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
