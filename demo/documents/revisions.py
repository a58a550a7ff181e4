"""A PDF edited the way a PDF editor saves it: the page's image replaced in an appended revision.

The original bytes stay untouched at the front of the file (an incremental
update), so a forensic reader can cut the file at the earlier trailer and
show the page as it was before the edit. Works on the single-image pages
Pillow writes, which is what the demo pool's PDFs are.
"""

from __future__ import annotations

import io
import re

from PIL import Image

_FIRST_IMAGE = re.compile(rb"(\d+) 0 obj\s*<<\s*/Type /XObject\s*/Subtype /Image")


def with_page_image_replaced(
    pdf: bytes, image: Image.Image, *, producer: str = "PDF-XChange Editor 10.2", quality: int = 90
) -> bytes:
    """``pdf`` plus one revision in which the first page's image is ``image`` (same size), and a new producer."""
    found = _FIRST_IMAGE.search(pdf)
    if found is None:
        raise ValueError("the PDF has no image XObject to replace")
    image_object = int(found.group(1))
    previous_xref = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    size = int(re.findall(rb"/Size\s+(\d+)", pdf)[-1])
    root = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", pdf)[-1]
    jpeg = io.BytesIO()
    image.convert("RGB").save(jpeg, "JPEG", quality=quality)
    body = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    section = io.BytesIO()
    image_at = len(body)
    section.write(
        f"{image_object} 0 obj\n<< /Type /XObject /Subtype /Image /Width {image.width} /Height {image.height}"
        f" /Filter /DCTDecode /BitsPerComponent 8 /ColorSpace /DeviceRGB /Length {len(jpeg.getvalue())} >>\n"
        "stream\n".encode()
    )
    section.write(jpeg.getvalue())
    section.write(b"\nendstream\nendobj\n")
    info_at = image_at + section.tell()
    section.write(f"{size} 0 obj\n<< /Producer ({producer}) /ModDate (D:20250601120000Z) >>\nendobj\n".encode())
    xref_at = image_at + section.tell()
    section.write(f"xref\n{image_object} 1\n{image_at:010d} 00000 n \n{size} 1\n{info_at:010d} 00000 n \n".encode())
    section.write(b"trailer\n<< /Size " + str(size + 1).encode() + b" /Root " + root)
    section.write(f" /Info {size} 0 R /Prev {previous_xref} >>\nstartxref\n{xref_at}\n%%EOF\n".encode())
    return body + section.getvalue()
