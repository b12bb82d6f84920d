"""The server-error page and the log line that goes with it (issue 14 §14).

With DEBUG off (always in production, and in the demo), an unexpected error shows a Chinese page with a reference
number — the request id, also sent as ``X-Request-ID`` — and never a traceback; the traceback is logged by Django's
``django.request`` logger, and ``RequestIdFilter`` puts the same reference on every log line of the request, so an
administrator finds the traceback by the number the user reports.
"""

from __future__ import annotations

import logging
import uuid

from django.http import HttpResponseServerError
from django.template import loader

from fazhi.core import context


def server_error(request, *args, **kwargs):
    """``handler500``: a self-contained page (no database, no navigation: the error may be the database)."""
    reference = getattr(request, "request_id", "") or context.current().request_id or uuid.uuid4().hex
    try:
        body = loader.get_template("core/server_error.html").render({"reference": reference})
    except Exception:  # the template system itself failed: still no traceback
        body = f"<h1>系统出现错误</h1><p>参考编号：{reference}</p>"
    response = HttpResponseServerError(body, content_type="text/html; charset=utf-8")
    response["X-Request-ID"] = reference
    return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (the page's reference number) to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.current().request_id or "-"
        return True
