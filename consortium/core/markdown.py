"""Markdown that people write (pages, statements), turned into HTML that cannot carry a script.

Two locks: markdown-it never passes raw HTML through (it is shown as text) and refuses
`javascript:`-style link targets; then nh3 keeps only the tags Markdown itself produces,
links only to http, https and mailto addresses, and marks every link `nofollow noopener`.
No images: a page must never make the reader's browser ask another site for anything.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_PARSER.disable("image")

TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a",
    "code", "pre", "blockquote", "hr",
}  # fmt: skip
SCHEMES = ("http://", "https://", "mailto:")
LINK_REL = "nofollow noopener"


def _only_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """Relative and protocol-relative addresses are dropped too: links only to the schemes."""
    if attribute == "href" and not value.strip().lower().startswith(SCHEMES):
        return None
    return value


def render(source: str) -> Markup:
    """Safe HTML for a page body. The page's own title is its only h1: `#` becomes h2."""
    env: dict = {}
    tokens = _PARSER.parse(source or "", env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
    html = _PARSER.renderer.render(tokens, _PARSER.options, env)
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href", "title"}, "ol": {"start"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
        attribute_filter=_only_absolute_links,
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704  # nosec B704 — sanitised by nh3 just above
