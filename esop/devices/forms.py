"""단말기 지정 forms: the device's name (optional: derived from the browser when left empty)."""
from __future__ import annotations

from wtforms import StringField
from wtforms.validators import Length

from ..forms import EsopForm
from .service import NAME_MAX


class DeviceNameForm(EsopForm):
    name = StringField("단말기 이름", validators=[
        Length(max=NAME_MAX, message=f"단말기 이름은 {NAME_MAX}자 이내로 입력해 주십시오.")])
