#!/usr/bin/env python3
"""The HTML review report in a real browser: headless Debian Chromium through Selenium.

How CI calls it (`.ci/run`, after `apt-get install -y chromium chromium-driver` and
`pip install selenium`):

    python3 tests/report_browser.py --html FILE --screenshot OUT.png

FILE is a report written by `bitexte report -o FILE` (or by the unit test
`writes_the_sample_report_for_the_browser_test`: `cargo test --bin bitexte html` writes
target/report-sample.html). The script:

  1. opens FILE in headless Chromium (/usr/bin/chromium with /usr/bin/chromedriver, a fresh
     profile in a temporary directory, no background networking: Selenium Manager downloads
     nothing);
  2. checks that the page loaded without console messages of level SEVERE (a script error, or
     a style or script refused by the page's Content-Security-Policy) and without any network
     request other than the file itself, failed or not;
  3. checks that the embedded script ran (the filter panel is shown) and that the page is
     self-contained (no resource with an http(s) address in the DOM);
  4. filters: unticks a rule and checks that its findings are hidden and the others shown,
     ticks it again; unticks a severity, same checks; "None" then one rule; the "only
     beads with shown findings" switch hides beads without findings;
  5. print: with print media emulated, the filter panel is not displayed;
  6. saves a screenshot at desktop width (1280 x 900) to OUT.png and one at phone width
     (375 x 812, mobile emulation) to OUT-phone.png, checking that at phone width the page
     does not scroll sideways and that a bead's source is above its target.

Exit status 0 when everything holds; otherwise 1 with one line per failed check on stderr
(2 when the browser cannot be started).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Pages with more beads are not laid out for print (minutes for 200,000 beads), and
# their filters are clicked through the DOM.
PRINT_LAYOUT_MAX_BEADS = 20_000


class Checks:
    """Collects failed checks; the run fails at the end if any did."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def check(self, ok: bool, what: str) -> bool:
        print(f"{'ok  ' if ok else 'FAIL'} {what}")
        if not ok:
            self.failures.append(what)
        return ok


