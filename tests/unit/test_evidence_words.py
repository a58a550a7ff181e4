"""Evidence in words: flags, extracted values, similarity hits and stored findings read as sentences."""

from __future__ import annotations

from ui.evidence_panel import findings_html
from ui.evidence_words import flag_words, similarity_words, value_text


def test_known_flags_are_explained_and_unknown_ones_are_shown_humanised() -> None:
    assert flag_words("copy_move_forgery") == "A region appears to be copied from elsewhere in the same document."
    assert flag_words("odd_margin_spacing") == "Odd margin spacing."


def test_values_are_shown_as_people_write_them() -> None:
    assert value_text(3500.0) == "3,500.00"
    assert value_text(None) == "—"
    assert value_text(True) == "yes"
    assert value_text(["a", 2]) == "a, 2"


def test_similarity_hits_in_the_specs_shape_and_with_percent_scores() -> None:
    spec_hit = {"entry_id": "uuid-123", "similarity_score": 0.95, "matching_proof_id": "uuid-456"}
    assert similarity_words(spec_hit) == "95 % similar to a document of entry uuid-123 (document uuid-456)."
    assert similarity_words({"score": 91}) == "91 % similar to another document."
    named = {**spec_hit, "entry_short_id": "E-0000042", "document_kind": "BANK_STATEMENT"}
    assert similarity_words(named) == "95 % similar to the bank statement of entry E-0000042."


def test_failed_arithmetic_names_its_fields_and_amounts_and_an_edited_pdf_says_so() -> None:
    html = findings_html(
        {
            "arithmetic": [
                {
                    "name": "net",
                    "passed": False,
                    "message": "gross_pay 3,500.00 - deductions 850.00 ≠ net_pay 2,900.00",
                },
                {"name": "ytd", "passed": True, "message": "Year-to-date figures grow by one period"},
            ],
            "pdf": {"producer": "PixelEdit 3", "revisions": 3, "broken_xref": True, "pages": []},
        }
    )
    assert "✗ gross_pay 3,500.00 - deductions 850.00 ≠ net_pay 2,900.00" in html
    assert "✓ Year-to-date figures grow by one period" in html
    assert "Written by PixelEdit 3" in html and "3 revisions" in html and "cross-reference table is broken" in html


def test_ela_names_the_areas_that_stand_out_or_says_that_none_does() -> None:
    regions = [{"box": [640, 616, 736, 672], "score": 7.04}, {"box": [48, 240, 96, 264], "score": 1.3}]
    html = findings_html({"ela": {"stands_out": 3.0, "regions": regions}})
    assert "1 area stands out: 7.0x the page&#x27;s usual level at (640, 616, 736, 672)." in html
    assert "(48, 240, 96, 264)" not in html
    grainy = findings_html({"ela": {"stands_out": 7.5, "regions": regions}})
    assert "No area stands out: the strongest is 7.0x the page&#x27;s usual level (7.5x would)." in grainy
