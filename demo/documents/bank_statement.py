"""Bank statements: a month of transactions, then the printed pages.

The running balance is computed row by row from the opening balance, so on
a clean statement opening + deposits - withdrawals = closing, and the
balance column agrees with every row. Forged statements break exactly
those sums, which is what a reviewer checks.
"""

from __future__ import annotations

import random
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from .identities import BANKS, EMPLOYERS, OTHER_CREDITS, PURCHASES, Bank, Person, pick_person
from .layout import BAND, INK, MARGIN, MUTED, PAPER, RULE, FieldMark, PageCanvas, dollars, fit_text, money, tint

_ROW_HEIGHT = 22
_MONTHLY_PREFIXES = ("ACH DEBIT", "ACH CREDIT", "RECURRING PAYMENT", "INTEREST")
_FIRST_PAGE_TABLE_TOP = 478
_NEXT_PAGE_TABLE_TOP = 176
_TABLE_BOTTOM = 1000
# How many transaction rows fit on the first and on each further page.
FIRST_PAGE_ROWS = (_TABLE_BOTTOM - _FIRST_PAGE_TABLE_TOP - 34) // _ROW_HEIGHT
NEXT_PAGE_ROWS = (_TABLE_BOTTOM - _NEXT_PAGE_TABLE_TOP - 34) // _ROW_HEIGHT


@dataclass(frozen=True)
class Transaction:
    """One posted transaction; ``amount`` is positive for credits."""

    posted: date
    description: str
    amount: float
    balance: float


