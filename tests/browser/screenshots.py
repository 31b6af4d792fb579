"""`make screenshots`: every main page and sign-up step at 1280 px and 320 px wide, as PNGs for a person
to review the look (issue 9). Not a test: it asserts nothing, and its output is not committed.

    .venv/bin/python tests/browser/screenshots.py [--out screenshots] [--chromium /usr/bin/chromium]

The app is started the way the browser tests start it (serverkit.serve_app, demo data, SQLite in a
temporary directory) and the sign-up is walked with the browser tests' own helpers (signup_walk).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent), str(HERE)]  # as pytest.ini's pythonpath

from serverkit import serve_app  # noqa: E402
import signup_walk  # noqa: E402

WIDTHS = {"desktop-1280": (1280, 900), "narrow-320": (320, 720)}
PAGES = [("home", "/"), ("menu", "/menu"), ("login", "/login"), ("certcenter", "/certcenter/"),
         ("about-financial-certificate", "/certcenter/about-financial-certificate"),
         ("about-cloud-certificate", "/certcenter/about-cloud-certificate"), ("help", "/help"),
         ("accessibility", "/accessibility"), ("loan-limit", "/loan/limit"), ("not-found", "/no-such-page")]
MEMBER_PAGES = [("mypage", "/account/"), ("mypage-profile", "/account/profile"), ("mypage-security", "/account/security")]


def shoot(page, out: Path, width_name: str, name: str, shots: list) -> None:
    page.wait_for_load_state("networkidle")
    number = sum(1 for s in shots if s.parent.name == width_name) + 1  # files sort in walking order
    path = out / width_name / f"{number:02d}-{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    shots.append(path)


def login(page, base, user_id="hong1234", password="Esop#2026"):
    page.goto(base + "/login")
    page.locator("#user_id").fill(user_id)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("#password").press("Enter")


def walk(browser, base: str, out: Path, width_name: str, size: tuple[int, int], shots: list) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="ko-KR")
    context.set_default_timeout(15000)
    page = context.new_page()
    snap = lambda name: shoot(page, out, width_name, name, shots)  # noqa: E731

    for name, path in PAGES:
        page.goto(base + path)
        snap(name)

    # 로그인 with a wrong password: the error summary state.
    page.goto(base + "/login")
    page.locator("#user_id").fill("hong1234")
    page.locator("#password").fill("wrong-password")
    with page.expect_navigation():
        page.locator("#password").press("Enter")
    snap("login-error")

    # 회원가입 2-1 … 2-4, walked by the browser tests' helpers.
    page.goto(base + "/signup/?restart=1")
    snap("signup-2-1-terms")
    page.get_by_role("button", name="확인").click()
    page.wait_for_selector(".error-summary")
    snap("signup-2-1-terms-errors")
    signup_walk.walk_to_consent_dialog(page, base)
    snap("signup-2-2-consent-dialog")
    signup_walk.walk_to_code_sent(page, base)
    snap("signup-2-3-identity-code-sent")
    signup_walk.walk_to_profile(page, base)
    snap("signup-2-4-profile")
    page.get_by_role("button", name="확인", exact=True).click()
    page.wait_for_selector(".error-summary")
    snap("signup-2-4-profile-errors")

    # 마이페이지 of the demo member.
    context.clear_cookies()
    login(page, base)
    for name, path in MEMBER_PAGES:
        page.goto(base + path)
        snap(name)
    context.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(HERE.parents[1] / "screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if not Path(args.chromium).exists():
        print(f"Debian's Chromium is not at {args.chromium} (apt-get install chromium fonts-noto-cjk)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright
    shots: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="esop-screens-") as tmp, \
            serve_app(Path(tmp), f"sqlite:///{Path(tmp) / 'esop.db'}") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        for width_name, size in WIDTHS.items():
            walk(browser, base, out, width_name, size, shots)
        browser.close()
    print(f"{len(shots)} screenshots in {out}/ ({', '.join(WIDTHS)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
