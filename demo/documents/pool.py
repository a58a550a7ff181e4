"""The demo document pool: a few hundred generated paystubs and statements
that the demo seeding draws from.

Seeding creates up to 100,000 entries; rendering one document per entry
would take hours, and real queues reuse documents anyway (the same
paystub submitted by several applicants is a fraud signal in itself). So
the pool, not the entry count, bounds the time spent here.

Determinism: every document gets its own ``random.Random`` seeded from
(pool seed, pool size, index) and one generator per stage (figures,
forgery, capture, machine check), so the untampered twin of a forged
document can be re-rendered pixel for pixel, and the same seed yields the
same bytes. No global random state is touched.
"""

from __future__ import annotations

import dataclasses
import json
import random
from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Literal

from PIL import Image, ImageStat

from . import bank_statement, paystub
from .capture import Capture, Scan, partial_photo, scanned
from .identities import pick_other_name
from .layout import RGB, FieldMark
from .machine_check import MachineVerdict, check_document
from .output import MEDIA_TYPES, Provenance, write_atomically, write_document, write_thumbnail
from .tampering import TAMPER_KINDS, Tampering, TamperKind, as_received, edit_figure, paste_region, swap_name

# Bump when the rendering changes, so pools built by older code are redrawn.
GENERATOR_VERSION = 2
MANIFEST_NAME = "pool.json"

TAMPERED_SHARE = 0.22
LAUNDERED_SHARE = 0.1
"""Share of forged scans whose edit was printed and scanned again (hard cases for error-level analysis)."""
PAYSTUB_SHARE = 0.55

DocumentKind = Literal["paystub", "bank_statement"]

_FORMAT_WEIGHTS: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "paystub": (("png", "jpg", "pdf"), (0.3, 0.35, 0.35)),
    "bank_statement": (("pdf", "png", "jpg"), (0.7, 0.15, 0.15)),
}

_EDITORS = (
    "Adobe Photoshop 25.4 (Windows)",
    "GIMP 2.10.36",
    "PDF-XChange Editor 10.2",
    "Smallpdf Online Editor",
)
_SCANNER_SOFTWARE = ("ClearScan 5.1", "DocuSnap Mobile 3.4", "OfficeScan Utility 2.0")
_SCANNER_DEVICES = ("Paperline S-300", "Paperline M-45", "Phone camera")


@dataclass(frozen=True)
class PooledDocument:
    """One generated document on disk, with what the machine check reported."""

    kind: str  # 'paystub' | 'bank_statement'
    file_path: Path  # the document (PNG/JPEG or PDF)
    thumb_path: Path  # small PNG thumbnail
    media_type: str  # 'image/png' | 'image/jpeg' | 'application/pdf'
    extracted_meta: dict[str, object]  # JSON-serialisable
    meta_data_flags: tuple[str, ...]
    suggested_ruling: str  # 'CLEAN' | 'EDITED' | 'FRAUD' | 'INSUFFICIENT'
    tampered: bool
    person_name: str  # the employee / account holder named on the document


@dataclass(frozen=True)
class DocumentPlan:
    """What document ``index`` of a pool will be, decided before drawing it."""

    index: int
    kind: DocumentKind
    extension: str  # 'png' | 'jpg' | 'pdf'
    tampered: bool
    seed: str

    @property
    def stem(self) -> str:
        return f"{self.index:04d}-{self.kind.replace('_', '-')}"

    def rng(self, stage: str) -> random.Random:
        return random.Random(f"{self.seed}/{stage}")


@dataclass
class RenderedDocument:
    """A document drawn in memory, ready to be written."""

    plan: DocumentPlan
    pages: list[Image.Image]
    meta: dict[str, object]
    person_name: str
    tampering: Tampering | None
    capture: Capture
    verdict: MachineVerdict
    provenance: Provenance
    jpeg_quality: int

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.plan.extension]


def plan_pool(seed: int, size: int) -> list[DocumentPlan]:
    """Decide kind, format and forgery for every slot of the pool.

    Kinds and forgeries are dealt as exact shares and shuffled, so a pool of
    200 has ~22% forgeries, not whatever a coin flip per document gives.
    """
    dealer = random.Random(f"ruling-desk-demo-pool/{seed}/{size}")
    paystubs = round(size * PAYSTUB_SHARE)
    kinds: list[DocumentKind] = ["paystub" if index < paystubs else "bank_statement" for index in range(size)]
    dealer.shuffle(kinds)
    tampered = set(dealer.sample(range(size), round(size * TAMPERED_SHARE)))
    plans = []
    for index, kind in enumerate(kinds):
        extensions, weights = _FORMAT_WEIGHTS[kind]
        extension = dealer.choices(extensions, weights)[0]
        plans.append(DocumentPlan(index, kind, extension, index in tampered, f"{seed}/{size}/{index}"))
    return plans


