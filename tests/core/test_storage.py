"""Uploaded files: server-chosen names, content checks, size limit, keys, private serving."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_babel import force_locale
from werkzeug.exceptions import NotFound

from consortium.core import storage
from consortium.core.storage import (
    DOCUMENTS,
    IMAGES,
    JPEG,
    PDF,
    PNG,
    FileTooLarge,
    InvalidKey,
    LocalStorage,
    Storage,
    StoredFile,
    UnacceptedFileType,
    send_stored,
)

# A real 1×1 PNG, so the bytes are what a browser would send.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class Trickle(io.RawIOBase):
    """A stream that hands out at most a few bytes per read, as a slow socket does."""

    def __init__(self, data: bytes, step: int = 3) -> None:
        self._data, self._step, self._at = data, step, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self._data[self._at : self._at + min(self._step, size if size > 0 else 1 << 30)]
        self._at += len(chunk)
        return chunk


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def everything_under(root: Path) -> list[Path]:
    return list(root.rglob("*")) if root.exists() else []


@pytest.fixture
def local(tmp_path) -> LocalStorage:
    return LocalStorage(tmp_path / "uploads", max_bytes=1024)


def test_a_png_is_kept_under_a_server_chosen_name_and_reads_back_identical(local):
    stored = local.save(io.BytesIO(TINY_PNG), filename="../../app/config.py", accept=IMAGES)

    assert stored.content_type == "image/png"
    assert stored.size == len(TINY_PNG)
    assert stored.sha256 == hashlib.sha256(TINY_PNG).hexdigest()
    # The name is the server's: sharded random hex with the detected type's extension.
    first, second, name = stored.key.split("/")
    assert name.startswith(first + second) and name.endswith(".png") and len(name) == 36
    assert "config" not in stored.key
    (path,) = files_under(local.root)
    assert path == local.root / stored.key
    assert path.resolve().is_relative_to(local.root.resolve())
    # The uploader's name survives only as a display name, without its folders.
    assert stored.filename == "config.py.png"
    with local.open(stored.key) as handle:
        assert handle.read() == TINY_PNG
    assert local.exists(stored.key)
    local.delete(stored.key)
    assert not local.exists(stored.key)
    local.delete(stored.key)  # a second clean-up is not an error


def test_size_and_checksum_are_computed_while_streaming_short_reads(local):
    stored = local.save(Trickle(PDF_BYTES), filename="report.PDF", accept=DOCUMENTS)
    assert (stored.content_type, stored.size) == ("application/pdf", len(PDF_BYTES))
    assert stored.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert stored.filename == "report.PDF"
    assert stored.key.endswith(".pdf")


@pytest.mark.parametrize(
    ("content", "accept"),
    [
        (b"<!DOCTYPE html><script>alert(1)</script>", IMAGES),  # HTML named photo.png
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100, IMAGES),  # a Windows .exe
        (b"", IMAGES),  # an empty file
        (b"\x89PN", IMAGES),  # cut off before the type is known
        (PDF_BYTES, IMAGES),  # a real type, but not one this upload accepts
        (TINY_PNG, DOCUMENTS),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', IMAGES),
    ],
    ids=["html", "exe", "empty", "truncated", "pdf-as-image", "png-as-document", "svg"],
)
def test_a_file_whose_content_is_not_accepted_is_refused_and_nothing_is_left(
    local, content, accept
):
    with pytest.raises(UnacceptedFileType):
        local.save(io.BytesIO(content), filename="photo.png", accept=accept)
    assert everything_under(local.root) == []


def test_an_oversize_file_is_refused_and_nothing_is_left(local):
    big = TINY_PNG + b"\x00" * 2000
    with pytest.raises(FileTooLarge) as refusal:
        local.save(io.BytesIO(big), filename="big.png", accept=IMAGES)
    assert refusal.value.limit == 1024
    assert everything_under(local.root) == []  # no temporary file, no empty shard folder


def test_the_limit_can_be_set_per_upload_and_is_inclusive(local):
    exact = TINY_PNG + b"\x00" * (100 - len(TINY_PNG))
    assert local.save(io.BytesIO(exact), filename="a.png", accept=IMAGES, max_bytes=100).size == 100
    with pytest.raises(FileTooLarge):
        local.save(io.BytesIO(exact + b"\x00"), filename="a.png", accept=IMAGES, max_bytes=100)
    assert len(files_under(local.root)) == 1


def test_refusals_speak_the_readers_language(app):
    error = FileTooLarge(10 * 1024 * 1024)
    with app.test_request_context("/en/"):
        assert str(error.message) == "The file is too large (at most 10 MB)."
        assert str(UnacceptedFileType().message) == "This kind of file is not accepted."
        assert str(FileTooLarge(1536 * 1024).message) == "The file is too large (at most 1.5 MB)."
        with force_locale("hr"):
            # A decimal comma in Croatian, whether or not the sentence is translated yet.
            assert "1,5 MB" in str(FileTooLarge(1536 * 1024).message)


@pytest.mark.parametrize(
    "key",
    [
        "../secret.png",
        "ab/../../etc/passwd",
        "/etc/passwd",
        "ab/cd/../../../x.png",
        "ab\\cd\\" + "0" * 32 + ".png",
        "AB/CD/" + "0" * 32 + ".png",
        "ab/cd/" + "0" * 32 + ".html",
        "ab/cd/" + "0" * 32 + ".png\x00",
        "",
    ],
)
def test_a_key_the_storage_did_not_make_is_refused(local, key):
    for call in (local.open, local.delete, local.exists):
        with pytest.raises(InvalidKey):
            call(key)


def test_a_symlink_out_of_the_root_is_refused(local, tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(TINY_PNG)
    key = "ab/cd/" + "0" * 32 + ".png"
    (local.root / "ab" / "cd").mkdir(parents=True)
    (local.root / key).symlink_to(outside)
    with pytest.raises(InvalidKey):
        local.open(key)


@pytest.mark.parametrize(
    ("uploaded", "kind", "shown"),
    [
        ("C:\\Users\\dara\\Desktop\\logo.png", PNG, "logo.png"),
        ("logo\r\nSet-Cookie: x=1.png", PNG, "logo Set-Cookie: x=1.png"),
        ("photo\u202egnp.exe", PNG, "photo gnp.exe.png"),  # a right-to-left override, defused
        ("Izveštaj — Ђорђе.jpeg", JPEG, "Izveštaj — Ђорђе.jpeg"),
        ("scan.JPG", JPEG, "scan.JPG"),
        ("scan.jpg", PNG, "scan.jpg.png"),  # the name's extension follows the content
        ("..", PNG, "fallback.png"),
        (None, PDF, "fallback.pdf"),
        ("  spaced   out  .PNG", PNG, "spaced out.PNG"),
        ("x" * 300 + ".png", PNG, "x" * 196 + ".png"),
    ],
)
def test_the_uploaders_file_name_is_kept_only_as_one_safe_line(uploaded, kind, shown):
    name = storage.display_name(uploaded, kind, fallback="fallback")
    assert name == shown
    assert len(name) <= storage.MAX_FILENAME


@pytest.fixture
def uploads(app, tmp_path) -> Iterator[Storage]:
    """The app's storage on a root of this test's own; the app's own is put back after."""
    previous = app.extensions.get(storage.EXTENSION_KEY)
    app.config.update(UPLOAD_ROOT=str(tmp_path / "uploads"), UPLOAD_MAX_BYTES=2048)
    storage.init_app(app)
    yield storage.current_storage()
    if previous is None:
        app.extensions.pop(storage.EXTENSION_KEY, None)
    else:
        app.extensions[storage.EXTENSION_KEY] = previous