def start_browser(profile: str):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        sys.exit("report_browser: selenium is not installed (pip install selenium)")
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            sys.exit(f"report_browser: {path} not found (apt-get install -y chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except Exception as e:  # noqa: BLE001 - any failure to start is reported the same way
        print(f"report_browser: could not start Chromium: {e}", file=sys.stderr)
        sys.exit(2)


def page_requests(driver, url: str) -> tuple[list[str], list[str]]:
    """The requests made for the page `url` since the performance log was last read
    (the browser's own pages, such as its new-tab page, are not the report's), and
    the failures among them."""
    sent: dict[str, str] = {}
    failed: list[str] = []
    events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    for m in events:
        params = m.get("params", {})
        if m.get("method") == "Network.requestWillBeSent" and params.get("documentURL") == url:
            sent[params["requestId"]] = params["request"]["url"]
    for m in events:
        params = m.get("params", {})
        if m.get("method") == "Network.loadingFailed" and params.get("requestId") in sent:
            failed.append(
                f"{sent[params['requestId']]}: {params.get('errorText')} {params.get('blockedReason', '')}"
            )
    return list(sent.values()), failed


def visible_ids(driver, selector: str) -> tuple[list[str], list[str]]:
    """Ids of the elements matching `selector` that are shown and hidden."""
    return driver.execute_script(
        """
        const shown = [], hidden = [];
        for (const el of document.querySelectorAll(arguments[0])) {
          (el.checkVisibility() ? shown : hidden).push(el.id);
        }
        return [shown, hidden];
        """,
        selector,
    )


def set_box(driver, selector: str, checked: bool) -> None:
    """Ticks or unticks a filter checkbox by clicking it, as a user does (on large
    pages, where WebDriver's click stalls on hit-testing, with the DOM's click(), which
    fires the same events)."""
    box = driver.find_element("css selector", selector)
    if box.is_selected() != checked:
        large = driver.execute_script(
            "return document.querySelectorAll('.bead').length > arguments[0]", PRINT_LAYOUT_MAX_BEADS
        )
        if large:
            driver.execute_script("arguments[0].click()", box)
        else:
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()


def run(html: Path, screenshot: Path, expect_findings: bool = True) -> int:
    from selenium.common.exceptions import WebDriverException

    checks = Checks()
    url = html.resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="report-browser-") as profile:
        driver = start_browser(profile)
        try:
            driver.set_window_size(1280, 900)
            driver.get_log("performance")  # what the browser did before: not the report's
            started = time.monotonic()
            driver.get(url)  # returns once the page has loaded
            print(f"     loaded in {time.monotonic() - started:.1f} s")

            # 1. Console and network.
            logs = driver.get_log("browser")
            severe = [e for e in logs if e.get("level") == "SEVERE"]
            for e in severe:
                print(f"     console: {e.get('message')}")
            checks.check(not severe, f"no SEVERE console messages ({len(logs)} messages in all)")
            requests, failed = page_requests(driver, url)
            for f in failed:
                print(f"     failed request: {f}")
            checks.check(not failed, "no failed network requests")
            others = [u for u in requests if u != url]
            for u in others:
                print(f"     request: {u}")
            checks.check(not others, f"no request but the page itself ({len(requests)} in all)")
            remote = driver.execute_script(
                """
                return [...document.querySelectorAll('[src], link[href], [href]')]
                  .map(el => el.getAttribute('src') || el.getAttribute('href'))
                  .filter(a => /^(https?:)?\\/\\//i.test(a));
                """
            )
            checks.check(not remote, f"no http(s) resource or link in the DOM {remote[:3]}")

            # 2. The script ran (else there is nothing to filter with).
            ran = checks.check(
                driver.execute_script(
                    "return document.documentElement.classList.contains('js')"
                    " && !document.getElementById('filters').hidden"
                ),
                "the script ran and shows the filter panel",
            )

            # 3. Filters.
            counts = driver.execute_script(
                """
                const c = {};
                for (const f of document.querySelectorAll('li.f')) {
                  const r = f.dataset.rule; c[r] = (c[r] || 0) + 1;
                }
                return c;
                """
            )
            total = sum(counts.values())
            if expect_findings:
                checks.check(total > 0 and len(counts) >= 2, f"{total} findings of {len(counts)} rules on the page")
            else:
                # A clean document: the page must say so, and there is nothing to filter.
                clean = driver.execute_script("return document.querySelectorAll('li.f').length === 0;")
                checks.check(clean and total == 0, "no findings on the page (a clean report): filters not exercised")
            if ran and total > 0 and len(counts) >= 2:
                rule = max(counts, key=lambda r: (counts[r], r))
                set_box(driver, f'#filters input[data-rule="{rule}"]', False)
                shown, hidden = visible_ids(driver, f'li.f[data-rule="{rule}"]')
                checks.check(
                    not shown and len(hidden) == counts[rule],
                    f"rule filter: unticking {rule} hides its {counts[rule]} findings",
                )
                shown, hidden = visible_ids(driver, f'li.f:not([data-rule="{rule}"])')
                checks.check(
                    not hidden and len(shown) == total - counts[rule],
                    f"rule filter: the other {total - counts[rule]} findings stay shown",
                )
                marks_on = driver.execute_script(
                    """
                    return [...document.querySelectorAll('mark[data-f]')].filter(m =>
                      m.dataset.f.split(' ').every(id =>
                        document.getElementById(id).dataset.rule === arguments[0])
                      && !m.classList.contains('off')).length;
                    """,
                    rule,
                )
                checks.check(marks_on == 0, f"rule filter: the text marks of {rule} alone are turned off")
                status = driver.find_element("id", "filter-status").text
                checks.check(
                    status.startswith(f"Showing {total - counts[rule]} of {total}"),
                    f"rule filter: the status says so ({status!r})",
                )
                set_box(driver, f'#filters input[data-rule="{rule}"]', True)
                shown, hidden = visible_ids(driver, "li.f")
                checks.check(not hidden, "rule filter: ticking it again shows every finding")

                sevs = driver.execute_script(
                    """
                    const c = {};
                    for (const f of document.querySelectorAll('li.f')) {
                      c[f.dataset.sev] = (c[f.dataset.sev] || 0) + 1;
                    }
                    return c;
                    """
                )
                sev = max(sevs, key=lambda s: (sevs[s], s))
                set_box(driver, f'#filters input[data-sev="{sev}"]', False)
                shown, hidden = visible_ids(driver, f'li.f[data-sev="{sev}"]')
                checks.check(
                    not shown and len(hidden) == sevs[sev],
                    f"severity filter: unticking {sev} hides its {sevs[sev]} findings",
                )
                shown, hidden = visible_ids(driver, f'li.f:not([data-sev="{sev}"])')
                checks.check(
                    not hidden and len(shown) == total - sevs[sev],
                    f"severity filter: the other {total - sevs[sev]} findings stay shown",
                )
                set_box(driver, f'#filters input[data-sev="{sev}"]', True)

                # "None", then one rule, with beads without shown findings left out.
                driver.execute_script("arguments[0].click()", driver.find_element("css selector", '#filters button[data-all="0"]'))
                shown, _ = visible_ids(driver, "li.f")
                checks.check(not shown, "'None' hides every finding")
                set_box(driver, f'#filters input[data-rule="{rule}"]', True)
                set_box(driver, "#only-hits", True)
                shown, hidden = visible_ids(driver, ".bead")
                expected = driver.execute_script(
                    "return [...document.querySelectorAll('.bead')]"
                    ".filter(b => b.querySelector(`li.f[data-rule='${arguments[0]}']`)).length",
                    rule,
                )
                checks.check(
                    len(shown) == expected and len(hidden) > 0,
                    f"'only beads with shown findings': {len(shown)} beads shown, {len(hidden)} left out",
                )
                set_box(driver, "#only-hits", False)
                driver.execute_script("arguments[0].click()", driver.find_element("css selector", '#filters button[data-all="1"]'))
                shown, hidden = visible_ids(driver, "li.f")
                checks.check(not hidden and len(shown) == total, "'All' shows every finding again")

            # 4. Print: no filter UI. Laying out a whole large project for print
            # takes minutes, so large pages are checked on their style sheet.
            beads = driver.execute_script("return document.querySelectorAll('.bead').length")
            if beads <= PRINT_LAYOUT_MAX_BEADS:
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
                checks.check(
                    not driver.find_element("id", "filters").is_displayed(),
                    "print: the filter panel is not printed",
                )
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
            else:
                checks.check(
                    driver.execute_script(
                        """
                        return [...document.styleSheets[0].cssRules].some(r =>
                          r.media && r.media.mediaText === 'print' && [...r.cssRules].some(x =>
                            /\.filters\b/.test(x.selectorText) && x.style.display === 'none'));
                        """
                    ),
                    f"print: the style sheet leaves the filter panel out ({beads} beads: not laid out)",
                )

            # 5. Screenshots.
            driver.execute_script("window.scrollTo(0, 0)")
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            checks.check(driver.save_screenshot(str(screenshot)), f"desktop screenshot: {screenshot}")
            phone = screenshot.with_name(screenshot.stem + "-phone" + screenshot.suffix)
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True},
            )
            driver.execute_script("window.scrollTo(0, 0)")
            time.sleep(0.2)
            wide = driver.execute_script("return document.documentElement.scrollWidth")
            checks.check(wide <= 375, f"phone: no sideways scrolling (page width {wide}px)")
            above = driver.execute_script(
                """
                const b = [...document.querySelectorAll('.bead')]
                  .find(b => b.querySelector('.s').textContent && b.querySelector('.t').textContent);
                if (!b) return null;
                const s = b.querySelector('.s').getBoundingClientRect();
                const t = b.querySelector('.t').getBoundingClientRect();
                return s.bottom <= t.top + 1;
                """
            )
            checks.check(above is not False, "phone: a bead's source is above its target")
            # Show the first document's beads rather than the page top.
            driver.execute_script(
                "const d = document.querySelector('.doc .bead.hit');"
                "if (d) window.scrollTo(0, d.getBoundingClientRect().top + scrollY - 120)"
            )
            checks.check(driver.save_screenshot(str(phone)), f"phone screenshot: {phone}")

            late = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            for e in late:
                print(f"     console: {e.get('message')}")
            checks.check(not late, "no SEVERE console messages while filtering")
        except WebDriverException as e:
            checks.check(False, f"the browser failed: {e.msg}")
        except Exception as e:  # noqa: BLE001 - a timeout of the driver connection, say
            checks.check(False, f"the browser did not answer: {e!r}")
        finally:
            driver.quit()

    if checks.failures:
        for f in checks.failures:
            print(f"report_browser: failed: {f}", file=sys.stderr)
        return 1
    print(f"report_browser: {html}: all checks passed")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, required=True, help="the report to open")
    parser.add_argument(
        "--screenshot",
        type=Path,
        required=True,
        help="desktop screenshot (PNG); the phone one is written beside it as NAME-phone.png",
    )
    parser.add_argument(
        "--clean",
        action="store_true",
        help="the report has no findings (a clean project): check that none show instead of filtering",
    )
    args = parser.parse_args()
    if not args.html.is_file():
        print(f"report_browser: no such file: {args.html}", file=sys.stderr)
        return 1
    return run(args.html, args.screenshot, expect_findings=not args.clean)


if __name__ == "__main__":
    sys.exit(main())
