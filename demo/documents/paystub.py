"""Paystubs (earnings statements): the figures, then the printed page.

The figures are computed the way a payroll run computes them — hours times
rate, statutory withholding percentages, year-to-date as the number of
periods elapsed — so a clean stub is internally consistent and an edited
total stands out to a reviewer who adds up the columns.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .identities import EMPLOYERS, Employer, Person, pick_person
from .layout import BAND, INK, MARGIN, MUTED, RULE, FieldMark, PageCanvas, dollars, money, tint

# Pay dates fall in a fixed window so a seed yields the same documents
# whatever day the demo is built.
_FIRST_PERIOD_END = date(2025, 1, 10)
_PERIOD_END_SPAN_DAYS = 300

_FREQUENCIES = {"Weekly": 52, "Bi-Weekly": 26, "Semi-Monthly": 24}

_FILING_STATUSES = ("Single", "Married", "Head of Household")
_PRE_TAX_PREFIXES = ("401(k)", "Medical Pre-Tax")


@dataclass(frozen=True)
class PayLine:
    """One earnings or deduction row: this period and year to date."""

    label: str
    current: float
    ytd: float
    rate: float | None = None
    hours: float | None = None


@dataclass(frozen=True)
class PaystubFacts:
    """Everything printed on one earnings statement."""

    employer: Employer
    employee: Person
    employee_id: str
    ssn_last4: str
    department: str
    filing_status: str
    frequency: str
    period_start: date
    period_end: date
    pay_date: date
    advice_number: str
    earnings: tuple[PayLine, ...]
    deductions: tuple[PayLine, ...]
    deposit_account_last4: str
    time_off: tuple[tuple[str, float, float], ...]  # (kind, hours available, hours used YTD)

    @property
    def gross(self) -> float:
        return round(sum(line.current for line in self.earnings), 2)

    @property
    def gross_ytd(self) -> float:
        return round(sum(line.ytd for line in self.earnings), 2)

    @property
    def total_deductions(self) -> float:
        return round(sum(line.current for line in self.deductions), 2)

    @property
    def total_deductions_ytd(self) -> float:
        return round(sum(line.ytd for line in self.deductions), 2)

    @property
    def federal_taxable(self) -> float:
        """Gross pay less pre-tax deductions (retirement, medical)."""
        pre_tax = sum(line.current for line in self.deductions if line.label.startswith(_PRE_TAX_PREFIXES))
        return round(self.gross - pre_tax, 2)

    @property
    def net(self) -> float:
        return round(self.gross - self.total_deductions, 2)

    @property
    def net_ytd(self) -> float:
        return round(self.gross_ytd - self.total_deductions_ytd, 2)


def _period_bounds(frequency: str, period_end: date) -> date:
    if frequency == "Weekly":
        return period_end - timedelta(days=6)
    if frequency == "Bi-Weekly":
        return period_end - timedelta(days=13)
    # Semi-monthly: 1st to 15th, or 16th to the end of the month.
    return period_end.replace(day=1 if period_end.day <= 15 else 16)


def _semi_monthly_end(day: date) -> date:
    if day.day <= 15:
        return day.replace(day=15)
    next_month = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return next_month - timedelta(days=1)


def make_paystub(rng: random.Random) -> PaystubFacts:
    """Draw a consistent earnings statement for a fictional employee."""
    employer = rng.choice(EMPLOYERS)
    employee = pick_person(rng)
    frequency = rng.choice(tuple(_FREQUENCIES))
    periods_per_year = _FREQUENCIES[frequency]
    period_end = _FIRST_PERIOD_END + timedelta(days=rng.randrange(_PERIOD_END_SPAN_DAYS))
    if frequency == "Semi-Monthly":
        period_end = _semi_monthly_end(period_end)
    period_start = _period_bounds(frequency, period_end)
    pay_date = period_end + timedelta(days=rng.choice((3, 5, 6)))
    periods_elapsed = max(1, round(period_end.timetuple().tm_yday / 365 * periods_per_year))

    earnings = _earnings(rng, employer, periods_per_year, periods_elapsed)
    gross = sum(line.current for line in earnings)
    gross_ytd = sum(line.ytd for line in earnings)
    deductions = _deductions(rng, employee, gross, gross_ytd)

    return PaystubFacts(
        employer=employer,
        employee=employee,
        employee_id=f"{rng.randint(10000, 99999)}",
        ssn_last4=f"{rng.randint(0, 9999):04d}",
        department=rng.choice(employer.departments),
        filing_status=rng.choice(_FILING_STATUSES),
        frequency=frequency,
        period_start=period_start,
        period_end=period_end,
        pay_date=pay_date,
        advice_number=f"{rng.randint(100000, 999999)}",
        earnings=earnings,
        deductions=deductions,
        deposit_account_last4=f"{rng.randint(0, 9999):04d}",
        time_off=(
            ("Vacation", round(rng.uniform(4, 96), 2), float(rng.choice((0, 8, 16, 24, 40)))),
            ("Sick", round(rng.uniform(2, 48), 2), float(rng.choice((0, 0, 4, 8)))),
        ),
    )


def _earnings(
    rng: random.Random, employer: Employer, periods_per_year: int, periods_elapsed: int
) -> tuple[PayLine, ...]:
    def ytd(current: float, spread: float = 0.06) -> float:
        # Earlier periods were similar but not identical (hours vary).
        earlier = current * (periods_elapsed - 1) * rng.uniform(1 - spread, 1 + spread)
        return round(current + earlier, 2)

    if employer.salaried:
        annual = rng.randrange(42_000, 145_000, 500)
        salary = round(annual / periods_per_year, 2)
        lines = [PayLine("Salary", salary, ytd(salary, 0.0))]
        if rng.random() < 0.2:
            bonus = round(rng.uniform(150, 1500), 2)
            lines.append(PayLine("Bonus", bonus, round(bonus * rng.uniform(1, 2.5), 2)))
        return tuple(lines)

    rate = round(rng.uniform(15.5, 46.0), 2)
    regular_hours = {52: 40.0, 26: 80.0, 24: 86.67}[periods_per_year] - rng.choice((0, 0, 0, 4, 8))
    regular = round(rate * regular_hours, 2)
    lines = [PayLine("Regular", regular, ytd(regular), rate, regular_hours)]
    if rng.random() < 0.55:
        ot_hours = float(rng.randint(2, 14))
        ot_rate = round(rate * 1.5, 2)
        overtime = round(ot_rate * ot_hours, 2)
        lines.append(PayLine("Overtime", overtime, ytd(overtime, 0.4), ot_rate, ot_hours))
    if rng.random() < 0.3:
        pto_hours = float(rng.choice((4, 8, 16)))
        pto = round(rate * pto_hours, 2)
        lines.append(PayLine("PTO", pto, round(pto * rng.uniform(1, 4), 2), rate, pto_hours))
    return tuple(lines)


def _deductions(rng: random.Random, employee: Person, gross: float, gross_ytd: float) -> tuple[PayLine, ...]:
    def line(label: str, current: float) -> PayLine:
        current = round(current, 2)
        return PayLine(label, current, round(gross_ytd / gross * current, 2))

    retirement_rate = rng.choice((0.0, 0.03, 0.04, 0.05, 0.06))
    pre_tax = gross * retirement_rate
    lines = [
        line("Federal Income Tax", (gross - pre_tax) * rng.uniform(0.07, 0.14)),
        line("Social Security", gross * 0.062),
        line("Medicare", gross * 0.0145),
    ]
    if employee.address.state_tax_rate:
        lines.append(
            line(f"{employee.address.state} State Income Tax", (gross - pre_tax) * employee.address.state_tax_rate)
        )
    if retirement_rate:
        lines.append(line(f"401(k) {retirement_rate:.0%}", pre_tax))
    if rng.random() < 0.7:
        lines.append(line("Medical Pre-Tax", rng.choice((38.5, 54.25, 86.0, 121.4, 164.8))))
    if rng.random() < 0.5:
        lines.append(line("Dental", rng.choice((6.4, 9.75, 14.2))))
    return tuple(lines)


def extracted_meta(facts: PaystubFacts) -> dict[str, object]:
    """What an OCR pass over a clean rendering of this stub reports."""
    return {
        "document_type": "paystub",
        "employer": facts.employer.name,
        "employee_name": facts.employee.full_name,
        "employee_address": facts.employee.address.as_text(),
        "pay_period_start": facts.period_start.isoformat(),
        "pay_period_end": facts.period_end.isoformat(),
        "pay_date": facts.pay_date.isoformat(),
        "pay_frequency": facts.frequency.lower(),
        "gross_pay": facts.gross,
        "net_pay": facts.net,
        "total_deductions": facts.total_deductions,
        "ytd_gross_pay": facts.gross_ytd,
        "ytd_net_pay": facts.net_ytd,
    }


def _date(value: date) -> str:
    return value.strftime("%m/%d/%Y")


def render_paystub(facts: PaystubFacts, marks: list[FieldMark]) -> list[PageCanvas]:
    """Print the earnings statement on one Letter page."""
    page = PageCanvas(0, marks)
    brand = facts.employer.brand_rgb
    right = page.width - MARGIN

    page.rect((0, 0, page.width, 10), fill=brand)
    _header(page, facts, brand, right)
    y = _employee_block(page, facts, right)
    y = _earnings_table(page, facts, brand, y + 26, right)
    y = _deductions_table(page, facts, brand, y + 22, right)
    y = _summary(page, facts, brand, y + 22, right)
    # The deposit advice sits at the foot of the page, where the perforation
    # is; the time-off and taxable-wage panel fills the gap when it fits.
    voucher_top = max(y + 26, _VOUCHER_TOP)
    if y + 20 + _INFO_HEIGHT <= voucher_top - 10:
        _time_off_and_wages(page, facts, brand, y + 20, right)
    _voucher(page, facts, voucher_top, right)
    return [page]


def _header(page: PageCanvas, facts: PaystubFacts, brand: tuple[int, int, int], right: int) -> None:
    employer = facts.employer
    page.text(MARGIN, 40, employer.name, size=26, ink=brand, bold=True, field="employer")
    page.text(MARGIN, 76, employer.street, size=13, ink=MUTED)
    page.text(MARGIN, 94, employer.city_line, size=13, ink=MUTED)
    page.text(MARGIN, 112, employer.phone, size=13, ink=MUTED)

    page.text(right, 40, "EARNINGS STATEMENT", size=20, ink=INK, bold=True, align="right")
    rows = (
        ("Pay Date", _date(facts.pay_date), "pay_date"),
        ("Period Beginning", _date(facts.period_start), "pay_period_start"),
        ("Period Ending", _date(facts.period_end), "pay_period_end"),
        ("Advice Number", facts.advice_number, None),
    )
    for index, (label, value, field) in enumerate(rows):
        row_y = 74 + index * 19
        page.text(right - 120, row_y, label, size=13, ink=MUTED, align="right")
        page.text(right, row_y, value, size=13, field=field, align="right")
    page.rule(160, colour=brand, width=2)


def _employee_block(page: PageCanvas, facts: PaystubFacts, right: int) -> int:
    employee = facts.employee
    page.text(MARGIN, 176, "EMPLOYEE", size=11, ink=MUTED, bold=True)
    page.text(MARGIN, 194, employee.full_name.upper(), size=16, bold=True, field="employee_name")
    page.text(MARGIN, 216, employee.address.street, size=13)
    page.text(MARGIN, 234, employee.address.city_line, size=13)

    details = (
        ("Employee ID", facts.employee_id),
        ("SSN", f"XXX-XX-{facts.ssn_last4}"),
        ("Department", facts.department),
        ("Pay Frequency", facts.frequency),
        ("Filing Status", f"{facts.filing_status} / Fed"),
    )
    label_x = right - 250
    for index, (label, value) in enumerate(details):
        row_y = 176 + index * 19
        page.text(label_x, row_y, label, size=13, ink=MUTED)
        page.text(right, row_y, value, size=13, align="right")
    return 176 + len(details) * 19


# Column anchors (right edges) of the earnings table.
_RATE_X, _HOURS_X, _CURRENT_X = 430, 530, 650
_ROW = 20
_VOUCHER_TOP = 846
_INFO_HEIGHT = 78


def _table_header(
    page: PageCanvas, y: int, brand: tuple[int, int, int], right: int, columns: tuple[tuple[str, int], ...]
) -> int:
    band = tint(brand, 0.86)
    page.rect((MARGIN, y, right, y + 24), fill=band)
    page.text(MARGIN + 8, y + 5, columns[0][0], size=13, bold=True, background=band)
    for title, x in columns[1:]:
        page.text(x, y + 5, title, size=13, bold=True, align="right", background=band)
    return y + 32


def _earnings_table(page: PageCanvas, facts: PaystubFacts, brand: tuple[int, int, int], y: int, right: int) -> int:
    columns = (
        ("Earnings", 0),
        ("Rate", _RATE_X),
        ("Hours", _HOURS_X),
        ("This Period", _CURRENT_X),
        ("Year to Date", right - 8),
    )
    y = _table_header(page, y, brand, right, columns)
    for line in facts.earnings:
        page.text(MARGIN + 8, y, line.label, size=13)
        if line.rate is not None and line.hours is not None:
            page.text(_RATE_X, y, money(line.rate), size=13, align="right")
            page.text(_HOURS_X, y, f"{line.hours:.2f}", size=13, align="right")
        page.text(_CURRENT_X, y, money(line.current), size=13, align="right")
        page.text(right - 8, y, money(line.ytd), size=13, align="right")
        y += _ROW
    page.rule(y, colour=RULE)
    y += 8
    page.text(MARGIN + 8, y, "Gross Pay", size=13, bold=True)
    page.text(_CURRENT_X, y, money(facts.gross), size=13, bold=True, align="right", field="gross_pay")
    page.text(right - 8, y, money(facts.gross_ytd), size=13, bold=True, align="right", field="ytd_gross_pay")
    return y + _ROW


def _deductions_table(page: PageCanvas, facts: PaystubFacts, brand: tuple[int, int, int], y: int, right: int) -> int:
    y = _table_header(
        page, y, brand, right, (("Deductions", 0), ("This Period", _CURRENT_X), ("Year to Date", right - 8))
    )
    for line in facts.deductions:
        page.text(MARGIN + 8, y, line.label, size=13)
        page.text(_CURRENT_X, y, money(line.current), size=13, align="right")
        page.text(right - 8, y, money(line.ytd), size=13, align="right")
        y += _ROW
    page.rule(y, colour=RULE)
    y += 8
    page.text(MARGIN + 8, y, "Total Deductions", size=13, bold=True)
    page.text(_CURRENT_X, y, money(facts.total_deductions), size=13, bold=True, align="right", field="total_deductions")
    page.text(right - 8, y, money(facts.total_deductions_ytd), size=13, bold=True, align="right")
    y += _ROW
    page.text(MARGIN + 8, y, "Net Pay", size=13, bold=True)
    page.text(_CURRENT_X, y, money(facts.net), size=13, bold=True, align="right", field="net_pay")
    page.text(right - 8, y, money(facts.net_ytd), size=13, bold=True, align="right", field="ytd_net_pay")
    return y + _ROW


def _summary(page: PageCanvas, facts: PaystubFacts, brand: tuple[int, int, int], y: int, right: int) -> int:
    """Three boxes: gross, deductions and the highlighted net pay."""
    width = (right - MARGIN - 2 * 14) // 3
    plain = (250, 250, 251)
    boxes = (
        ("GROSS PAY", facts.gross, "gross_pay", plain),
        ("TOTAL DEDUCTIONS", facts.total_deductions, "total_deductions", plain),
        ("NET PAY", facts.net, "net_pay", tint(brand, 0.9)),
    )
    for index, (title, amount, field, fill) in enumerate(boxes):
        left = MARGIN + index * (width + 14)
        highlighted = field == "net_pay"
        page.rect(
            (left, y, left + width, y + 66),
            fill=fill,
            outline=brand if highlighted else RULE,
            width=2 if highlighted else 1,
        )
        page.text(left + 14, y + 10, title, size=12, ink=MUTED, bold=True, background=fill)
        page.text(
            left + width - 14, y + 32, dollars(amount), size=22, bold=True, align="right", field=field, background=fill
        )
    return y + 66


def _time_off_and_wages(page: PageCanvas, facts: PaystubFacts, brand: tuple[int, int, int], y: int, right: int) -> None:
    """Two small panels real stubs carry: leave balances and taxable wages."""
    half = (right - MARGIN - 24) // 2
    panels = (
        (
            MARGIN,
            "TIME OFF",
            ("Available", "Used YTD"),
            [(kind, f"{available:.2f}", f"{used:.2f}") for kind, available, used in facts.time_off],
        ),
        (
            MARGIN + half + 24,
            "TAXABLE WAGES",
            ("", "This Period"),
            [
                ("Federal", "", money(facts.federal_taxable)),
                ("Social Security / Medicare", "", money(facts.gross)),
                (f"State ({facts.employee.address.state})", "", money(facts.federal_taxable)),
            ],
        ),
    )
    for left, title, columns, rows in panels:
        panel_right = left + half
        page.text(left, y, title, size=11, ink=brand, bold=True)
        page.text(panel_right - 90, y, columns[0], size=11, ink=MUTED, align="right")
        page.text(panel_right, y, columns[1], size=11, ink=MUTED, align="right")
        page.rule(y + 17, x0=left, x1=panel_right, colour=RULE)
        for index, (label, first, second) in enumerate(rows):
            row_y = y + 24 + index * 18
            page.text(left, row_y, label, size=12)
            page.text(panel_right - 90, row_y, first, size=12, align="right")
            page.text(panel_right, row_y, second, size=12, align="right")


def _voucher(page: PageCanvas, facts: PaystubFacts, y: int, right: int) -> None:
    """The detachable direct-deposit advice at the foot of the stub."""
    for x in range(MARGIN, right, 12):
        page.draw.line((x, y, x + 6, y), fill=RULE)
    y += 18
    page.text(MARGIN, y, facts.employer.name, size=14, bold=True)
    page.text(right, y, f"Advice No. {facts.advice_number}", size=13, ink=MUTED, align="right")
    page.text(right, y + 20, f"Pay Date {_date(facts.pay_date)}", size=13, ink=MUTED, align="right")
    y += 52
    page.text(MARGIN, y, "Deposited to the account of", size=12, ink=MUTED)
    page.text(MARGIN, y + 18, facts.employee.full_name.upper(), size=14, bold=True, field="employee_name")
    page.text(MARGIN, y + 38, facts.employee.address.street, size=12, ink=MUTED)
    page.text(MARGIN, y + 54, facts.employee.address.city_line, size=12, ink=MUTED)

    table_x = 430
    page.text(table_x, y, "Account", size=12, ink=MUTED)
    page.text(table_x + 150, y, "Type", size=12, ink=MUTED)
    page.text(right, y, "Amount", size=12, ink=MUTED, align="right")
    page.rule(y + 17, x0=table_x, colour=RULE)
    page.text(table_x, y + 24, f"XXXXXX{facts.deposit_account_last4}", size=13)
    page.text(table_x + 150, y + 24, "Checking", size=13)
    page.text(right, y + 24, dollars(facts.net), size=13, bold=True, align="right", field="net_pay")

    y += 96
    page.rect((MARGIN, y, right, y + 30), fill=BAND)
    page.text(
        page.width // 2,
        y + 8,
        "NON-NEGOTIABLE  -  THIS IS NOT A CHECK",
        size=13,
        ink=MUTED,
        bold=True,
        align="center",
        background=BAND,
    )
    page.text(MARGIN, page.height - 44, f"Processed by {facts.employer.payroll_provider}", size=11, ink=MUTED)
    page.text(right, page.height - 44, "Page 1 of 1", size=11, ink=MUTED, align="right")