def _capture_for(plan: DocumentPlan, rng: random.Random) -> Capture:
    if plan.extension == "jpg":
        roll = rng.random()
        if roll < 0.12 and not plan.tampered:
            return "partial"
        return "scan" if roll < 0.6 else "digital"
    # Statements are downloaded from online banking; paystubs are as often
    # printed and scanned back to PDF.
    if plan.extension == "pdf" and plan.kind == "paystub" and rng.random() < 0.2:
        return "scan"
    return "digital"


def render_document(plan: DocumentPlan, *, forge: bool | None = None) -> RenderedDocument:
    """Draw ``plan`` in memory.

    ``forge=False`` draws the genuine twin of a forged document (same
    figures, same capture), which is how tests prove the forgery changed
    the pixels it claims to have changed.
    """
    forge = plan.tampered if forge is None else forge
    marks: list[FieldMark] = []
    facts_rng = plan.rng("figures")
    if plan.kind == "paystub":
        stub = paystub.make_paystub(facts_rng)
        canvases = paystub.render_paystub(stub, marks)
        meta = paystub.extracted_meta(stub)
        person_name = stub.employee.full_name
        provenance = _paystub_provenance(stub, plan.extension)
    else:
        statement = bank_statement.make_statement(facts_rng, single_page=plan.extension != "pdf")
        canvases = bank_statement.render_statement(statement, marks)
        meta = bank_statement.extracted_meta(statement)
        person_name = statement.holder.full_name
        provenance = _statement_provenance(statement)
    pages = [canvas.image for canvas in canvases]

    capture_rng = plan.rng("capture")
    capture = _capture_for(plan, capture_rng)
    # A few forgers print their edit and scan it again, which wipes every compression trace.
    laundered = forge and capture == "scan" and plan.rng("laundering").random() < LAUNDERED_SHARE
    tampering = None
    if laundered:
        tampering = _forge(_Workbench(plan, pages, marks, meta, compressed=False), plan.rng("forgery"))
    if capture == "scan":
        scan = scanned(pages, capture_rng)
        pages = scan.pages
        marks = [_on_scan(mark, scan) for mark in marks]
    elif capture == "partial":
        first, cut = partial_photo(pages[0], capture_rng)
        pages = [first]
        _forget_hidden_fields(meta, marks, cut)
    if forge and not laundered:
        # The forger edits the file as received: a JPEG unless it came as a PNG.
        source_quality = _source_quality(plan, capture)
        pages = as_received(pages, source_quality)
        bench = _Workbench(plan, pages, marks, meta, compressed=source_quality is not None)
        tampering = _forge(bench, plan.rng("forgery"))
        tampering = dataclasses.replace(tampering, source_quality=source_quality)
    if tampering is not None:
        if laundered:
            tampering = dataclasses.replace(
                tampering,
                regions=tuple((page, scan.place(page, box)) for page, box in tampering.regions),
                ela_blind="edited, then printed and scanned again: the scan carries no trace of the edit",
            )
        meta.update(tampering.meta_changes)
        person_name = tampering.person_name or person_name

    provenance_rng = plan.rng("provenance")
    edited_metadata = tampering is not None and provenance_rng.random() < 0.75
    if edited_metadata:
        provenance = Provenance(
            title=provenance.title,
            author=provenance.author,
            software=provenance_rng.choice(_EDITORS),
            created=provenance.created,
            modified=provenance.created
            + timedelta(days=provenance_rng.randint(12, 240), minutes=provenance_rng.randint(0, 900)),
        )
    elif capture != "digital":
        scanned_at = provenance.created + timedelta(
            days=provenance_rng.randint(2, 60), minutes=provenance_rng.randint(0, 900)
        )
        provenance = Provenance(
            title=provenance.title,
            author=person_name,
            software=provenance_rng.choice(_SCANNER_SOFTWARE),
            created=scanned_at,
            modified=scanned_at,
            device=provenance_rng.choice(_SCANNER_DEVICES),
        )
    jpeg_quality = provenance_rng.randint(80, 88) if capture != "digital" else provenance_rng.randint(88, 94)

    verdict = check_document(
        plan.rng("machine-check"),
        tampering=tampering,
        media_type=MEDIA_TYPES[plan.extension],
        capture=capture,
        edited_metadata=edited_metadata,
    )
    meta["ocr_confidence"] = verdict.ocr_confidence
    return RenderedDocument(plan, pages, meta, person_name, tampering, capture, verdict, provenance, jpeg_quality)


def _source_quality(plan: DocumentPlan, capture: Capture) -> int | None:
    """JPEG quality of the file a forger opened: the scanner's, or the bank's PDF page's (None: a PNG)."""
    if plan.extension == "png":
        return None
    return plan.rng("forger-source").randint(80, 88) if capture == "scan" else plan.rng("forger-source").randint(88, 94)