def test_init_app_uses_the_configured_root_and_limit(uploads, tmp_path):
    assert isinstance(uploads, LocalStorage)
    assert (uploads.root, uploads.max_bytes) == (tmp_path / "uploads", 2048)


def test_uploads_may_not_live_in_the_static_folder(app, uploads):
    app.config["UPLOAD_ROOT"] = str(Path(app.static_folder) / "uploads")
    with pytest.raises(RuntimeError, match="static folder"):
        storage.init_app(app)


def test_the_default_root_is_outside_the_package():
    from consortium.config import BaseConfig

    package = Path(storage.__file__).resolve().parents[1]
    assert not Path(BaseConfig.UPLOAD_ROOT).resolve().is_relative_to(package)


@pytest.fixture
def stored_png(uploads) -> StoredFile:
    return uploads.save(io.BytesIO(TINY_PNG), filename="Logo ČSO.png", accept=IMAGES)


def test_a_refused_reader_gets_404_as_if_the_file_did_not_exist(app, stored_png):
    with app.test_request_context("/en/"), pytest.raises(NotFound) as refusal:
        send_stored(stored_png, allowed=False)
    assert refusal.value.code == 404


def test_a_missing_file_is_a_404(app, uploads, stored_png):
    uploads.delete(stored_png.key)
    with app.test_request_context("/en/"), pytest.raises(NotFound):
        send_stored(stored_png, allowed=True)


