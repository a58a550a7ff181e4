"""Resolving proof storage URLs: file:// on this OS, scheme dispatch, clear errors."""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from pathlib import Path

import pytest

from services.document_store import (
    DatabaseBlobStore,
    DocumentMissing,
    DocumentResolver,
    DocumentStoreError,
    FileDocumentStore,
    StoredDocument,
    UnsupportedDocumentUrl,
    blob_id_from_url,
    blob_url,
    file_url,
    path_from_file_url,
)


@pytest.fixture
def document(tmp_path: Path) -> Path:
    """A file whose name needs percent-encoding in a URL (spaces, non-ASCII)."""
    folder = tmp_path / "Proofs of Jürgen & Ana"
    folder.mkdir()
    path = folder / "pay stub #1 (March).pdf"
    path.write_bytes(b"%PDF-1.4 demo bytes")
    return path


def test_file_url_round_trips_to_the_same_path(document: Path) -> None:
    url = file_url(document)
    assert url.startswith("file:///" if os.name != "nt" else "file:")
    assert " " not in url and "#" not in url.split(":", 1)[1].replace("%23", "")
    assert path_from_file_url(url) == document.resolve()


def test_file_store_reads_bytes_and_media_type(document: Path) -> None:
    stored = FileDocumentStore().read(file_url(document))
    assert stored == StoredDocument(file_url(document), b"%PDF-1.4 demo bytes", "application/pdf")


def test_localhost_file_url_is_local(document: Path) -> None:
    url = file_url(document).replace("file://", "file://localhost", 1)
    assert FileDocumentStore().read(url).content == b"%PDF-1.4 demo bytes"


def test_remote_host_file_url(document: Path) -> None:
    url = "file://fileserver/share/proofs/stub.pdf"
    if os.name == "nt":
        assert path_from_file_url(url) == Path(r"\\fileserver\share\proofs\stub.pdf")
    else:
        with pytest.raises(UnsupportedDocumentUrl, match="another computer"):
            path_from_file_url(url)


def test_missing_file_raises_document_missing(document: Path) -> None:
    url = file_url(document)
    document.unlink()
    with pytest.raises(DocumentMissing, match="missing"):
        FileDocumentStore().read(url)
    with pytest.raises(DocumentMissing):
        FileDocumentStore().read(file_url(document.parent))  # a directory is not a document


def test_file_larger_than_the_limit_is_refused(document: Path) -> None:
    with pytest.raises(DocumentStoreError, match="too large"):
        FileDocumentStore(max_bytes=4).read(file_url(document))


def test_unknown_suffix_is_octet_stream(tmp_path: Path) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(b"x")
    assert FileDocumentStore().read(file_url(path)).media_type == "application/octet-stream"


class _MemoryStore:
    """A stand-in third store, as an S3 implementation would plug in."""

    scheme = "s3"

    def __init__(self) -> None:
        self.requested: list[str] = []

    async def fetch(self, url: str) -> StoredDocument:
        self.requested.append(url)
        return StoredDocument(url, b"from s3", "image/png")


def test_resolver_dispatches_by_scheme(document: Path) -> None:
    memory = _MemoryStore()
    resolver = DocumentResolver([FileDocumentStore(), memory])
    assert resolver.schemes == {"file", "s3"}

    async def scenario() -> tuple[StoredDocument, StoredDocument]:
        return await resolver.fetch(file_url(document)), await resolver.fetch("S3://bucket/key.png")

    from_file, from_s3 = asyncio.run(scenario())
    assert from_file.content == b"%PDF-1.4 demo bytes"
    assert from_s3.content == b"from s3"
    assert memory.requested == ["S3://bucket/key.png"]


def test_resolver_reports_missing_files_and_unknown_schemes(document: Path) -> None:
    resolver = DocumentResolver([FileDocumentStore()])
    url = file_url(document)
    document.unlink()
    with pytest.raises(DocumentMissing):
        asyncio.run(resolver.fetch(url))
    with pytest.raises(UnsupportedDocumentUrl, match="db://"):
        asyncio.run(resolver.fetch(blob_url(uuid.uuid4())))
    with pytest.raises(UnsupportedDocumentUrl, match="no storage scheme"):
        asyncio.run(resolver.fetch("proofs/stub.pdf"))


def test_blob_urls_round_trip_and_reject_malformed_ids() -> None:
    blob_id = uuid.uuid4()
    assert blob_url(blob_id) == f"db://document_blobs/{blob_id}"
    assert blob_id_from_url(blob_url(blob_id)) == blob_id
    with pytest.raises(UnsupportedDocumentUrl):
        blob_id_from_url("db://document_blobs/not-a-uuid")
    with pytest.raises(UnsupportedDocumentUrl):
        blob_id_from_url(f"db://other_table/{blob_id}")
    assert DatabaseBlobStore(lambda: None).scheme == "db"  # type: ignore[arg-type, return-value]


def test_blob_checksum_accepts_bytes_or_hex() -> None:
    from services.document_store import _matches_checksum

    content = b"statement"
    digest = hashlib.sha256(content)
    assert _matches_checksum(content, digest.digest())
    assert _matches_checksum(content, digest.hexdigest().upper())
    assert _matches_checksum(content, None)
    assert not _matches_checksum(content, hashlib.sha256(b"other").digest())
