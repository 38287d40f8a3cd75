"""The request class: one body-size limit for ordinary requests, a larger one for uploads.

Werkzeug refuses a body larger than `max_content_length` from its Content-Length, before
reading it (and stops a chunked one at the limit), with a 413. Views that take files say
so with `@accepts_uploads`; everything else, including the CSRF check that reads the form
before the view runs, gets MAX_CONTENT_LENGTH.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Request, current_app


def accepts_uploads(view: Callable) -> Callable:
    view.accepts_uploads = True  # type: ignore[attr-defined]
    return view


class ConsortiumRequest(Request):
    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and self.url_rule is not None:
            view = current_app.view_functions.get(self.url_rule.endpoint)
            if getattr(view, "accepts_uploads", False):
                return int(current_app.config["UPLOAD_REQUEST_MAX_BYTES"])
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: Any) -> None:
        self._max_content_length = value
