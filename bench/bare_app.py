"""The anchor of bench/load.py (issue 15): a bare Flask app with one route returning 'hello', served by
its own gunicorn with the same configuration as esop, so every ratio is against Flask itself and not
against esop's own hooks (bench/benchapp.py's /bench/hello carries those)."""
from flask import Flask

app = Flask(__name__)


@app.route("/hello")
@app.route("/hello/")  # what tests/serverkit.wait_up asks for
def hello():
    return "hello"
