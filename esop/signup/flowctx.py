"""The sign-up wizard's guard: the one engine's guard over the sign-up step table (STYLE 15)."""
from __future__ import annotations

from ..flowengine import requires
from ..models.flow import SIGNUP


def requires_step(step: str):
    """The view runs only when the flow has reached `step`; otherwise send the member where they belong."""
    return requires(SIGNUP, step)
