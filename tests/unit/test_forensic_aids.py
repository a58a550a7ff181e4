"""Each forensic aid on hand-made inputs whose right answer is known."""

from __future__ import annotations

import io

from PIL import Image

from services.forensics.arithmetic import check_document, check_paystub_series
from services.forensics.fingerprints import PageFingerprint
from services.forensics.pdf_anatomy import pdf_anatomy

STUB = {
    "document_type": "paystub",
    "employer": "Northwind",
    "pay_period_start": "2025-03-23",
    "pay_period_end": "2025-04-05",
    "pay_date": "2025-04-08",
    "pay_frequency": "bi-weekly",
    "gross_pay": 3136.32,
    "net_pay": 2372.44,
    "total_deductions": 763.88,
    "ytd_gross_pay": 22224.06,
    "ytd_net_pay": 16811.19,
}


def test_a_consistent_paystub_passes_and_an_edited_net_pay_is_named_with_amounts() -> None:
    assert all(check.passed for check in check_document(STUB))
    failed = [check for check in check_document({**STUB, "net_pay": 3372.44}) if check.passed is False]
    assert len(failed) == 1
    assert "net_pay reads $3,372.44" in failed[0].message and "$2,372.44" in failed[0].message


def test_unreadable_fields_are_not_guessed() -> None:
    check = check_document({**STUB, "total_deductions": None})[0]
    assert check.passed is None and "total_deductions" in check.message


def test_a_series_of_stubs_checks_year_to_date_growth_and_pay_dates() -> None:
    next_stub = {**STUB, "pay_date": "2025-04-22", "ytd_gross_pay": 22224.06 + 3136.32}
    assert all(check.passed for check in check_paystub_series([next_stub, STUB]))
    forged = {**next_stub, "pay_date": "2025-04-25", "ytd_gross_pay": 30000.00}
    failed = [check for check in check_paystub_series([STUB, forged]) if check.passed is False]
    assert {check.name.split(" (")[0] for check in failed} == {
        "year-to-date grows by one period",
        "pay dates keep the pay frequency",
    }


def test_a_bank_statement_that_does_not_add_up_names_the_fields() -> None:
    statement = {
        "document_type": "bank_statement",
        "opening_balance": 4384.4,
        "total_deposits": 10783.4,
        "total_withdrawals": 5269.13,
        "closing_balance": 9898.67,
        "transactions": [{"amount": 100, "balance": 4484.4}, {"amount": -50, "balance": 4444.4}],
    }
    balance, running = check_document(statement)
    assert balance.passed is True
    assert running.passed is False and "row 2" in running.message and "$4,434.40" in running.message
    edited = check_document({**statement, "closing_balance": 14898.67})[0]
    assert edited.passed is False and "closing_balance reads $14,898.67" in edited.message


def test_bands_split_the_hash_and_blank_bands_are_not_searched() -> None:
    fingerprint = PageFingerprint((1 << 255) | 5)
    assert fingerprint.bands == (-(1 << 63), 0, 0, 5)
    assert fingerprint.search_bands == (-(1 << 63), None, None, 5)
    assert len(fingerprint.bits) == 256 and fingerprint.distance(PageFingerprint(5)) == 1


def test_corrupt_and_non_pdf_files_give_a_reason_not_a_crash() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 300), "white").save(buffer, "PDF")
    truncated = buffer.getvalue()[:200]
    assert pdf_anatomy(truncated).unreadable is not None
    assert pdf_anatomy(b"not a pdf").unreadable == "The file is not a PDF."
    damaged_xref = buffer.getvalue().replace(b"startxref\n", b"startxref\n1")
    assert pdf_anatomy(damaged_xref).broken_xref is True
