"""Resolve ``proof.file`` / ``proof.thumb`` storage URLs to document bytes.

A proof's URL names where its bytes live, and the URL scheme picks the
store that can read them:

* ``file://`` — the embedded/demo install keeps documents in the user data
  directory. URLs are built with :meth:`pathlib.Path.as_uri` and read back
  with :func:`urllib.request.url2pathname`, so ``file:///C:/...`` and UNC
  paths work on Windows and ``file:///home/...`` elsewhere.
* ``db://document_blobs/<uuid>`` — bytes in the central database's
  ``document_blobs`` table, for installations without shared storage.
* ``s3://`` — S3-compatible object storage where configured, added as one
  more :class:`DocumentStore` implementation.

The UI holds one :class:`DocumentResolver`, built in ``app/`` with the
stores that installation has, and never looks at schemes itself.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit
from urllib.request import url2pathname

from sqlalchemy import text

from services.errors import Refusal

# Larger uploads are refused by intake; anything bigger here is a mistake or
# an attack, and reading it whole would exhaust a workstation's memory.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_MEDIA_TYPES_BY_SUFFIX = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
}
_UNKNOWN_MEDIA_TYPE = "application/octet-stream"


class DocumentStoreError(Refusal):
    """A stored document could not be fetched; ``message`` is for the reviewer (a UI slot catches Refusal)."""


class DocumentMissing(DocumentStoreError):
    """The URL is well-formed but nothing is stored there (any more)."""


class UnsupportedDocumentUrl(DocumentStoreError):
    """The URL is malformed or names a storage this installation cannot reach."""


@dataclass(frozen=True)
class StoredDocument:
    """A document's bytes and what the store says they are."""

    url: str
    content: bytes
    media_type: str


class DocumentStore(Protocol):
    """One storage backend, responsible for the URLs of one scheme."""

    @property
    def scheme(self) -> str: ...

    async def fetch(self, url: str) -> StoredDocument: ...


def _too_large(size: int, limit: int) -> DocumentStoreError:
    return DocumentStoreError(
        f"The document is too large to open ({size / 1_048_576:.0f} MB; the limit is {limit / 1_048_576:.0f} MB)."
    )


# --- file:// ---------------------------------------------------------------


def file_url(path: Path) -> str:
    """The ``file://`` URL to store in ``proof.file`` for a local document."""
    return path.resolve().as_uri()


def path_from_file_url(url: str) -> Path:
    """The local path a ``file://`` URL names, on this operating system.

    ``file://localhost/...`` is the same as ``file:///...``; another host is
    a Windows UNC share (``file://server/share/doc.pdf``), which only
    Windows can open.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise UnsupportedDocumentUrl(f"Not a file URL: {url}")
    host = parts.netloc
    if host and host.lower() != "localhost":
        if os.name != "nt":
            raise UnsupportedDocumentUrl(f"The document is on another computer ({host}) and cannot be opened here.")
        return Path(url2pathname(f"//{host}{parts.path}"))
    if not parts.path:
        raise UnsupportedDocumentUrl(f"The file URL names no file: {url}")
    return Path(url2pathname(parts.path))


class FileDocumentStore:
    """Documents on the local disk (embedded and demo installations)."""

    scheme = "file"

    def __init__(self, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._max_bytes = max_bytes

    async def fetch(self, url: str) -> StoredDocument:
        """Read the file in a worker thread: disks (and network shares) block."""
        return await asyncio.to_thread(self.read, url)

    def read(self, url: str) -> StoredDocument:
        """Blocking read of the document ``url`` names."""
        path = path_from_file_url(url)
        try:
            with path.open("rb") as stream:
                size = os.fstat(stream.fileno()).st_size
                if size > self._max_bytes:
                    raise _too_large(size, self._max_bytes)
                content = stream.read(self._max_bytes + 1)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as error:
            raise DocumentMissing(f"The document file is missing: {path}") from error
        except PermissionError as error:
            raise DocumentStoreError(f"The document file cannot be read (permission denied): {path}") from error
        except OSError as error:
            raise DocumentStoreError(f"The document file cannot be read: {path} ({error.strerror or error})") from error
        if len(content) > self._max_bytes:  # grew while we read it
            raise _too_large(len(content), self._max_bytes)
        media_type = _MEDIA_TYPES_BY_SUFFIX.get(path.suffix.lower(), _UNKNOWN_MEDIA_TYPE)
        return StoredDocument(url, content, media_type)


# --- db://document_blobs/<uuid> ----------------------------------------------


class _Session(Protocol):
    """The part of SQLAlchemy's ``AsyncSession`` the blob store uses."""

    async def execute(self, statement: Any, params: Any = ..., /) -> Any: ...


