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


# Manual 3 / 3-2 전체메뉴: issuing and renewing happen elsewhere; these pages say where.
@bp.route("/certcenter/cloud-certificate/issue")
def cloud_certificate_issue():
    return render_template("main/cloud_certificate_issue.html")


@bp.route("/certcenter/cloud-certificate/renew")
def cloud_certificate_renew():
    return render_template("main/cloud_certificate_renew.html")


@bp.route("/certcenter/about-joint-certificate")
def about_joint_certificate():
    return render_template("main/about_joint_certificate.html")


@bp.route("/certcenter/joint-certificate/issue")
def joint_certificate_issue():
    return render_template("main/joint_certificate_issue.html")


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
