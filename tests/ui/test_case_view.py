"""The case view as a reviewer sees it: header from the database, thumbnails, viewer keys, bad files, a free loop.

Signed in as a demo reviewer (their own login, row-level security on), the
case comes from ``services.case.open_case`` and the documents are real
files on disk: a two-page PDF, a PNG, and one each of truncated,
password-protected and oversized files.
"""

from __future__ import annotations

import asyncio
import datetime
import io
import os
import time
import uuid
from functools import partial
from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.case_documents import document_resolver
from services.case import open_case
from services.case_view import Case, CaseDocument
from services.document_store import FileDocumentStore, file_url
from services.forensics.stored import ensure_forensics
from tests.reviewer_desk import Desk, insert_reviewable
from tests.ui.conftest import wait_until
from tests.unit.test_document_decode import _password_protected_pdf, _pdf, _png, _png_claiming
from ui.case_header import applicants_text, sla_text, time_text, utc_now
from ui.case_view import CaseView
from ui.document_pages import DocumentPages

SCREENSHOTS = Path(os.environ.get("RULING_DESK_SCREENSHOTS", "/tmp/case_view_shots"))


def _page(text: str, colour: str) -> Image.Image:
    page = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((60, 60, 790, 200), fill=colour)
    draw.text((80, 260), text, fill="black")
    draw.line((60, 1000, 790, 400), fill="black", width=9)
    return page


def _documents(folder: Path) -> list[Path]:
    """Two good documents and three bad ones, in the order the proofs are inserted."""
    jpeg = io.BytesIO()
    _page("cut", "teal").save(jpeg, "JPEG")
    files = {
        "statement.pdf": _pdf([_page("Page one", "navy"), _page("Page two", "darkred")]),
        "photo.png": _png(_page("A photo", "darkgreen")),
        "truncated.jpg": jpeg.getvalue()[: len(jpeg.getvalue()) // 2],
        "locked.pdf": _password_protected_pdf(b"applicant-secret"),
        "bomb.png": _png_claiming(20_000, 20_000),
    }
    paths = []
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content)
        paths.append(path)
    return paths


def _arrange_case(desk: Desk, folder: Path) -> tuple[object, list[object]]:
    paths = _documents(folder)
    submitted = utc_now() - datetime.timedelta(hours=17)
    with desk.owner() as owner:
        case = insert_reviewable(owner, short_id="CV-1", submitted_at=submitted, proofs=len(paths))
        owner.execute(
            "UPDATE entries SET has_previously_submitted = true, suggested_ruling = 'EDITED',"
            " review_status = 'IN_REVIEW', review_assigned_to_id = %s WHERE id = %s",
            (desk.user_ids["reviewer1"], case.entry_id),
        )
        for proof_id, path in zip(case.proof_ids, paths, strict=True):
            owner.execute("UPDATE proof SET file = %s, thumb = NULL WHERE id = %s", (file_url(path), proof_id))
        row = owner.execute(
            "SELECT a.full_name, a.email, f.property_name, c.name, e.submission_time, e.suggested_ruling,"
            " e.has_previously_submitted FROM entries e JOIN applicants a ON a.entry_id = e.id"
            " JOIN folders f ON f.id = e.folder_id JOIN properties p ON p.id = f.property_id"
            " JOIN companies c ON c.id = p.company_id WHERE e.id = %s",
            (case.entry_id,),
        ).fetchone()
    assert row is not None
    return case.entry_id, list(row)


def _pixels(view: CaseView) -> QImage:
    return view.viewer.canvas.viewport().grab().toImage()


