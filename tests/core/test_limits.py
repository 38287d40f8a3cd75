"""Request size limits: 413 in the page's language, problem+json on the API."""

from __future__ import annotations

import io

from bs4 import BeautifulSoup
from flask import request
from flask_babel import force_locale

from consortium.config import BaseConfig, TestingConfig
from consortium.core import storage
from consortium.core.errors import TITLES
from consortium.core.requests import accepts_uploads

MIB = 1024 * 1024


def _translated_title(app, catalog: str) -> str:
    with app.test_request_context("/"), force_locale(catalog):
        return str(TITLES[413])


def test_the_request_limit_sits_a_little_above_the_upload_limit():
    limits = (
        BaseConfig.UPLOAD_MAX_BYTES,
        BaseConfig.UPLOAD_REQUEST_MAX_BYTES,
        BaseConfig.MAX_CONTENT_LENGTH,
    )
    # Uploads a little above the file limit; every other body far below it.
    assert limits == (10 * MIB, 12 * MIB, 2 * MIB)
    assert TestingConfig.MAX_CONTENT_LENGTH == BaseConfig.MAX_CONTENT_LENGTH


def test_a_13_mib_form_gets_the_413_page_in_albanian(client):
    body = b"email=x%40example.org&password=" + b"a" * (13 * MIB)
    response = client.post("/sq/login", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    page = BeautifulSoup(response.data, "html.parser")
    assert page.html["lang"] == "sq"
    title = _translated_title(client.application, "sq")
    assert title != "Too large"  # the catalog really has it
    assert page.h1.get_text(" ", strip=True).startswith(title)
    assert "(413)" in page.h1.get_text()
    assert page.title.get_text().startswith(title)


def test_the_api_answers_413_as_problem_json(fresh_app):
    def echo():
        return {"received": len(request.get_json())}

    fresh_app.add_url_rule("/api/v1/test-echo", "test_echo", echo, methods=["POST"])
    client = fresh_app.test_client()
    small = client.post("/api/v1/test-echo", json=[1, 2, 3])
    assert small.status_code == 200 and small.get_json() == {"received": 3}

    body = b"[" + b"0," * (13 * MIB // 2) + b"0]"
    response = client.post("/api/v1/test-echo", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 413 and problem["title"] == "Too large"
    assert problem["detail"] == "What you sent is too large."


def test_a_file_slightly_over_the_upload_limit_gets_the_friendly_message(fresh_app, tmp_path):
    """10 MIB + 1 byte passes the request limit, so the storage explains what is allowed."""
    fresh_app.config["UPLOAD_ROOT"] = str(tmp_path / "uploads")
    storage.init_app(fresh_app)

    def upload(**_view_args):
        storage.current_storage().save(
            request.files["file"], filename=request.files["file"].filename, accept=storage.IMAGES
        )
        return "stored"

    fresh_app.add_url_rule(
        "/<lang:lang>/test-upload", "test_upload", accepts_uploads(upload), methods=["POST"]
    )
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * (10 * MIB - 7)
    response = fresh_app.test_client().post(
        "/en/test-upload", data={"file": (io.BytesIO(png), "big.png")}
    )
    assert response.status_code == 400
    text = BeautifulSoup(response.data, "html.parser").get_text(" ")
    assert "The file is too large (at most 10 MB)." in text
    assert not [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]
