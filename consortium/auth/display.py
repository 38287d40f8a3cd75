"""How sessions are named on the account page."""

from __future__ import annotations

from werkzeug.user_agent import UserAgent


def user_agent_label(user_agent: str | None) -> str:
    """A short name for a browser, enough to recognise one's own devices."""
    text = user_agent or ""
    for browser in ("Edg", "Firefox", "Chrome", "Safari"):
        if browser in text:
            name = "Edge" if browser == "Edg" else browser
            break
    else:
        name = UserAgent(text).browser or "?"
    for system in ("Android", "iPhone", "iPad", "Windows", "Mac OS X", "Linux"):
        if system in text:
            return f"{name}, {system.replace('Mac OS X', 'macOS')}"
    return name
