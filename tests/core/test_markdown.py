"""Page bodies are Markdown rendered without any way to carry a script or load anything."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from consortium.core.markdown import render


def _html(source: str) -> BeautifulSoup:
    return BeautifulSoup(str(render(source)), "html.parser")


def _handlers(soup: BeautifulSoup) -> list[str]:
    return [a for tag in soup.find_all(True) for a in tag.attrs if a.lower().startswith("on")]


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Before <script src='https://evil.example/x.js'></script> after",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "<iframe src='https://evil.example'></iframe>",
        "<style>body { display: none }</style>",
        "<div onmouseover=alert(1)>hover</div>",
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_raw_html_is_shown_as_text_never_as_markup(source):
    soup = _html(source)
    assert soup.find(["script", "img", "iframe", "style", "svg", "div"]) is None
    assert _handlers(soup) == []
    # What was typed is still there for the reader to see, as text.
    assert soup.get_text().strip().startswith(source.split()[0][:4])


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "/en/admin/users",
        "//evil.example/",
        "#top",
    ],
)
def test_links_lead_only_to_http_https_and_mailto(target):
    soup = _html(f"[click]({target}) and <{target}>")
    assert [a["href"] for a in soup.find_all("a", href=True)] == []


def test_allowed_links_are_kept_and_marked_nofollow_noopener():
    soup = _html(
        "[Site](https://example.org/a?b=1) [Old](http://example.org) "
        "[Write](mailto:secretariat@consortium.example) <secretariat@consortium.example>"
    )
    links = soup.find_all("a")
    assert [a["href"] for a in links] == [
        "https://example.org/a?b=1",
        "http://example.org",
        "mailto:secretariat@consortium.example",
        "mailto:secretariat@consortium.example",
    ]
    assert all(a["rel"] == ["nofollow", "noopener"] for a in links)


def test_a_rel_or_target_written_by_hand_cannot_override_ours():
    soup = _html('[x](https://example.org "title")')
    (link,) = soup.find_all("a")
    assert link["rel"] == ["nofollow", "noopener"]
    assert "target" not in link.attrs


def test_images_are_never_loaded():
    """A page must not make the reader's browser contact another site."""
    soup = _html("![tracker](https://evil.example/pixel.png)")
    assert soup.find("img") is None


def test_the_page_title_stays_the_only_h1():
    soup = _html("# Section\n\n## Subsection\n\ntext")
    assert soup.find("h1") is None
    assert [h.name for h in soup.find_all(["h2", "h3"])] == ["h2", "h2"]


def test_ordinary_markdown_renders():
    soup = _html("Some **bold** and *em*.\n\n- one\n- two\n\nLine\\\nbreak")
    assert soup.find("strong").get_text() == "bold"
    assert soup.find("em").get_text() == "em"
    assert [li.get_text() for li in soup.find_all("li")] == ["one", "two"]
    assert soup.find("br") is not None
