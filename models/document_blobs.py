"""Document bytes stored in the central database (not in the client's schema).

The document store resolves ``proof.file`` URLs; in a central deployment
without S3 the bytes live here. Rows are immutable (a changed document is
a new blob), so there is no ``updated_at``. ``sha256`` (lower-case hex) is
indexed so identical uploads can be found and shared; CHECKs keep it
well-formed and ``byte_size`` equal to the stored length.
"""

from __future__ import annotations

import datetime
import uuid

from sqlalchemy import BigInteger, CheckConstraint, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTC_NOW, Base, uuid_pk


class DocumentBlob(Base):
    """The content of one stored document."""

    __tablename__ = "document_blobs"
    __table_args__ = (
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
        CheckConstraint("byte_size = octet_length(content)", name="byte_size_matches"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    byte_size: Mapped[int] = mapped_column(BigInteger)
    inserted_at: Mapped[datetime.datetime] = mapped_column(server_default=UTC_NOW)
