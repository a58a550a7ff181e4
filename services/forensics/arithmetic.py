"""Re-doing a document's sums from its ``extracted_meta``: a typed-over figure rarely keeps them right.

Amounts are compared to the cent (``Decimal``, never floats). A check
whose fields OCR could not read reports ``passed=None`` and says which,
instead of guessing. A failed check names the fields and the amounts, so
the reviewer knows where on the page to look. The field names are the
ones intake's OCR (and the demo generator) writes; see
``demo/documents/paystub.py`` and ``bank_statement.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Final

from services.forensics.findings import ArithmeticCheck

_CENT: Final = Decimal("0.01")
_PERIOD_DAYS: Final = {"weekly": (7, 7), "bi-weekly": (14, 14), "semi-monthly": (13, 16), "monthly": (28, 31)}
"""Pay period length in days (first to last day inclusive), per pay frequency."""
_PAY_DATE_GAP: Final = {"weekly": (7, 7), "bi-weekly": (14, 14), "semi-monthly": (12, 19), "monthly": (28, 31)}

type Meta = Mapping[str, object]


def check_document(meta: Meta) -> tuple[ArithmeticCheck, ...]:
    """The checks that apply to one document, by its ``document_type``."""
    kind = meta.get("document_type")
    if kind == "paystub":
        return (_net_pay(meta), _pay_period(meta), _year_to_date_covers_period(meta))
    if kind == "bank_statement":
        return (_statement_balance(meta), _running_balance(meta))
    return ()


def check_paystub_series(stubs: Iterable[Meta]) -> tuple[ArithmeticCheck, ...]:
    """Across an applicant's paystubs from one employer: YTD grows by one period's pay, pay dates keep the rhythm.

    Stubs are grouped by employer and ordered by pay date; stubs with
    unreadable dates or figures are left out of the series they cannot join.
    """
    series: dict[object, list[Meta]] = {}
    for stub in stubs:
        if stub.get("document_type") == "paystub" and _date(stub, "pay_date") is not None:
            series.setdefault(stub.get("employer"), []).append(stub)
    checks: list[ArithmeticCheck] = []
    for employer, members in series.items():
        members.sort(key=lambda stub: str(stub["pay_date"]))
        for earlier, later in pairwise(members):
            checks.append(_ytd_growth(employer, earlier, later))
            checks.append(_pay_date_gap(employer, earlier, later))
    return tuple(checks)


def _amount(meta: Meta, key: str) -> Decimal | None:
    value = meta.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return Decimal(str(value)).quantize(_CENT)
    except InvalidOperation:
        return None


def _date(meta: Meta, key: str) -> datetime.date | None:
    value = meta.get(key)
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _unreadable(name: str, meta: Meta, keys: Sequence[str]) -> ArithmeticCheck | None:
    missing = [key for key in keys if meta.get(key) is None]
    if not missing:
        return None
    return ArithmeticCheck(name, None, f"Not checked: {', '.join(missing)} could not be read.", tuple(keys))


def _money(value: Decimal) -> str:
    return f"${value:,.2f}"


def _net_pay(meta: Meta) -> ArithmeticCheck:
    keys = ("gross_pay", "total_deductions", "net_pay")
    name = "gross pay - deductions = net pay"
    gross, deductions, net = (_amount(meta, key) for key in keys)
    if gross is None or deductions is None or net is None:
        return _unreadable(name, meta, keys) or ArithmeticCheck(name, None, "Not checked: figures unreadable.", keys)
    expected = gross - deductions
    if expected == net:
        return ArithmeticCheck(name, True, f"{_money(gross)} - {_money(deductions)} = {_money(net)}.", keys)
    return ArithmeticCheck(
        name,
        False,
        f"gross_pay {_money(gross)} - total_deductions {_money(deductions)} = {_money(expected)}, "
        f"but net_pay reads {_money(net)} ({_money(net - expected)} off).",
        keys,
    )


def _pay_period(meta: Meta) -> ArithmeticCheck:
    keys = ("pay_period_start", "pay_period_end", "pay_frequency")
    name = "pay period fits the pay frequency"
    start, end, frequency = _date(meta, keys[0]), _date(meta, keys[1]), meta.get("pay_frequency")
    if start is None or end is None or frequency not in _PERIOD_DAYS:
        return _unreadable(name, meta, keys) or ArithmeticCheck(name, None, "Not checked: unknown pay frequency.", keys)
    days = (end - start).days + 1
    low, high = _PERIOD_DAYS[str(frequency)]
    if low <= days <= high:
        return ArithmeticCheck(name, True, f"A {days}-day period for {frequency} pay.", keys)
    return ArithmeticCheck(
        name, False, f"pay_period_start {start} to pay_period_end {end} is {days} days, not {frequency}.", keys
    )


def _year_to_date_covers_period(meta: Meta) -> ArithmeticCheck:
    keys = ("gross_pay", "ytd_gross_pay", "net_pay", "ytd_net_pay")
    name = "year-to-date includes this period"
    gross, ytd_gross, net, ytd_net = (_amount(meta, key) for key in keys)
    if gross is None or ytd_gross is None:
        return _unreadable(name, meta, keys[:2]) or ArithmeticCheck(name, None, "Not checked.", keys)
    problems = []
    if ytd_gross < gross:
        problems.append(f"ytd_gross_pay {_money(ytd_gross)} is less than gross_pay {_money(gross)}")
    if net is not None and ytd_net is not None and ytd_net < net:
        problems.append(f"ytd_net_pay {_money(ytd_net)} is less than net_pay {_money(net)}")
    if problems:
        return ArithmeticCheck(name, False, "; ".join(problems) + ".", keys)
    return ArithmeticCheck(name, True, "Year-to-date figures are at least this period's.", keys)


def _ytd_growth(employer: object, earlier: Meta, later: Meta) -> ArithmeticCheck:
    keys = ("ytd_gross_pay", "gross_pay")
    name = f"year-to-date grows by one period ({employer})"
    before, after, gross = (
        _amount(earlier, "ytd_gross_pay"),
        _amount(later, "ytd_gross_pay"),
        _amount(later, "gross_pay"),
    )
    first, second = _date(earlier, "pay_date"), _date(later, "pay_date")
    if before is None or after is None or gross is None or first is None or second is None:
        return ArithmeticCheck(name, None, "Not checked: a year-to-date or gross figure could not be read.", keys)
    if first.year != second.year:
        return ArithmeticCheck(name, None, f"Not checked: {first} and {second} fall in different years.", keys)
    if after - before == gross:
        return ArithmeticCheck(name, True, f"{_money(before)} + {_money(gross)} = {_money(after)}.", keys)
    return ArithmeticCheck(
        name,
        False,
        f"ytd_gross_pay went from {_money(before)} ({first}) to {_money(after)} ({second}), "
        f"up {_money(after - before)}, but gross_pay of the later stub is {_money(gross)}.",
        keys,
    )


def _pay_date_gap(employer: object, earlier: Meta, later: Meta) -> ArithmeticCheck:
    keys = ("pay_date", "pay_frequency")
    name = f"pay dates keep the pay frequency ({employer})"
    first, second, frequency = _date(earlier, "pay_date"), _date(later, "pay_date"), later.get("pay_frequency")
    if first is None or second is None or frequency not in _PAY_DATE_GAP:
        return ArithmeticCheck(name, None, "Not checked: pay dates or frequency unreadable.", keys)
    low, high = _PAY_DATE_GAP[str(frequency)]
    gap = (second - first).days
    periods = max(1, round(gap / ((low + high) / 2)))
    if low * periods <= gap <= high * periods:
        return ArithmeticCheck(name, True, f"{gap} days between pay dates fits {frequency} pay.", keys)
    return ArithmeticCheck(
        name, False, f"pay_date {first} then {second} is {gap} days apart, which {frequency} pay does not give.", keys
    )


def _statement_balance(meta: Meta) -> ArithmeticCheck:
    keys = ("opening_balance", "total_deposits", "total_withdrawals", "closing_balance")
    name = "opening + deposits - withdrawals = closing"
    opening, deposits, withdrawals, closing = (_amount(meta, key) for key in keys)
    if opening is None or deposits is None or withdrawals is None or closing is None:
        return _unreadable(name, meta, keys) or ArithmeticCheck(name, None, "Not checked: figures unreadable.", keys)
    expected = opening + deposits - withdrawals
    if expected == closing:
        return ArithmeticCheck(
            name, True, f"{_money(opening)} + {_money(deposits)} - {_money(withdrawals)} = {_money(closing)}.", keys
        )
    return ArithmeticCheck(
        name,
        False,
        f"opening_balance {_money(opening)} + total_deposits {_money(deposits)} - total_withdrawals "
        f"{_money(withdrawals)} = {_money(expected)}, but closing_balance reads {_money(closing)} "
        f"({_money(closing - expected)} off).",
        keys,
    )


def _running_balance(meta: Meta) -> ArithmeticCheck:
    """Each transaction's printed balance is the previous one plus its amount, and the last one is the closing balance.

    Checked from the opening balance, row by row, when OCR read the rows.
    The first row that does not carry the balance forward is named with its
    date, description and amounts: a pasted or retyped row breaks the
    chain exactly there, and every later row agrees with the edit.
    """
    keys = ("opening_balance", "transactions", "closing_balance")
    name = "running balance is consistent"
    rows, balance = meta.get("transactions"), _amount(meta, "opening_balance")
    if not isinstance(rows, list) or balance is None:
        return ArithmeticCheck(name, None, "Not checked: the transaction rows were not extracted.", keys)
    for number, row in enumerate(rows, start=1):
        amount = _amount(row, "amount") if isinstance(row, Mapping) else None
        printed = _amount(row, "balance") if isinstance(row, Mapping) else None
        if amount is None or printed is None:
            return ArithmeticCheck(name, None, f"Not checked: row {number}'s amount or balance is unreadable.", keys)
        expected = balance + amount
        if printed != expected:
            return ArithmeticCheck(
                name,
                False,
                f"transactions row {number} ({_row_label(row)}): balance {_money(balance)} + amount "
                f"{_money(amount)} = {_money(expected)}, but the row's balance reads {_money(printed)} "
                f"({_money(printed - expected)} off).",
                keys,
            )
        balance = printed
    closing = _amount(meta, "closing_balance")
    if closing is not None and closing != balance:
        return ArithmeticCheck(
            name,
            False,
            f"the last row's balance is {_money(balance)}, but closing_balance reads {_money(closing)} "
            f"({_money(closing - balance)} off).",
            keys,
        )
    return ArithmeticCheck(name, True, f"All {len(rows)} rows carry the balance forward to the closing balance.", keys)


def _row_label(row: Mapping[str, object]) -> str:
    return " ".join(str(row[key]) for key in ("date", "description") if row.get(key))
