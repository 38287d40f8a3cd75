"""The forms of a page as a browser would submit them: the CSRF token, hidden fields,
checked radios and boxes, selected options, textareas. Shared by the locustfile and the
drills' probes (run.py), which must not import Locust (it patches the standard library)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class FormParser(HTMLParser):
    """Every <form> of a page: method, action, and the values a browser would submit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"method": a.get("method", "get").lower(), "action": a.get("action", ""),
                          "fields": {}, "names": set(), "buttons": {}}  # fmt: skip
            self.forms.append(self._form)
            return
        if self._form is None or "name" not in a:
            return
        name, fields = a["name"], self._form["fields"]
        self._form["names"].add(name)
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "submit":
                self._form["buttons"][name] = a.get("value", "")
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.setdefault(name, []).append(a.get("value", "on"))
            else:
                fields[name] = [a.get("value", "")]
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._form["buttons"][name] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            fields[name] = [""]
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            fields.setdefault(self._select, []).append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            # A browser drops the one line break (CRLF from WTForms) that follows <textarea>.
            if self._form is not None and self._textarea:
                value = self._form["fields"][self._textarea][0]
                if value.startswith("\r\n"):
                    value = value[2:]
                elif value.startswith("\n"):
                    value = value[1:]
                self._form["fields"][self._textarea][0] = value
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def form_with(html: str, field: str) -> dict[str, Any] | None:
    parser = FormParser()
    parser.feed(html)
    return next((f for f in parser.forms if f["method"] == "post" and field in f["names"]), None)


def pairs(fields: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, values in fields.items() for value in values]
