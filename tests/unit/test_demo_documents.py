"""The demo document pool: deterministic, varied, openable, and forged where it says so."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

from demo.documents import PooledDocument, build_pool
from demo.documents.machine_check import FLAG_ORDER
from demo.documents.output import THUMBNAIL_SIZE
from demo.documents.pool import MANIFEST_NAME, plan_pool, render_document
from demo.documents.tampering import as_received

SEED = 2024
POOL_SIZE = 60

PAYSTUB_KEYS = {"employer", "employee_name", "pay_period_start", "pay_period_end", "gross_pay", "net_pay"}
STATEMENT_KEYS = {
    "bank_name",
    "account_holder",
    "statement_period_start",
    "statement_period_end",
    "opening_balance",
    "closing_balance",
    "account_last4",
}


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> list[PooledDocument]:
    return build_pool(tmp_path_factory.mktemp("pool"), seed=SEED, size=POOL_SIZE)


def _file_bytes(documents: list[PooledDocument]) -> list[tuple[str, bytes, bytes]]:
    return [(d.file_path.name, d.file_path.read_bytes(), d.thumb_path.read_bytes()) for d in documents]


def _metadata(documents: list[PooledDocument]) -> list[tuple[object, ...]]:
    return [
        (d.kind, d.file_path.name, d.media_type, d.extracted_meta, d.meta_data_flags, d.suggested_ruling, d.tampered)
        for d in documents
    ]


def test_same_seed_gives_the_same_documents_byte_for_byte(tmp_path: Path) -> None:
    first = build_pool(tmp_path / "a", seed=7, size=14)
    second = build_pool(tmp_path / "b", seed=7, size=14)
    assert _metadata(first) == _metadata(second)
    assert _file_bytes(first) == _file_bytes(second)


def test_another_seed_gives_other_documents(tmp_path: Path) -> None:
    first = build_pool(tmp_path / "a", seed=7, size=14)
    other = build_pool(tmp_path / "b", seed=8, size=14)
    assert [d.extracted_meta for d in first] != [d.extracted_meta for d in other]


def test_the_pool_neither_uses_nor_disturbs_global_random_state(tmp_path: Path) -> None:
    random.seed(1)
    state = random.getstate()
    first = build_pool(tmp_path / "a", seed=7, size=6)
    assert random.getstate() == state
    random.seed(99)
    second = build_pool(tmp_path / "b", seed=7, size=6)
    assert _file_bytes(first) == _file_bytes(second)


def test_pool_mixes_kinds_formats_and_forgeries(pool: list[PooledDocument]) -> None:
    assert len(pool) == POOL_SIZE
    kinds = Counter(d.kind for d in pool)
    assert set(kinds) == {"paystub", "bank_statement"}
    assert min(kinds.values()) >= POOL_SIZE // 3
    media = {(d.kind, d.media_type) for d in pool}
    for kind in ("paystub", "bank_statement"):
        for media_type in ("image/png", "image/jpeg", "application/pdf"):
            assert (kind, media_type) in media
    tampered_share = sum(d.tampered for d in pool) / len(pool)
    assert 0.2 <= tampered_share <= 0.25
    assert {d.suggested_ruling for d in pool} == {"CLEAN", "EDITED", "FRAUD", "INSUFFICIENT"}
    multi_page = [d for d in pool if d.extracted_meta.get("page_count") and d.extracted_meta["page_count"] > 1]
    assert multi_page, "longer statements should span several PDF pages"


def test_every_document_and_thumbnail_opens(pool: list[PooledDocument]) -> None:
    for document in pool:
        assert document.file_path.suffix in {".png", ".jpg", ".pdf"}
        if document.media_type == "application/pdf":
            pdf = pdfium.PdfDocument(document.file_path.read_bytes())
            try:
                assert len(pdf) >= 1
                if document.kind == "bank_statement":
                    assert len(pdf) == document.extracted_meta["page_count"]
                page = pdf[0]
                width, height = page.get_size()
                assert (round(width), round(height)) == (612, 792)  # US Letter
                page.close()
            finally:
                pdf.close()
        else:
            with Image.open(document.file_path) as image:
                image.load()
                assert image.format == {"image/png": "PNG", "image/jpeg": "JPEG"}[document.media_type]
                assert image.width >= 800
        with Image.open(document.thumb_path) as thumbnail:
            thumbnail.load()
            assert thumbnail.format == "PNG"
            assert thumbnail.width <= THUMBNAIL_SIZE[0] and thumbnail.height <= THUMBNAIL_SIZE[1]
            assert max(thumbnail.size) >= 100


def test_metadata_is_complete_and_json_serialisable(pool: list[PooledDocument]) -> None:
    for document in pool:
        json.dumps(document.extracted_meta)
        keys = PAYSTUB_KEYS if document.kind == "paystub" else STATEMENT_KEYS
        assert keys <= set(document.extracted_meta)
        name_key = "employee_name" if document.kind == "paystub" else "account_holder"
        assert document.person_name == document.extracted_meta[name_key]
        assert set(document.meta_data_flags) <= set(FLAG_ORDER)
        assert document.suggested_ruling in {"CLEAN", "EDITED", "FRAUD", "INSUFFICIENT"}
        if None in document.extracted_meta.values():  # a partial photo: figures cut off
            assert document.media_type == "image/jpeg"
            assert document.suggested_ruling == "INSUFFICIENT"
            assert not document.tampered


def test_most_clean_documents_are_unflagged_and_most_forgeries_flagged(pool: list[PooledDocument]) -> None:
    clean = [d for d in pool if not d.tampered]
    forged = [d for d in pool if d.tampered]
    assert sum(not d.meta_data_flags for d in clean) / len(clean) > 0.7
    assert sum(bool(d.meta_data_flags) for d in forged) / len(forged) > 0.7
    assert all(d.suggested_ruling in {"EDITED", "FRAUD", "CLEAN"} for d in forged)


def test_clean_figures_add_up(pool: list[PooledDocument]) -> None:
    for document in pool:
        meta = document.extracted_meta
        if document.tampered or None in meta.values():
            continue
        if document.kind == "paystub":
            assert meta["gross_pay"] == pytest.approx(meta["net_pay"] + meta["total_deductions"], abs=0.011)
        else:
            expected = meta["opening_balance"] + meta["total_deposits"] - meta["total_withdrawals"]
            assert meta["closing_balance"] == pytest.approx(expected, abs=0.011)


def test_forged_pixels_differ_from_the_genuine_twin_only_where_forged() -> None:
    plans = [plan for plan in plan_pool(SEED, POOL_SIZE) if plan.tampered]
    kinds_seen = set()
    for plan in plans:
        forged = render_document(plan)
        genuine = render_document(plan, forge=False)
        assert forged.tampering is not None and genuine.tampering is None
        kinds_seen.add(forged.tampering.kind)
        assert forged.tampering.regions
        for page, box in forged.tampering.regions:
            before = genuine.pages[page].convert("RGB").crop(box)
            after = forged.pages[page].convert("RGB").crop(box)
            difference = ImageChops.difference(before, after).convert("L")
            changed = sum(count for level, count in enumerate(difference.histogram()) if level > 24)
            assert changed >= 20, f"forgery in {plan.stem} changed too few pixels in {box}"
        if forged.capture == "digital":
            # The forger edited the file as received: the genuine pages after that file's own JPEG round trip.
            received = as_received(genuine.pages, forged.tampering.source_quality)
            for page, (genuine_page, forged_page) in enumerate(zip(received, forged.pages, strict=True)):
                mask = Image.new("L", genuine_page.size, 255)
                for region_page, box in forged.tampering.regions:
                    if region_page == page:
                        mask.paste(0, box)
                outside = ImageChops.multiply(ImageChops.difference(genuine_page, forged_page).convert("L"), mask)
                assert outside.getbbox() is None, f"{plan.stem} changed pixels outside its forged regions"
    assert kinds_seen == {"edited_figure", "pasted_region", "font_mismatch"}


def test_written_forgery_differs_from_genuine_rendering(pool: list[PooledDocument]) -> None:
    forged_png = next(d for d in pool if d.tampered and d.media_type == "image/png")
    index = int(forged_png.file_path.name[:4])
    plan = plan_pool(SEED, POOL_SIZE)[index]
    forged = render_document(plan)
    genuine = render_document(plan, forge=False)
    assert forged.tampering is not None
    with Image.open(forged_png.file_path) as written:
        written_rgb = written.convert("RGB")
    page, box = forged.tampering.regions[0]
    assert page == 0
    assert ImageChops.difference(written_rgb.crop(box), genuine.pages[0].convert("RGB").crop(box)).getbbox()
    assert ImageChops.difference(written_rgb, forged.pages[0].convert("RGB")).getbbox() is None


def test_name_swap_names_someone_else(pool: list[PooledDocument]) -> None:
    plans = plan_pool(SEED, POOL_SIZE)
    swaps = 0
    for document in pool:
        if not document.tampered:
            continue
        genuine = render_document(plans[int(document.file_path.name[:4])], forge=False)
        if document.person_name != genuine.person_name:
            swaps += 1
            assert "font_manipulation" in document.meta_data_flags or not document.meta_data_flags
    assert swaps >= 1


def test_an_existing_pool_is_reused_without_redrawing(tmp_path: Path) -> None:
    first = build_pool(tmp_path, seed=3, size=5)
    stamps = {d.file_path: d.file_path.stat().st_mtime_ns for d in first}
    again = build_pool(tmp_path, seed=3, size=5)
    assert again == first
    assert {d.file_path: d.file_path.stat().st_mtime_ns for d in again} == stamps


def test_a_missing_file_or_other_seed_redraws_the_pool(tmp_path: Path) -> None:
    first = build_pool(tmp_path, seed=3, size=5)
    first[2].file_path.unlink()
    repaired = build_pool(tmp_path, seed=3, size=5)
    assert repaired == first
    assert first[2].file_path.is_file()

    smaller = build_pool(tmp_path, seed=4, size=3)
    names = {p.name for p in tmp_path.iterdir()}
    expected = {n for d in smaller for n in (d.file_path.name, d.thumb_path.name)} | {MANIFEST_NAME}
    assert names == expected, "files of the previous pool are cleaned up"