@dataclass(frozen=True)
class StatementFacts:
    """Everything printed on one account statement."""

    bank: Bank
    holder: Person
    account_last4: str
    period_start: date
    period_end: date
    opening_balance: float
    transactions: tuple[Transaction, ...]

    @property
    def closing_balance(self) -> float:
        return self.transactions[-1].balance if self.transactions else self.opening_balance

    @property
    def total_deposits(self) -> float:
        return round(sum(t.amount for t in self.transactions if t.amount > 0), 2)

    @property
    def total_withdrawals(self) -> float:
        return round(-sum(t.amount for t in self.transactions if t.amount < 0), 2)

    @property
    def deposit_count(self) -> int:
        return sum(1 for t in self.transactions if t.amount > 0)

    @property
    def withdrawal_count(self) -> int:
        return sum(1 for t in self.transactions if t.amount < 0)

    @property
    def page_count(self) -> int:
        extra_rows = max(0, len(self.transactions) - FIRST_PAGE_ROWS)
        return 1 + -(-extra_rows // NEXT_PAGE_ROWS)


def make_statement(rng: random.Random, *, single_page: bool) -> StatementFacts:
    """Draw a month of plausible activity for a fictional account holder.

    ``single_page`` keeps the statement to one page (image uploads are one
    photographed or screenshotted page).
    """
    bank = rng.choice(BANKS)
    holder = pick_person(rng)
    year, month = 2025, rng.randint(1, 10)
    period_start = date(year, month, 1)
    period_end = date(year, month, monthrange(year, month)[1])
    days = (period_end - period_start).days

    employer = rng.choice(EMPLOYERS).name.upper().replace(".", "").replace(",", "")
    paycheck = round(rng.uniform(900, 3600), 2)
    first_payday = rng.randint(1, 13)
    entries: list[tuple[date, str, float]] = [
        (
            period_start + timedelta(days=day),
            f"PAYROLL DIRECT DEP {employer} PPD",
            round(paycheck * rng.uniform(0.96, 1.04), 2),
        )
        for day in range(first_payday, days + 1, 14)
    ]
    if rng.random() < 0.8:
        landlord = rng.choice(("OAKWOOD PROPERTY MGMT", "PARKSIDE APARTMENTS", "R&J RENTALS LLC", "CITYVIEW LOFTS"))
        entries.append(
            (
                period_start + timedelta(days=rng.randint(0, 4)),
                f"ONLINE TRANSFER RENT {landlord}",
                -float(rng.randrange(850, 2400, 25)),
            )
        )

    target_rows = FIRST_PAGE_ROWS - 2 if single_page else rng.randint(16, 72)
    while len(entries) < target_rows:
        if rng.random() < 0.1:
            label, low, high = rng.choice(OTHER_CREDITS)
            sign = 1.0
        else:
            label, low, high = rng.choice(PURCHASES)
            sign = -1.0
        amount = round(rng.uniform(low, high), 2)
        if "ATM" in label:
            amount = float(round(amount, -1))
        if label.startswith(_MONTHLY_PREFIXES) and any(description == label for _, description, _ in entries):
            continue  # bills, subscriptions and interest post once a cycle
        posted = period_end if label.startswith("INTEREST") else period_start + timedelta(days=rng.randint(0, days))
        entries.append((posted, label, sign * amount))
    entries.sort(key=lambda entry: entry[0])

    # Choose the opening balance so the account never goes overdrawn.
    running, lowest = 0.0, 0.0
    for _, _, amount in entries:
        running += amount
        lowest = min(lowest, running)
    opening = round(-lowest + rng.uniform(60, 4200), 2)

    transactions: list[Transaction] = []
    balance = opening
    for posted, description, amount in entries:
        balance = round(balance + amount, 2)
        transactions.append(Transaction(posted, description, amount, balance))

    return StatementFacts(
        bank=bank,
        holder=holder,
        account_last4=f"{rng.randint(0, 9999):04d}",
        period_start=period_start,
        period_end=period_end,
        opening_balance=opening,
        transactions=tuple(transactions),
    )


def extracted_meta(facts: StatementFacts) -> dict[str, object]:
    """What an OCR pass over a clean rendering of this statement reports."""
    return {
        "document_type": "bank_statement",
        "bank_name": facts.bank.name,
        "account_holder": facts.holder.full_name,
        "account_holder_address": facts.holder.address.as_text(),
        "account_last4": facts.account_last4,
        "statement_period_start": facts.period_start.isoformat(),
        "statement_period_end": facts.period_end.isoformat(),
        "opening_balance": facts.opening_balance,
        "closing_balance": facts.closing_balance,
        "total_deposits": facts.total_deposits,
        "total_withdrawals": facts.total_withdrawals,
        "transaction_count": len(facts.transactions),
        "page_count": facts.page_count,
        "transactions": [
            {"date": t.posted.isoformat(), "description": t.description, "amount": t.amount, "balance": t.balance}
            for t in facts.transactions
        ],
    }


def _long_date(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def render_statement(facts: StatementFacts, marks: list[FieldMark]) -> list[PageCanvas]:
    """Print the statement: summary on page 1, transactions across pages."""
    page_count = facts.page_count
    pages: list[PageCanvas] = []
    rows = list(facts.transactions)
    start = 0
    for index in range(page_count):
        page = PageCanvas(index, marks)
        if index == 0:
            _first_page_header(page, facts)
            capacity, top = FIRST_PAGE_ROWS, _FIRST_PAGE_TABLE_TOP
        else:
            _next_page_header(page, facts)
            capacity, top = NEXT_PAGE_ROWS, _NEXT_PAGE_TABLE_TOP
        chunk = rows[start : start + capacity]
        start += len(chunk)
        y = _transactions(page, facts, chunk, top, opening=index == 0, closing=index == page_count - 1)
        if index == page_count - 1:
            _closing_notes(page, y + 18)
        _footer(page, facts, index, page_count)
        pages.append(page)
    return pages


def _logo(page: PageCanvas, bank: Bank, x: int, y: int, size: int) -> None:
    page.rect((x, y, x + size, y + size), fill=bank.brand_rgb)
    initials = "".join(word[0] for word in bank.short_name.split()[:2]).upper()
    page.text(
        x + size // 2,
        y + size // 2 - 11,
        initials,
        size=20,
        ink=PAPER,
        bold=True,
        align="center",
        background=bank.brand_rgb,
    )


def _first_page_header(page: PageCanvas, facts: StatementFacts) -> None:
    bank, holder = facts.bank, facts.holder
    right = page.width - MARGIN
    _logo(page, bank, MARGIN, 40, 52)
    page.text(MARGIN + 66, 42, bank.name, size=22, ink=bank.brand_rgb, bold=True, field="bank_name")
    page.text(MARGIN + 66, 72, f"{bank.street}  |  {bank.city_line}", size=12, ink=MUTED)

    page.text(right, 42, "Account Statement", size=18, bold=True, align="right")
    page.text(
        right,
        68,
        f"{_long_date(facts.period_start)} through {_long_date(facts.period_end)}",
        size=13,
        ink=MUTED,
        align="right",
        field="statement_period",
    )
    page.text(
        right,
        87,
        f"Account number: XXXXXX{facts.account_last4}",
        size=13,
        ink=MUTED,
        align="right",
        field="account_last4",
    )
    page.rule(118, colour=bank.brand_rgb, width=2)

    # Mailing block, positioned for a window envelope.
    page.text(MARGIN, 146, holder.full_name.upper(), size=15, bold=True, field="account_holder")
    page.text(MARGIN, 167, holder.address.street.upper(), size=13)
    page.text(MARGIN, 185, holder.address.city_line.upper(), size=13)

    info_x = 520
    page.rect((info_x, 136, right, 222), fill=BAND)
    page.text(info_x + 12, 144, "Questions? Contact us", size=12, ink=MUTED, bold=True, background=BAND)
    page.text(info_x + 12, 164, f"Phone: {bank.phone}", size=12, background=BAND)
    page.text(info_x + 12, 181, f"Online: {bank.website}", size=12, background=BAND)
    page.text(info_x + 12, 198, "Mon-Fri 7am-9pm, Sat 9am-5pm", size=12, background=BAND)

    _summary(page, facts, 248)


def _summary(page: PageCanvas, facts: StatementFacts, y: int) -> None:
    brand = facts.bank.brand_rgb
    page.text(MARGIN, y, f"{facts.bank.account_type} Summary", size=16, ink=brand, bold=True)
    y += 28
    page.rule(y, colour=brand)
    rows = (
        (
            f"Beginning balance on {_long_date(facts.period_start)}",
            dollars(facts.opening_balance),
            "opening_balance",
            False,
        ),
        (
            f"Deposits and other credits ({facts.deposit_count})",
            f"+ {dollars(facts.total_deposits)}",
            "total_deposits",
            False,
        ),
        (
            f"Withdrawals and other debits ({facts.withdrawal_count})",
            f"- {dollars(facts.total_withdrawals)}",
            "total_withdrawals",
            False,
        ),
        ("Service fees", "$0.00", None, False),
        (f"Ending balance on {_long_date(facts.period_end)}", dollars(facts.closing_balance), "closing_balance", True),
    )
    y += 9
    for label, value, field, bold in rows:
        if bold:
            page.rule(y - 5, colour=RULE)
        page.text(MARGIN + 4, y, label, size=13, bold=bold)
        page.text(520, y, value, size=14 if bold else 13, bold=bold, align="right", field=field)
        y += 24
    note_y = y - 100
    for index, line in enumerate(
        ("Deposits are insured up to", "the maximum allowed by law.", "Keep this statement for your records.")
    ):
        page.text(560, note_y + index * 18, line, size=12, ink=MUTED)


def _next_page_header(page: PageCanvas, facts: StatementFacts) -> None:
    bank = facts.bank
    right = page.width - MARGIN
    _logo(page, bank, MARGIN, 40, 40)
    page.text(MARGIN + 54, 42, bank.name, size=18, ink=bank.brand_rgb, bold=True)
    page.text(
        MARGIN + 54, 66, f"{facts.holder.full_name.upper()}  |  Account XXXXXX{facts.account_last4}", size=12, ink=MUTED
    )
    page.text(right, 42, "Account Statement", size=14, bold=True, align="right")
    page.text(
        right, 62, f"{facts.period_start:%m/%d/%Y} - {facts.period_end:%m/%d/%Y}", size=12, ink=MUTED, align="right"
    )
    page.rule(98, colour=bank.brand_rgb, width=2)
    page.text(
        MARGIN, _NEXT_PAGE_TABLE_TOP - 34, "Transaction history (continued)", size=15, ink=bank.brand_rgb, bold=True
    )


# Right edges of the amount columns.
_WITHDRAWAL_X, _DEPOSIT_X = 580, 680


def _transactions(
    page: PageCanvas, facts: StatementFacts, rows: list[Transaction], top: int, *, opening: bool, closing: bool
) -> int:
    brand = facts.bank.brand_rgb
    right = page.width - MARGIN
    if opening:
        page.text(MARGIN, top - 34, "Transaction history", size=15, ink=brand, bold=True)
    band = tint(brand, 0.86)
    page.rect((MARGIN, top, right, top + 24), fill=band)
    page.text(MARGIN + 8, top + 5, "Date", size=12, bold=True, background=band)
    page.text(MARGIN + 70, top + 5, "Description", size=12, bold=True, background=band)
    for title, x in (("Withdrawals", _WITHDRAWAL_X), ("Deposits", _DEPOSIT_X), ("Balance", right - 8)):
        page.text(x, top + 5, title, size=12, bold=True, align="right", background=band)
    y = top + 30
    if opening:
        page.text(MARGIN + 8, y, f"{facts.period_start:%m/%d}", size=12)
        page.text(MARGIN + 70, y, "Beginning balance", size=12, ink=MUTED)
        page.text(right - 8, y, money(facts.opening_balance), size=12, align="right")
        y += _ROW_HEIGHT
    for number, row in enumerate(rows):
        shade = (247, 248, 250) if number % 2 else PAPER
        if shade != PAPER:
            page.rect((MARGIN, y - 4, right, y + _ROW_HEIGHT - 4), fill=shade)
        page.text(MARGIN + 8, y, f"{row.posted:%m/%d}", size=12, background=shade)
        page.text(
            MARGIN + 70, y, fit_text(row.description, 12, _WITHDRAWAL_X - 110 - MARGIN - 70), size=12, background=shade
        )
        if row.amount < 0:
            page.text(_WITHDRAWAL_X, y, money(-row.amount), size=12, align="right", background=shade)
        else:
            page.text(
                _DEPOSIT_X, y, money(row.amount), size=12, align="right", background=shade, field="deposit_amount"
            )
            page.mark(
                "deposit_row", (MARGIN, y - 4, right, y + _ROW_HEIGHT - 4), f"{row.description} {money(row.amount)}"
            )
        if row.amount < 0:
            page.mark(
                "withdrawal_row", (MARGIN, y - 4, right, y + _ROW_HEIGHT - 4), f"{row.description} {money(row.amount)}"
            )
        page.text(right - 8, y, money(row.balance), size=12, align="right", background=shade)
        y += _ROW_HEIGHT
    if closing:
        page.rule(y - 4, colour=RULE)
        y += 4
        page.text(MARGIN + 8, y, f"{facts.period_end:%m/%d}", size=12, bold=True)
        page.text(MARGIN + 70, y, "Ending balance", size=12, bold=True)
        page.text(
            right - 8, y, money(facts.closing_balance), size=12, bold=True, align="right", field="closing_balance"
        )
        y += _ROW_HEIGHT
    return y


def _closing_notes(page: PageCanvas, y: int) -> None:
    if y > _TABLE_BOTTOM - 60:
        return
    notes = (
        "In case of errors or questions about your electronic transfers, call us at the number above",
        "or write to us as soon as you can. We must hear from you no later than 60 days after we sent",
        "the FIRST statement on which the problem or error appeared.",
    )
    page.text(MARGIN, y, "Important information", size=12, bold=True, ink=INK)
    for index, line in enumerate(notes):
        page.text(MARGIN, y + 18 + index * 16, line, size=11, ink=MUTED)


def _footer(page: PageCanvas, facts: StatementFacts, index: int, page_count: int) -> None:
    right = page.width - MARGIN
    page.rule(page.height - 62, colour=RULE)
    page.text(
        MARGIN, page.height - 50, f"{facts.bank.name}  |  Member FDIC  |  Equal Housing Lender", size=11, ink=MUTED
    )
    page.text(right, page.height - 50, f"Page {index + 1} of {page_count}", size=11, ink=MUTED, align="right")
