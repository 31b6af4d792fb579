"""A logging filter that masks anything shaped like a resident registration number."""
from __future__ import annotations

import logging
import re
import traceback

# 6 digits (YYMMDD), optional separator, 7 digits starting 0-9: RRNs and foreigner numbers.
_RRN = re.compile(r"(?<!\d)(\d{6})[\s\-–]?(\d)(\d{6})(?!\d)")


def mask_rrns(text: str) -> str:
    return _RRN.sub(lambda m: f"{m.group(1)}-{m.group(2)}******", text)


class RrnMaskingFilter(logging.Filter):
    """Formats the message itself, masks it, and drops the args so nothing unmasked remains."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the log line
            message = str(record.msg)
        record.msg, record.args = mask_rrns(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info))
        if record.exc_text:
            record.exc_text = mask_rrns(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_rrns(record.stack_info)
        return True


_mask = RrnMaskingFilter()


def install() -> None:
    """Mask at record creation, so every handler (files, stderr, test capture) sees masked text."""
    current = logging.getLogRecordFactory()
    if getattr(current, "_esop_masking", False):
        return

    def factory(*args, **kwargs):
        record = current(*args, **kwargs)
        _mask.filter(record)
        return record

    # Other wrappers (requestlog's request id) keep their marks, so neither wraps again on the next
    # create_app: a chain that grew per app would end in a RecursionError.
    factory.__dict__.update({k: v for k, v in vars(current).items() if k.startswith("_esop_")})
    factory._esop_masking = True
    logging.setLogRecordFactory(factory)
