"""Decoding documents for the viewer: valid files open, hostile ones fail with a clear message."""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
import zlib

import pytest
from PIL import Image

from services.document_decode import (
    DecodeLimits,
    DocumentUnreadable,
    decode_document,
    decode_image,
    rasterize_pdf,
    rgba_frame,
    sniff_media_type,
)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, **options)
    return buffer.getvalue()


def _pdf(pages: list[Image.Image], resolution: float = 100.0) -> bytes:
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=resolution)
    return buffer.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (a bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_png_decodes_to_one_rgb_page() -> None:
    decoded = decode_document(_png(Image.new("L", (120, 80), 200)))
    assert decoded.media_type == "image/png"
    assert decoded.page_count == 1 and not decoded.has_more_pages
    (page,) = decoded.pages
    assert page.mode == "RGB" and page.size == (120, 80)
    assert page.getpixel((5, 5)) == (200, 200, 200)


def test_transparent_screenshot_is_shown_on_white() -> None:
    decoded = decode_image(_png(Image.new("RGBA", (10, 10), (0, 0, 0, 0))))
    assert decoded.pages[0].getpixel((3, 3)) == (255, 255, 255)


def test_phone_photo_is_turned_upright_by_its_exif_orientation() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored rotated: display turned 90 degrees
    decoded = decode_image(_jpeg(Image.new("RGB", (40, 20), "white"), exif=exif))
    assert decoded.pages[0].size == (20, 40)


def test_rgba_frame_has_four_bytes_per_pixel() -> None:
    frame = rgba_frame(Image.new("RGB", (7, 3), (1, 2, 3)))
    assert (frame.width, frame.height, frame.bytes_per_line) == (7, 3, 28)
    assert frame.data[:4] == b"\x01\x02\x03\xff" and len(frame.data) == 7 * 3 * 4


def test_corrupt_png_is_reported_as_damaged() -> None:
    valid = _png(Image.effect_noise((64, 64), 50).convert("RGB"))
    broken_chunks = valid[:40] + bytes(b ^ 0x5A for b in valid[40:])
    with pytest.raises(DocumentUnreadable, match="damaged"):
        decode_document(broken_chunks)
    idat = valid.index(b"IDAT") + 4
    broken_pixels = valid[:idat] + bytes(b ^ 0x5A for b in valid[idat : idat + 500]) + valid[idat + 500 :]
    with pytest.raises(DocumentUnreadable, match="damaged"):
        decode_document(broken_pixels)


def test_truncated_jpeg_is_reported_as_incomplete() -> None:
    photo = Image.effect_noise((400, 300), 60).convert("RGB")
    data = _jpeg(photo)
    with pytest.raises(DocumentUnreadable, match="incomplete"):
        decode_document(data[: len(data) // 2], "image/jpeg")


def test_bytes_that_are_neither_image_nor_pdf() -> None:
    with pytest.raises(DocumentUnreadable, match="not an image or PDF"):
        decode_document(b"GIF? no, just a text file pretending\n" * 20)
    with pytest.raises(DocumentUnreadable, match="empty"):
        decode_document(b"")


def test_decompression_bomb_header_is_refused_before_decoding() -> None:
    bomb = _png_claiming(100_000, 100_000)  # 10 gigapixels in 100 bytes
    assert len(bomb) < 200
    with pytest.raises(DocumentUnreadable, match=r"too large to open safely \(10,000 megapixels\)"):
        decode_document(bomb)


def test_bomb_below_pillows_own_threshold_is_refused_by_our_limit() -> None:
    # 70 MP: above our 60 MP limit, below the size at which Pillow warns.
    with pytest.raises(DocumentUnreadable, match=r"Image is too large to open safely \(70 megapixels\)"):
        decode_document(_png_claiming(10_000, 7_000))


def test_pillow_bomb_warning_turned_into_an_error_is_still_a_clear_message() -> None:
    # 100 MP makes Pillow warn; with warnings as errors that warning is raised.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with pytest.raises(DocumentUnreadable, match=r"too large to open safely \(100 megapixels\)"):
            decode_document(_png_claiming(10_000, 10_000))


def test_genuinely_large_sparse_image_respects_custom_limit() -> None:
    sparse = _png(Image.new("L", (3000, 3000), 255))  # 9 MP, a few kB
    with pytest.raises(DocumentUnreadable, match=r"\(9 megapixels\)"):
        decode_image(sparse, limits=DecodeLimits(max_image_pixels=5_000_000))
    assert decode_image(sparse).pages[0].size == (3000, 3000)


def test_oversized_input_is_refused_before_parsing() -> None:
    with pytest.raises(DocumentUnreadable, match="too large to open safely"):
        decode_document(b"%PDF-1.7" + b"0" * 2048, limits=DecodeLimits(max_input_bytes=1024))


def test_corrupt_pdf_is_not_a_valid_pdf() -> None:
    with pytest.raises(DocumentUnreadable, match="not a valid PDF"):
        decode_document(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 99 0 R >> garbage")
    with pytest.raises(DocumentUnreadable, match="not a valid PDF"):
        decode_document(b"\x00\x01 definitely not a pdf", "application/pdf")
    valid = _pdf([Image.new("RGB", (200, 200), "white")])
    with pytest.raises(DocumentUnreadable):
        decode_document(valid[:60])


def test_multi_page_pdf_renders_every_page_at_the_viewing_resolution() -> None:
    colours = ["red", "green", "blue"]
    data = _pdf([Image.new("RGB", (850, 1100), colour) for colour in colours])
    assert sniff_media_type(data) == "application/pdf"
    decoded = decode_document(data, "application/pdf")
    assert decoded.media_type == "application/pdf"
    assert decoded.page_count == 3 and len(decoded.pages) == 3
    for page, colour in zip(decoded.pages, colours, strict=True):
        assert page.mode == "RGB"
        assert page.size == (1224, 1584)  # Letter at 144 dpi
        expected = Image.new("RGB", (1, 1), colour).getpixel((0, 0))
        assert all(abs(a - b) <= 3 for a, b in zip(page.getpixel((600, 800)), expected, strict=True))  # JPEG


def test_pdf_pages_can_be_opened_a_window_at_a_time() -> None:
    data = _pdf([Image.new("RGB", (85, 110), "white") for _ in range(5)])
    limits = DecodeLimits(max_pages=2)
    first = rasterize_pdf(data, limits=limits)
    assert (len(first.pages), first.page_count, first.has_more_pages) == (2, 5, True)
    last = rasterize_pdf(data, first_page=4, limits=limits)
    assert (len(last.pages), last.first_page, last.has_more_pages) == (1, 4, False)
    with pytest.raises(DocumentUnreadable, match="no page 6"):
        rasterize_pdf(data, first_page=5)


def test_huge_pdf_page_is_rendered_within_the_pixel_budget() -> None:
    # 100 x 100 inches: 207 MP at 144 dpi.
    data = _pdf([Image.new("RGB", (1000, 1000), "white")], resolution=10.0)
    decoded = rasterize_pdf(data, limits=DecodeLimits(max_page_pixels=4_000_000))
    width, height = decoded.pages[0].size
    assert width * height <= 4_000_000 * 1.01
    assert width > 1500


def test_absurd_pdf_page_size_is_refused() -> None:
    data = _pdf([Image.new("RGB", (100, 100), "white")], resolution=0.4)  # 250 inches
    with pytest.raises(DocumentUnreadable, match="too large to open safely"):
        rasterize_pdf(data)


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _password_protected_pdf(user_password: bytes) -> bytes:
    """A one-page PDF locked with the standard security handler (RC4, R2)."""
    padding = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
    padded = (user_password + padding)[:32]
    file_id = b"0123456789abcdef"
    permissions = -4
    owner = _rc4(hashlib.md5(padded).digest()[:5], padded)
    key = hashlib.md5(padded + owner + struct.pack("<i", permissions) + file_id).digest()[:5]
    user = _rc4(key, padding)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + owner.hex().encode() + b"> /U <" + user.hex().encode()
        + b"> /P " + str(permissions).encode() + b" >>",
    ]  # fmt: skip
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Encrypt 4 0 R "
        f"/ID [<{file_id.hex()}> <{file_id.hex()}>] >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return body


def test_password_protected_pdf_says_so() -> None:
    with pytest.raises(DocumentUnreadable, match="password-protected"):
        decode_document(_password_protected_pdf(b"applicant-secret"))


def test_unlocked_encrypted_pdf_opens() -> None:
    # Same handler, empty user password: readers open it without asking.
    decoded = decode_document(_password_protected_pdf(b""))
    assert decoded.page_count == 1 and decoded.pages[0].size == (1224, 1584)
