"""The public pages of the site's top navigation."""
import re
from pathlib import Path

from flask import current_app, render_template

from . import bp


@bp.route("/")
def home():
    return render_template("main/home.html")


@bp.route("/menu")
def menu():
    return render_template("main/menu.html")


@bp.route("/certcenter/")
def certcenter():
    return render_template("main/certcenter.html")


@bp.route("/certcenter/about-financial-certificate")
def about_financial_certificate():
    return render_template("main/about_financial_certificate.html")


@bp.route("/certcenter/about-cloud-certificate")
def about_cloud_certificate():
    return render_template("main/about_cloud_certificate.html")


@bp.route("/help")
def help_center():
    return render_template("main/help.html")


ROOT = Path(__file__).resolve().parents[2]


def tested_with() -> dict:
    """Versions of the test tools, read from the repository so the statement stays true after an upgrade."""
    axe = sorted((ROOT / "tests" / "browser" / "vendor").glob("axe-*.min.js"))
    try:
        dev = (ROOT / "requirements-dev.txt").read_text("utf-8")
    except OSError:  # an install without the test files: the page names the tools without versions
        dev = ""
    playwright = re.search(r"^playwright==(\S+)", dev, re.M)
    return {"axe": axe[-1].name.removeprefix("axe-").removesuffix(".min.js") if axe else None,
            "playwright": playwright.group(1) if playwright else None}


@bp.route("/accessibility")
def accessibility():
    """접근성 안내: the standard, what was tested with which tools, known limits, where to report a barrier."""
    return render_template("main/accessibility.html", tools=tested_with(),
                           contact_email=current_app.config["ACCESSIBILITY_CONTACT_EMAIL"])