BLOB_TABLE = "document_blobs"

_SELECT_BLOB = text(
    """
    SELECT content_type,
           sha256,
           byte_size,
           CASE WHEN byte_size <= :max_bytes THEN content END AS content
      FROM document_blobs
     WHERE id = :id
    """
)


def blob_url(blob_id: uuid.UUID) -> str:
    """The ``db://`` URL to store in ``proof.file`` for a blob row."""
    return f"db://{BLOB_TABLE}/{blob_id}"


def blob_id_from_url(url: str) -> uuid.UUID:
    parts = urlsplit(url)
    if parts.scheme.lower() != "db" or parts.netloc != BLOB_TABLE:
        raise UnsupportedDocumentUrl(f"Not a document blob URL: {url}")
    try:
        return uuid.UUID(parts.path.lstrip("/"))
    except ValueError as error:
        raise UnsupportedDocumentUrl(f"The document blob URL has no valid id: {url}") from error


class DatabaseBlobStore:
    """Documents stored as rows of ``document_blobs`` in the central database.

    Each fetch is its own short read transaction from ``session_factory``
    (an ``async_sessionmaker`` in the app), so a document load never holds
    a reviewer's ruling transaction open. Oversized rows are refused by the
    query itself, before their bytes cross the network, and content is
    checked against the stored SHA-256 so a damaged row is reported as
    such rather than shown as a corrupt image.
    """

    scheme = "db"

    def __init__(
        self,
        session_factory: Callable[[], AbstractAsyncContextManager[_Session]],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self._session_factory = session_factory
        self._max_bytes = max_bytes

    async def fetch(self, url: str) -> StoredDocument:
        blob_id = blob_id_from_url(url)
        async with self._session_factory() as session:
            result = await session.execute(_SELECT_BLOB, {"id": blob_id, "max_bytes": self._max_bytes})
            row = result.one_or_none()
        if row is None:
            raise DocumentMissing(f"The document is no longer stored (blob {blob_id}).")
        if row.content is None:
            raise _too_large(int(row.byte_size), self._max_bytes)
        content = bytes(row.content)
        if not _matches_checksum(content, row.sha256):
            raise DocumentStoreError(f"The stored document is damaged (checksum mismatch, blob {blob_id}).")
        return StoredDocument(url, content, row.content_type or _UNKNOWN_MEDIA_TYPE)


def _matches_checksum(content: bytes, expected: object) -> bool:
    """Compare against a SHA-256 stored as raw bytes or as hex text."""
    if expected is None:
        return True
    digest = hashlib.sha256(content)
    if isinstance(expected, bytes | bytearray | memoryview):
        return bytes(expected) == digest.digest()
    return str(expected).strip().lower() == digest.hexdigest()


# --- dispatch by scheme -------------------------------------------------------


class DocumentResolver:
    """Fetches any proof URL by handing it to the store for its scheme."""

    def __init__(self, stores: Iterable[DocumentStore]) -> None:
        self._stores = {store.scheme.lower(): store for store in stores}

    @property
    def schemes(self) -> frozenset[str]:
        return frozenset(self._stores)

    async def fetch(self, url: str) -> StoredDocument:
        """The document ``url`` names.

        Raises :class:`DocumentMissing` when it is gone,
        :class:`UnsupportedDocumentUrl` when no configured store serves the
        URL's scheme, and :class:`DocumentStoreError` for other failures.
        """
        scheme = urlsplit(url).scheme.lower()
        store = self._stores.get(scheme)
        if store is None:
            if not scheme:
                raise UnsupportedDocumentUrl(f"The document address has no storage scheme: {url!r}")
            raise UnsupportedDocumentUrl(f"This installation cannot open {scheme}:// documents ({url}).")
        return await store.fetch(url)
