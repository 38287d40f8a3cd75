"""Uploaded files: a storage interface, a local backend, content checks and private serving.

Domains (logos, documents, expert photos) depend on the `Storage` protocol, never on the
disk, after Warehouse `packaging/interfaces.py: IFileStorage`; they keep a `StoredFile`'s
fields on their own rows (key, content type, size, checksum, display name), after Indico
`core/storage/models.py: StoredFileMixin`.

What the server decides, never the uploader: the stored name (a random key, with the
extension of the detected type), the content type (from the file's first bytes, checked
against what the caller accepts) and the size limit. The uploader's file name is kept only
as one sanitised line to show and to offer as the download name. Files are served only
through a view that asks the policy first (`send_stored`).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from babel.units import format_unit
from flask import Flask, Response, current_app, send_file
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from werkzeug.exceptions import NotFound

from consortium.config import ROOT, BaseConfig
from consortium.core.authz import require
from consortium.core.errors import DomainError
from consortium.core.text import single_line

EXTENSION_KEY = "consortium.storage"
CHUNK_SIZE = 64 * 1024
MAX_FILENAME = 200
# Enough bytes to tell every known type apart (WebP needs 12: RIFF, size, WEBP).
_HEAD_SIZE = 16


@dataclass(frozen=True)
class FileType:
    """A kind of file the platform accepts: its one content type and stored extension."""

    content_type: str
    extension: str
    # Extensions an uploader's file name may already end with for this type.
    aliases: tuple[str, ...] = field(default=())

    @property
    def suffixes(self) -> frozenset[str]:
        return frozenset((self.extension, *self.aliases))


PNG = FileType("image/png", "png")
JPEG = FileType("image/jpeg", "jpg", aliases=("jpeg",))
WEBP = FileType("image/webp", "webp")
GIF = FileType("image/gif", "gif")
PDF = FileType("application/pdf", "pdf")

# Named sets for `accept`. No SVG (it can carry scripts) and no zip-based office formats
# (telling a .docx from any zip needs more than its first bytes).
IMAGES: frozenset[FileType] = frozenset({PNG, JPEG, WEBP, GIF})
DOCUMENTS: frozenset[FileType] = frozenset({PDF})
KNOWN: frozenset[FileType] = IMAGES | DOCUMENTS

_KEY = re.compile(
    r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}\.(?:"
    + "|".join(sorted(re.escape(kind.extension) for kind in KNOWN))
    + r")"
)


def detect(head: bytes) -> FileType | None:
    """The type the file's first bytes declare, whatever its name says; None if unknown."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def format_size(size: int) -> str:
    """A size limit in the reader's language: "10 MB", "1,5 MB", "500 kB" (binary units)."""
    locale = get_locale() or "en"
    if size >= 1024 * 1024:
        return format_unit(round(size / 1024**2, 1), "digital-megabyte", "short", locale=locale)
    return format_unit(round(size / 1024, 1), "digital-kilobyte", "short", locale=locale)


class UnacceptedFileType(DomainError):
    """The file's content is not one of the types this upload accepts."""

    default_message = _l("This kind of file is not accepted.")


class FileTooLarge(DomainError):
    """The file is larger than this upload's limit."""

    def __init__(self, limit: int) -> None:
        # The size is formatted when the message is shown, in the reader's language.
        super().__init__(
            _l("The file is too large (at most %(size)s).", size=LazyString(format_size, limit))
        )
        self.limit = limit


class InvalidKey(ValueError):
    """A key that the storage did not make: never resolved to a path."""


@dataclass(frozen=True)
class StoredFile:
    """What a domain keeps on its row about one stored file."""

    key: str  # the storage's name for it: random, chosen by the server
    content_type: str  # detected from the content
    size: int  # bytes
    sha256: str  # hex digest of the content
    filename: str  # the uploader's name, sanitised, for display and download only


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class Storage(Protocol):
    """Where uploaded files are kept; a cloud backend would implement the same four calls."""

    def save(
        self,
        stream: Readable,
        *,
        filename: str | None,
        accept: Collection[FileType],
        max_bytes: int | None = None,
    ) -> StoredFile: ...

    def open(self, key: str) -> BinaryIO: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...


