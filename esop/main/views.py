"""The public pages of the site's top navigation."""
from flask import render_template

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