def test_an_allowed_reader_gets_the_file_with_protective_headers(app, stored_png):
    with app.test_request_context("/en/"):
        response = send_stored(stored_png, allowed=True)
        response.direct_passthrough = False
        try:
            assert response.get_data() == TINY_PNG
        finally:
            response.close()
    headers = response.headers
    assert headers["Content-Type"] == "image/png"
    # RFC 6266: an ASCII fallback and the UTF-8 name.
    assert headers["Content-Disposition"] == (
        "attachment; filename=\"Logo CSO.png\"; filename*=UTF-8''Logo%20%C4%8CSO.png"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert headers["Cache-Control"] == "private, no-store"


def test_a_file_can_be_shown_inline(app, stored_png):
    with app.test_request_context("/en/"):
        response = send_stored(stored_png, allowed=True, as_attachment=False)
        response.close()
    assert response.headers["Content-Disposition"].startswith("inline; ")


def test_a_damaged_content_type_is_never_served_as_a_page(app, stored_png):
    damaged = StoredFile(
        key=stored_png.key,
        content_type="text/html",
        size=stored_png.size,
        sha256=stored_png.sha256,
        filename="x.html",
    )
    with app.test_request_context("/en/"):
        response = send_stored(damaged, allowed=True)
        response.close()
    assert response.mimetype == "application/octet-stream"


def test_the_page_headers_do_not_override_the_files_own(fresh_app, tmp_path):
    """Through a real view, the site-wide after_request hook keeps the stricter headers."""
    fresh_app.config["UPLOAD_ROOT"] = str(tmp_path / "uploads")
    storage.init_app(fresh_app)
    stored = storage.current_storage().save(io.BytesIO(TINY_PNG), filename="a.png", accept=IMAGES)

    def logo(**_view_args):
        return send_stored(stored, allowed=True, as_attachment=False)

    def hidden(**_view_args):
        return send_stored(stored, allowed=False)

    fresh_app.add_url_rule("/<lang:lang>/test-logo", "test_logo", logo)
    fresh_app.add_url_rule("/<lang:lang>/test-hidden", "test_hidden", hidden)
    client = fresh_app.test_client()
    response = client.get("/en/test-logo")
    assert response.status_code == 200 and response.data == TINY_PNG
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["Cache-Control"] == "private, no-store"
    hidden_response = client.get("/en/test-hidden")
    assert hidden_response.status_code == 404
    assert hidden_response.headers["Content-Security-Policy"] != "default-src 'none'; sandbox"