class LocalStorage:
    """Files on the local disk under `root`, sharded as `ab/cd/<uuid hex>.<ext>`."""

    def __init__(self, root: Path, *, max_bytes: int = BaseConfig.UPLOAD_MAX_BYTES) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes

    def save(
        self,
        stream: Readable,
        *,
        filename: str | None,
        accept: Collection[FileType],
        max_bytes: int | None = None,
    ) -> StoredFile:
        """Check and keep an upload; raises `UnacceptedFileType` or `FileTooLarge`.

        The content goes to a temporary file in the root (same file system, so the final
        rename is atomic) and is renamed into place only once it has passed every check:
        a refusal leaves no file, not even an empty folder.
        """
        limit = self.max_bytes if max_bytes is None else max_bytes
        head = _read_head(stream)
        kind = detect(head)
        if kind is None or kind not in accept:
            raise UnacceptedFileType()
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        descriptor, temporary = tempfile.mkstemp(dir=self.root, prefix=".incoming-", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as out:
                chunk = head
                while chunk:
                    size += len(chunk)
                    if size > limit:
                        # Stop reading at once: the rest of a huge upload is never written.
                        raise FileTooLarge(limit)
                    digest.update(chunk)
                    out.write(chunk)
                    chunk = stream.read(CHUNK_SIZE)
                out.flush()
                os.fsync(out.fileno())
            key = _new_key(kind)
            target = self._path(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return StoredFile(
            key=key,
            content_type=kind.content_type,
            size=size,
            sha256=digest.hexdigest(),
            filename=display_name(filename, kind, fallback=Path(key).stem[:12]),
        )

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def delete(self, key: str) -> None:
        # Deleting twice is not an error: a retried clean-up must not fail.
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def _path(self, key: str) -> Path:
        """The file for a key this storage made; anything else raises `InvalidKey`."""
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise InvalidKey(f"not a storage key: {key!r}")
        root = self.root.resolve()
        path = (root / key).resolve()
        # The pattern already rules out `..` and absolute paths; this also catches a symlink
        # planted inside the root that points elsewhere.
        if not path.is_relative_to(root):
            raise InvalidKey(f"key leaves the storage root: {key!r}")
        return path


def _read_head(stream: Readable) -> bytes:
    """The first bytes, read until there are enough to detect the type (or the file ends)."""
    head = b""
    while len(head) < _HEAD_SIZE:
        chunk = stream.read(CHUNK_SIZE)
        if not chunk:
            break
        head += chunk
    return head


def _new_key(kind: FileType) -> str:
    name = uuid.uuid4().hex
    return f"{name[:2]}/{name[2:4]}/{name}.{kind.extension}"


def display_name(filename: str | None, kind: FileType, *, fallback: str = "file") -> str:
    """The uploader's file name made safe to show and to offer as a download name.

    One line, no folders, no control or bidirectional characters (which can make
    `photo<U+202E>gnp.exe` look like `photoexe.png`), at most 200 characters, and ending with an
    extension of the detected type so that the saved download opens as what it is.
    """
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in name)
    name = single_line(name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if dot and stem and extension.lower() in kind.suffixes:
        name, suffix = stem, f".{extension}"
    else:
        suffix = f".{kind.extension}"
    name = name[: MAX_FILENAME - len(suffix)].rstrip(" .") or fallback
    return name + suffix


def init_app(app: Flask) -> None:
    """Serve this app's uploads from `UPLOAD_ROOT`, which must lie outside the static folder."""
    root = Path(app.config["UPLOAD_ROOT"])
    if not root.is_absolute():
        root = ROOT / root
    static = app.static_folder
    if static and root.resolve().is_relative_to(Path(static).resolve()):
        raise RuntimeError(
            f"UPLOAD_ROOT ({root}) must not be inside the static folder: uploads are served "
            "only through views that ask the policy"
        )
    app.extensions[EXTENSION_KEY] = LocalStorage(root, max_bytes=app.config["UPLOAD_MAX_BYTES"])


def current_storage() -> Storage:
    try:
        return current_app.extensions[EXTENSION_KEY]
    except KeyError:
        raise RuntimeError("storage.init_app(app) has not been called") from None


def send_stored(stored: StoredFile, *, allowed: bool, as_attachment: bool = True) -> Response:
    """A view's answer with a stored file: 404 unless the policy `allowed` it.

    The headers keep a file from acting as a page of this site: its type is never sniffed,
    it runs nothing (an empty, sandboxed CSP), and it never sits in a shared cache.
    """
    require(allowed, hide=True)
    try:
        handle = current_storage().open(stored.key)
    except FileNotFoundError:
        current_app.logger.error("Stored file %s is missing from the storage", stored.key)
        raise NotFound() from None
    # A content type outside the allowlist (a damaged row) is never served as such.
    known = {kind.content_type for kind in KNOWN}
    mimetype = stored.content_type if stored.content_type in known else "application/octet-stream"
    response = send_file(
        handle,
        mimetype=mimetype,
        as_attachment=as_attachment,
        download_name=stored.filename,
        conditional=False,
        etag=False,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