def _on_scan(mark: FieldMark, scan: Scan) -> FieldMark:
    """``mark`` where the scan shows it, in the colours the scan shows (what an eyedropper picks there)."""
    image = scan.pages[mark.page]
    box = scan.place(mark.page, mark.box)
    background = _median_colour(image.crop((box[0], max(0, box[1] - 4), box[2], box[1])))
    ink = _darkest_colour(image.crop(box))
    return dataclasses.replace(mark, box=box, background=background, ink=ink)


def _median_colour(area: Image.Image) -> RGB:
    median = ImageStat.Stat(area.convert("RGB")).median
    return (median[0], median[1], median[2])


def _darkest_colour(area: Image.Image) -> RGB:
    low = ImageStat.Stat(area.convert("RGB")).extrema
    return (low[0][0], low[1][0], low[2][0])


def _paystub_provenance(stub: paystub.PaystubFacts, extension: str) -> Provenance:
    created = datetime.combine(stub.pay_date, time(6, 15)) - timedelta(days=1)
    exporter = "PDF Engine" if extension == "pdf" else "Image Export"
    return Provenance(
        title=f"Earnings Statement {stub.period_end.isoformat()}",
        author=stub.employer.payroll_provider,
        software=f"{stub.employer.payroll_provider} {exporter}",
        created=created,
        modified=created,
    )


def _statement_provenance(statement: bank_statement.StatementFacts) -> Provenance:
    created = datetime.combine(statement.period_end + timedelta(days=2), time(3, 40))
    return Provenance(
        title=f"Statement {statement.period_start:%B %Y}",
        author=statement.bank.name,
        software=statement.bank.statement_software,
        created=created,
        modified=created,
    )


@dataclass(frozen=True)
class _Workbench:
    """What a forger works on: the pages as opened, where each value is printed, what OCR reads, and
    whether the opened file was a JPEG (``compressed``)."""

    plan: DocumentPlan
    pages: list[Image.Image]
    marks: list[FieldMark]
    meta: dict[str, object]
    compressed: bool


def _forge(bench: _Workbench, rng: random.Random) -> Tampering:
    plan, pages, marks, meta = bench.plan, bench.pages, bench.marks, bench.meta
    kind: TamperKind = rng.choices(TAMPER_KINDS, (0.45, 0.25, 0.3))[0]
    if kind == "font_mismatch":
        name_field = "employee_name" if plan.kind == "paystub" else "account_holder"
        return swap_name(pages, marks, name_field, pick_other_name(rng, str(meta[name_field])), rng)
    if kind == "pasted_region":
        pasted = _paste(bench, rng)
        if pasted is not None:
            return pasted
    if plan.kind == "paystub":
        field_name = rng.choice(("net_pay", "net_pay", "gross_pay"))
        original = _figure(meta, field_name)
        # Forgers type a round-looking raise but keep the cents.
        inflated = round(original * rng.uniform(1.2, 1.65)) + round(original % 1, 2)
    else:
        field_name = "closing_balance"
        inflated = _figure(meta, field_name) + rng.randrange(1500, 9000, 50)
    return edit_figure(pages, marks, field_name, inflated, rng)


def _figure(meta: dict[str, object], key: str) -> float:
    value = meta[key]
    if not isinstance(value, int | float):
        raise TypeError(f"extracted_meta[{key!r}] is not a figure: {value!r}")
    return float(value)


def _paste(bench: _Workbench, rng: random.Random) -> Tampering | None:
    """Copy-move: gross pay over the net-pay box, or a payroll row over a debit.

    OCR then reads the copied row where the debit was: its amount and its
    balance, which breaks the running balance from that row on.
    """
    plan, pages, marks, meta, compressed = bench.plan, bench.pages, bench.marks, bench.meta, bench.compressed
    if plan.kind == "paystub":
        gross = max((m for m in marks if m.name == "gross_pay"), key=lambda m: m.size)
        net = max((m for m in marks if m.name == "net_pay"), key=lambda m: m.size)
        source = (gross.box[0] - 2, gross.box[1] - 2, gross.box[2] + 2, gross.box[3] + 2)
        amount = float(gross.text.lstrip("$").replace(",", ""))
        return paste_region(
            pages, net.page, source, net.box, rng, meta_changes={"net_pay": amount}, compressed=compressed
        )
    rows = [m for m in marks if m.name in ("deposit_row", "withdrawal_row")]  # one per transaction, in order
    for page in range(len(pages)):
        payroll = [m for m in rows if m.page == page and m.name == "deposit_row" and "PAYROLL" in m.text]
        debits = [m for m in rows if m.page == page and m.name == "withdrawal_row"]
        if payroll and debits:
            copied = rng.choice(payroll)
            covered = rng.choice(debits)
            transactions = list(meta["transactions"])  # type: ignore[call-overload]
            transactions[rows.index(covered)] = transactions[rows.index(copied)]
            return paste_region(
                pages,
                page,
                copied.box,
                covered.box,
                rng,
                meta_changes={"transactions": transactions},
                compressed=compressed,
            )
    return None


