"""The app for bench/load.py: exactly app:app, with the 중복확인 per-flow and per-IP limits lifted so the
ID-check figure measures the fragment (its throttle bookkeeping still runs on every request)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import app  # noqa: E402,F401
from esop.signup import views_profile  # noqa: E402

views_profile.ID_CHECKS_PER_FLOW = views_profile.ID_CHECKS_PER_IP = 10 ** 9
