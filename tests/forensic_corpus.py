"""The demo document pool as forensic ground truth: every document with what was done to it.

The generator knows which documents it forged, how, and which pixels it
touched (:class:`demo.documents.tampering.Tampering`); these helpers
render the pool in memory once per test module and hand out the encoded
bytes exactly as the seed stores them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from demo.documents.output import encode_document
from demo.documents.pool import RenderedDocument, plan_pool, render_document

POOL_SEED = 7
POOL_SIZE = 120


@dataclass(frozen=True)
class CorpusDocument:
    rendered: RenderedDocument
    content: bytes

    @property
    def extension(self) -> str:
        return self.rendered.plan.extension


def demo_corpus(size: int = POOL_SIZE) -> list[CorpusDocument]:
    documents = []
    for plan in plan_pool(POOL_SEED, size):
        rendered = render_document(plan)
        content = encode_document(
            rendered.pages, plan.extension, rendered.provenance, jpeg_quality=rendered.jpeg_quality
        )
        documents.append(CorpusDocument(rendered, content))
    return documents


def with_incremental_update(pdf: bytes, producer: str = "PDF-XChange Editor 10.2") -> bytes:
    """``pdf`` plus one incremental revision (a new Info dictionary), as an editor's "save" appends it.

    The appended section is what a PDF editor writes: a new object, an xref
    section for it, and a trailer whose /Prev points at the previous xref.
    """
    previous_xref = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    size = int(re.findall(rb"/Size\s+(\d+)", pdf)[-1])
    root = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", pdf)[-1]
    body = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    offset = len(body)
    info = f"{size} 0 obj\n<< /Producer ({producer}) /ModDate (D:20250601120000Z) >>\nendobj\n".encode()
    xref_at = offset + len(info)
    section = io.BytesIO()
    section.write(info)
    section.write(f"xref\n{size} 1\n{offset:010d} 00000 n \n".encode())
    section.write(b"trailer\n<< /Size " + str(size + 1).encode() + b" /Root " + root)
    section.write(f" /Info {size} 0 R /Prev {previous_xref} >>\nstartxref\n{xref_at}\n%%EOF\n".encode())
    return body + section.getvalue()