def test_reviewer_sees_the_case_its_documents_and_clear_placeholders_for_bad_files(
    qt_loop: asyncio.AbstractEventLoop, desk: Desk, tmp_path: Path
) -> None:
    entry_id, expected = _arrange_case(desk, tmp_path)
    full_name, email, property_name, company, submitted, suggested, repeat = expected
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    async def scenario() -> None:
        async with desk.unit_of_work("reviewer1") as uow:
            case = await open_case(uow, entry_id)  # type: ignore[arg-type]
            resolver = document_resolver(uow)
            pages = DocumentPages(resolver)
            view = CaseView()
            view.resize(1400, 900)
            view.attach(pages, findings=partial(ensure_forensics, uow, resolver))
            view.show()
            selected: list[object] = []
            view.document_selected.connect(selected.append)
            view.show_case(case)

            labels = view.header.labels
            assert full_name in labels["applicants"].text() and email in labels["applicants"].text()
            assert labels["applicants"].text() == applicants_text(case)
            assert labels["property"].text() == property_name
            assert labels["company"].text() == company
            assert labels["submitted"].text() == time_text(submitted)
            assert labels["suggested"].text() == suggested == "EDITED"
            assert repeat is True and labels["repeat"].text().startswith("Yes")
            sla_words, state = sla_text(case, utc_now())
            assert state is not None and state.value == "amber"
            assert labels["sla"].text() == sla_words and sla_words.endswith("left")
            assert "font" in view.evidence.toPlainText().lower()  # font_manipulation in words
            assert "91 % similar to a document of entry E-0" in view.evidence.toPlainText()
            assert selected == [case.documents[0].proof_id]

            # the PDF: first page painted; zoom, rotate and PgDn each change what is painted
            await wait_until(lambda: view.viewer.showing_page, what="the PDF's first page")
            assert view.viewer.page_count == 2
            assert view.position.text().startswith("Page 1 of 2 · ")
            await wait_until(lambda: "Arithmetic" in view.evidence.toPlainText(), what="stored findings")
            view.grab().save(str(SCREENSHOTS / "case_view_pdf.png"))
            before = _pixels(view)
            view.viewer.zoom_in()
            zoomed = _pixels(view)
            assert zoomed != before
            view.viewer.rotate()
            assert view.viewer.rotation == 90 and _pixels(view) != zoomed
            view.viewer.fit_page()
            turned = _pixels(view)
            view.viewer.setFocus()
            QtBot.keyClick(view.viewer, Qt.Key.Key_PageDown)
            await wait_until(lambda: view.viewer.page == 1 and view.viewer.showing_page, what="page two")
            assert _pixels(view) != turned
            assert view.position.text().startswith("Page 2 of 2 · ") and view.position.text().endswith("turned 90°")
            QtBot.keyClick(view.viewer, Qt.Key.Key_PageDown)  # no page three: stays
            assert view.viewer.page == 1

            # thumbnails for every document, a warning icon for each bad one
            await wait_until(lambda: not view.thumbnails.loading, what="thumbnails")
            items = [view.thumbnails.item(row) for row in range(view.thumbnails.count())]
            assert len(items) == 5 and all(not item.icon().isNull() for item in items)
            assert "password-protected" in items[3].toolTip()

            # the image, by keyboard
            QtBot.keyClick(view.thumbnails, Qt.Key.Key_Right)
            await wait_until(lambda: view.viewer.showing_page and view.viewer.url == case.documents[1].file_url)
            assert view.viewer.page_count == 1
            view.grab().save(str(SCREENSHOTS / "case_view_image.png"))

            for row, reason in ((2, "incomplete"), (3, "password-protected"), (4, "too large")):
                view.select_document(row)
                await wait_until(lambda: not view.viewer.loading, what=f"document {row + 1}")
                assert not view.viewer.showing_page
                assert reason in view.viewer.placeholder.detail.text()
            view.grab().save(str(SCREENSHOTS / "case_view_bad_file.png"))
            view.shutdown()
            view.deleteLater()

    qt_loop.run_until_complete(scenario())


def test_decoding_a_large_page_leaves_the_loop_free_and_prefetch_fills_the_cache(
    qt_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    noise = Image.frombytes("RGB", (3000, 3000), os.urandom(3000 * 3000 * 3))
    big = tmp_path / "big.png"
    noise.save(big, "PNG", compress_level=1)

    async def scenario() -> None:
        pages = DocumentPages(FileDocumentStore())
        gaps: list[float] = []
        done = asyncio.Event()

        async def ticker() -> None:
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        ticking = asyncio.create_task(ticker())
        started = time.perf_counter()
        outcome = await pages.page(file_url(big), 0)
        took = time.perf_counter() - started
        done.set()
        await ticking
        assert pages.cached(file_url(big), 0) is outcome
        assert took > 0.1, "the decode must take long enough for a blocked loop to show"
        # A blocked loop would show one gap as long as the decode; on a loaded two-core machine the
        # GIL-holding copies into the QImage still cost the loop a few short stalls.
        assert max(gaps) < took / 2, f"the loop stalled {max(gaps):.3f} s during a {took:.3f} s decode"
        pages.close()

    qt_loop.run_until_complete(scenario())


def _case_of(paths: list[Path]) -> Case:
    """A case as open_case returns it, for the view's own mechanics (no database needed)."""
    documents = tuple(
        CaseDocument(uuid.uuid4(), f"DOC-{n}", "paystub", file_url(path), None, "NONE", "CLEAN", (), None, (), False)
        for n, path in enumerate(paths)
    )
    return Case(
        entry_id=uuid.uuid4(), short_id="E-1", review_status="IN_REVIEW", assigned_to_id=None, assigned_at=None,
        submitted_at=utc_now(), sla_deadline=None, suggested_ruling="CLEAN", repeat_applicant=False, note=None,
        result=None, property_name="Court", company_name="Homes", folder_id=None, folder_ruling=None,
        applicants=(), documents=documents, previous_rulings=(), folder_entries=(),
    )  # fmt: skip


def test_a_prefetched_case_shows_its_first_page_at_once_and_the_latest_flip_wins(
    qt_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    paths = []
    for name, colour in (("red", "darkred"), ("green", "darkgreen"), ("blue", "navy")):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(_pdf([_page(name, colour)]))
        paths.append(path)
    case = _case_of(paths)

    async def scenario() -> None:
        pages = DocumentPages(FileDocumentStore())
        view = CaseView()
        view.resize(1000, 700)
        view.attach(pages)
        view.show()
        await view.prefetch(case)
        view.show_case(case)
        assert view.viewer.showing_page and not view.viewer.loading  # painted without waiting

        # The reviewer flips past a document before it decoded: only the newest lands.
        view.select_document(1)
        view.select_document(2)
        await wait_until(lambda: view.viewer.showing_page and not view.viewer.loading, what="the last document")
        assert view.viewer.url == case.documents[2].file_url
        centre = view.viewer.canvas.item.pixmap().toImage().pixelColor(425 * 2, 130 * 2)
        assert centre.blue() > 100 and centre.red() < 50  # navy: the blue document, not the green one
        view.shutdown()
        view.deleteLater()

    qt_loop.run_until_complete(scenario())