# Which printed marks carry which extracted_meta keys.
_MARKS_FOR_KEY = {
    "statement_period_start": "statement_period",
    "statement_period_end": "statement_period",
}
_UNREADABLE_WHEN_PARTIAL = ("transaction_count", "page_count", "ytd_net_pay", "transactions")


def _forget_hidden_fields(meta: dict[str, object], marks: list[FieldMark], cut: int) -> None:
    """Blank the fields a partial photo no longer shows (OCR cannot read them)."""
    visible = {m.name for m in marks if m.page == 0 and m.box[3] <= cut}
    marked = {m.name for m in marks}
    for key in meta:
        mark_name = _MARKS_FOR_KEY.get(key, key)
        if (mark_name in marked and mark_name not in visible) or key in _UNREADABLE_WHEN_PARTIAL:
            meta[key] = None


def write_rendered(rendered: RenderedDocument, directory: Path) -> PooledDocument:
    plan = rendered.plan
    file_path = directory / f"{plan.stem}.{plan.extension}"
    thumb_path = directory / f"{plan.stem}.thumb.png"
    write_document(file_path, rendered.pages, rendered.provenance, jpeg_quality=rendered.jpeg_quality)
    write_thumbnail(thumb_path, rendered.pages[0])
    return PooledDocument(
        kind=plan.kind,
        file_path=file_path,
        thumb_path=thumb_path,
        media_type=rendered.media_type,
        extracted_meta=rendered.meta,
        meta_data_flags=rendered.verdict.flags,
        suggested_ruling=rendered.verdict.suggested_ruling,
        tampered=rendered.tampering is not None,
        person_name=rendered.person_name,
    )


def build_pool(directory: Path, *, seed: int, size: int) -> list[PooledDocument]:
    """Write ``size`` documents under ``directory`` and describe them.

    Deterministic for (seed, size). If ``directory`` already holds a
    complete pool from the same seed, size and generator version, its
    manifest is reused and nothing is redrawn. Blocking (CPU and disk);
    call it from a worker thread or the seeding command, not the UI loop.
    """
    if size < 0:
        raise ValueError("pool size must not be negative")
    directory.mkdir(parents=True, exist_ok=True)
    manifest_path = directory / MANIFEST_NAME
    key = {"generator": GENERATOR_VERSION, "seed": seed, "size": size}
    previous = _read_manifest(manifest_path)
    if previous is not None and previous.get("key") == key:
        reused = _documents_from_manifest(previous, directory)
        if reused is not None:
            return reused

    documents = [write_rendered(render_document(plan), directory) for plan in plan_pool(seed, size)]
    if previous is not None:
        _remove_stale_files(previous, directory, documents)
    _write_manifest(manifest_path, key, documents)
    return documents


def _read_manifest(path: Path) -> dict[str, object] | None:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def _documents_from_manifest(manifest: dict[str, object], directory: Path) -> list[PooledDocument] | None:
    entries = manifest.get("documents")
    if not isinstance(entries, list):
        return None
    documents = []
    for entry in entries:
        document = PooledDocument(
            kind=entry["kind"],
            file_path=directory / entry["file"],
            thumb_path=directory / entry["thumb"],
            media_type=entry["media_type"],
            extracted_meta=entry["extracted_meta"],
            meta_data_flags=tuple(entry["meta_data_flags"]),
            suggested_ruling=entry["suggested_ruling"],
            tampered=entry["tampered"],
            person_name=entry["person_name"],
        )
        if not (document.file_path.is_file() and document.thumb_path.is_file()):
            return None
        documents.append(document)
    return documents


def _write_manifest(path: Path, key: dict[str, int], documents: list[PooledDocument]) -> None:
    entries = []
    for document in documents:
        entry = asdict(document)
        entry["file"] = document.file_path.name
        entry["thumb"] = document.thumb_path.name
        del entry["file_path"], entry["thumb_path"]
        entries.append(entry)
    write_atomically(path, json.dumps({"key": key, "documents": entries}, indent=1).encode("utf-8"))


def _remove_stale_files(previous: dict[str, object], directory: Path, documents: list[PooledDocument]) -> None:
    """Delete files of an older pool that the new pool does not overwrite."""
    current = {name for document in documents for name in (document.file_path.name, document.thumb_path.name)}
    entries = previous.get("documents")
    for entry in entries if isinstance(entries, list) else []:
        for name in (entry.get("file"), entry.get("thumb")):
            if isinstance(name, str) and name not in current and Path(name).name == name:
                (directory / name).unlink(missing_ok=True)
