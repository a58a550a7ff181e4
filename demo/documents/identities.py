"""Fictional people, addresses, employers and banks for the demo documents.

Every name here is invented (or deliberately generic) so the demo data can
never be mistaken for a real applicant's paperwork. The lists are long
enough that a pool of a few hundred documents looks varied, and short
enough that the same employer or bank recurs, as it does in real queues.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_FIRST_NAMES = (
    "James", "Maria", "Robert", "Jennifer", "Michael", "Linda", "David", "Patricia",
    "William", "Elizabeth", "Daniel", "Aisha", "Carlos", "Mei", "Jamal", "Sofia",
    "Kevin", "Priya", "Brian", "Fatima", "Thomas", "Olivia", "Anthony", "Grace",
    "Marcus", "Hannah", "Luis", "Keisha", "Andrew", "Natalie", "Tyrone", "Emily",
    "Diego", "Rachel", "Samuel", "Yuki", "Jordan", "Vanessa", "Ethan", "Camila",
    "Derek", "Leah", "Omar", "Brianna", "Nathan", "Rosa", "Victor", "Tiffany",
)  # fmt: skip

_LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Garcia", "Martinez", "Brown", "Davis", "Lopez",
    "Wilson", "Anderson", "Thomas", "Nguyen", "Patel", "Kim", "Robinson", "Walker",
    "Hernandez", "Clark", "Lewis", "Young", "Okafor", "Ramirez", "Hughes", "Foster",
    "Bennett", "Chen", "Rivera", "Coleman", "Jenkins", "Perry", "Russell", "Sullivan",
    "Washington", "Bryant", "Alexander", "Griffin", "Hayes", "Myers", "Ford", "Graham",
    "Delgado", "Fischer", "Moreno", "Ibrahim", "Kowalski", "Tanaka", "Brooks", "Reyes",
)  # fmt: skip

_STREET_NAMES = (
    "Maple", "Oak", "Cedar", "Pine", "Elm", "Willow", "Lakeview", "Sunset", "Hillcrest",
    "Park", "Washington", "Lincoln", "Jefferson", "Highland", "Riverside", "Meadow",
    "Chestnut", "Spruce", "Magnolia", "Orchard", "Franklin", "Madison", "Valley", "Birch",
)  # fmt: skip

_STREET_TYPES = ("St", "Ave", "Blvd", "Dr", "Ln", "Rd", "Ct", "Way", "Pl")

# (city, state, ZIP prefix, state income tax rate): the rate drives the
# paystub's state withholding line; zero-rate states print no such line.
_CITIES = (
    ("Portland", "OR", "972", 0.068),
    ("Sacramento", "CA", "958", 0.045),
    ("Austin", "TX", "787", 0.0),
    ("Denver", "CO", "802", 0.044),
    ("Phoenix", "AZ", "850", 0.025),
    ("Columbus", "OH", "432", 0.027),
    ("Charlotte", "NC", "282", 0.045),
    ("Atlanta", "GA", "303", 0.0539),
    ("Tampa", "FL", "336", 0.0),
    ("Nashville", "TN", "372", 0.0),
    ("Minneapolis", "MN", "554", 0.0535),
    ("Madison", "WI", "537", 0.0465),
    ("Richmond", "VA", "232", 0.0575),
    ("Boise", "ID", "837", 0.058),
    ("Spokane", "WA", "992", 0.0),
    ("Albany", "NY", "122", 0.055),
    ("Pittsburgh", "PA", "152", 0.0307),
    ("Kansas City", "MO", "641", 0.048),
    ("Las Vegas", "NV", "891", 0.0),
    ("Salt Lake City", "UT", "841", 0.0465),
)

_UNIT_PREFIXES = ("Apt", "Unit", "#")


@dataclass(frozen=True)
class Address:
    """A postal address split the way documents print it: two lines."""

    street: str
    city: str
    state: str
    zip_code: str
    state_tax_rate: float

    @property
    def city_line(self) -> str:
        return f"{self.city}, {self.state} {self.zip_code}"

    def as_text(self) -> str:
        return f"{self.street}, {self.city_line}"


@dataclass(frozen=True)
class Person:
    """An employee or account holder."""

    first_name: str
    last_name: str
    address: Address

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Employer:
    """An employer as its payroll provider prints it on the earnings statement."""

    name: str
    street: str
    city_line: str
    phone: str
    brand_rgb: tuple[int, int, int]
    payroll_provider: str
    salaried: bool
    departments: tuple[str, ...]


@dataclass(frozen=True)
class Bank:
    """A bank or credit union issuing statements."""

    name: str
    short_name: str
    street: str
    city_line: str
    phone: str
    website: str
    brand_rgb: tuple[int, int, int]
    account_type: str
    statement_software: str


EMPLOYERS = (
    Employer("Acme Corporation", "1200 Industrial Pkwy", "Dayton, OH 45402", "(937) 555-0142",
             (178, 34, 34), "PayrollWorks", True, ("Operations", "Finance", "Engineering")),
    Employer("Northwind Logistics LLC", "88 Harbor Freight Rd", "Tacoma, WA 98421", "(253) 555-0178",
             (21, 82, 140), "ClearPay Payroll", False, ("Warehouse", "Dispatch", "Fleet")),
    Employer("Brightline Dental Group", "455 Medical Center Dr", "Boise, ID 83706", "(208) 555-0113",
             (0, 128, 128), "PayrollWorks", False, ("Clinical", "Front Office")),
    Employer("Cascade Health Partners", "3100 SW Naito Pkwy", "Portland, OR 97201", "(503) 555-0190",
             (46, 125, 50), "Ledgerline HR Payroll", True, ("Nursing", "Radiology", "Billing")),
    Employer("Summit Ridge Construction", "720 Quarry Ln", "Denver, CO 80216", "(720) 555-0166",
             (230, 115, 0), "ClearPay Payroll", False, ("Field Crew", "Estimating")),
    Employer("Bluebird Cafe & Bakery", "19 Main St", "Nashville, TN 37203", "(615) 555-0107",
             (41, 98, 255), "SimpleTeam Payroll", False, ("Kitchen", "Front of House")),
    Employer("Meridian Software Inc.", "600 Congress Ave Ste 1400", "Austin, TX 78701", "(512) 555-0155",
             (94, 53, 177), "PayrollWorks", True, ("Engineering", "Product", "Support")),
    Employer("Granite State Insurance Co.", "1 Liberty Plaza", "Albany, NY 12207", "(518) 555-0131",
             (55, 71, 79), "Paycrest Payroll Services", True, ("Claims", "Underwriting")),
    Employer("Lakeshore Public Schools", "2250 Lake Shore Blvd", "Madison, WI 53703", "(608) 555-0122",
             (0, 96, 100), "District Payroll Office", True, ("Instruction", "Transportation")),
    Employer("Riverbend Retail Group", "5100 Commerce Dr", "Columbus, OH 43219", "(614) 555-0188",
             (198, 40, 40), "SimpleTeam Payroll", False, ("Store 114", "Store 207", "Distribution")),
    Employer("Pinecrest Senior Living", "1400 Pinecrest Way", "Charlotte, NC 28210", "(704) 555-0149",
             (121, 85, 72), "ClearPay Payroll", False, ("Care Staff", "Dining", "Housekeeping")),
    Employer("Copperline Electric", "315 Foundry St", "Phoenix, AZ 85004", "(602) 555-0171",
             (191, 90, 0), "PayrollWorks", False, ("Service", "Installation")),
    Employer("Harbor City Hotels", "900 Bayshore Blvd", "Tampa, FL 33606", "(813) 555-0128",
             (0, 77, 64), "Paycrest Payroll Services", False, ("Housekeeping", "Front Desk", "Banquets")),
    Employer("Keystone Analytics", "401 Liberty Ave Fl 9", "Pittsburgh, PA 15222", "(412) 555-0160",
             (63, 81, 181), "Ledgerline HR Payroll", True, ("Data Science", "Consulting")),
    Employer("Desert Bloom Landscaping", "77 Saguaro Rd", "Las Vegas, NV 89119", "(702) 555-0136",
             (104, 159, 56), "SimpleTeam Payroll", False, ("Crew A", "Crew B")),
    Employer("Old Mill Manufacturing", "12 Mill Race Rd", "Richmond, VA 23219", "(804) 555-0184",
             (69, 90, 100), "Paycrest Payroll Services", False, ("Assembly", "Quality", "Shipping")),
)  # fmt: skip

BANKS = (
    Bank("Harborview Federal Credit Union", "Harborview FCU", "PO Box 4410", "Seattle, WA 98194",
         "1-800-555-0199", "harborviewfcu.example", (0, 87, 146), "Share Draft Checking",
         "CoreDoc Statement Composer"),
    Bank("First Prairie Bank", "First Prairie", "200 Prairie Center", "Kansas City, MO 64105",
         "1-888-555-0142", "firstprairie.example", (27, 94, 32), "Everyday Checking",
         "StatementPro 11"),
    Bank("Summit National Bank", "Summit National", "1 Summit Plaza", "Denver, CO 80202",
         "1-877-555-0103", "summitnational.example", (13, 71, 161), "Premier Checking",
         "StatementPro 11"),
    Bank("Golden Gate Savings", "Golden Gate", "PO Box 7731", "San Francisco, CA 94120",
         "1-866-555-0117", "goldengatesavings.example", (183, 110, 0), "Advantage Checking",
         "BankForms DocGen 4"),
    Bank("Bayou Community Bank", "Bayou Community", "310 Canal St", "Baton Rouge, LA 70801",
         "1-855-555-0164", "bayoucommunity.example", (106, 27, 154), "Free Checking",
         "BankForms DocGen 4"),
    Bank("Liberty Trust & Savings", "Liberty Trust", "55 Independence Sq", "Philadelphia, PA 19106",
         "1-800-555-0181", "libertytrust.example", (183, 28, 28), "Total Checking",
         "CoreDoc Statement Composer"),
    Bank("Evergreen State Bank", "Evergreen State", "900 Fifth Ave", "Spokane, WA 99201",
         "1-844-555-0126", "evergreenstate.example", (0, 105, 92), "Student Checking",
         "StatementPro 11"),
    Bank("Northstar Credit Union", "Northstar CU", "PO Box 1290", "Minneapolis, MN 55440",
         "1-800-555-0170", "northstarcu.example", (21, 101, 192), "Member Checking",
         "CoreDoc Statement Composer"),
)  # fmt: skip

# Merchants for card purchases and bill payments: (description, typical low,
# typical high). Amounts are drawn inside the range so the statement reads
# like a real month of spending.
PURCHASES = (
    ("POS PURCHASE FRESHWAY MARKET #214", 18.0, 160.0),
    ("POS PURCHASE VALUEMART SUPERCENTER", 12.0, 210.0),
    ("DEBIT CARD PURCHASE CORNER COFFEE CO", 3.5, 14.0),
    ("DEBIT CARD PURCHASE QUICKFUEL #0882", 25.0, 72.0),
    ("DEBIT CARD PURCHASE GREENLEAF PHARMACY", 6.0, 58.0),
    ("ONLINE PURCHASE SHOPSTREAM MARKETPLACE", 9.0, 140.0),
    ("DEBIT CARD PURCHASE TACO PALACE", 8.0, 32.0),
    ("DEBIT CARD PURCHASE HOMEPRO HARDWARE", 11.0, 185.0),
    ("RECURRING PAYMENT STREAMFLIX.EXAMPLE", 15.49, 15.49),
    ("RECURRING PAYMENT MUSICBOX PREMIUM", 10.99, 10.99),
    ("RECURRING PAYMENT IRONWORKS GYM", 39.0, 39.0),
    ("ACH DEBIT METRO POWER & LIGHT", 62.0, 180.0),
    ("ACH DEBIT CITY WATER UTILITY", 38.0, 95.0),
    ("ACH DEBIT WIRELESSONE MOBILE", 45.0, 120.0),
    ("ACH DEBIT SAFEGUARD AUTO INSURANCE", 88.0, 210.0),
    ("ATM WITHDRAWAL 1420 MAIN ST", 40.0, 200.0),
    ("P2P TRANSFER TO FRIEND VIA QUICKSEND", 15.0, 150.0),
    ("DEBIT CARD PURCHASE RIDEHAIL TRIP", 9.0, 38.0),
)

OTHER_CREDITS = (
    ("P2P TRANSFER FROM FRIEND VIA QUICKSEND", 20.0, 250.0),
    ("MOBILE CHECK DEPOSIT", 50.0, 600.0),
    ("ACH CREDIT STATE TAX REFUND", 120.0, 900.0),
    ("INTEREST PAYMENT", 0.05, 2.4),
)


def pick_address(rng: random.Random) -> Address:
    """Draw a street address in one of the demo cities."""
    city, state, zip_prefix, tax_rate = rng.choice(_CITIES)
    street = f"{rng.randint(12, 9850)} {rng.choice(_STREET_NAMES)} {rng.choice(_STREET_TYPES)}"
    if rng.random() < 0.45:
        street += f" {rng.choice(_UNIT_PREFIXES)} {rng.randint(1, 40)}{rng.choice('ABCD ')}".rstrip()
    zip_code = f"{zip_prefix}{rng.randint(0, 99):02d}"
    return Address(street, city, state, zip_code, tax_rate)


def pick_person(rng: random.Random) -> Person:
    """Draw a fictional person living at a fictional address."""
    return Person(rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES), pick_address(rng))


def pick_other_name(rng: random.Random, avoid: str) -> str:
    """Draw a full name different from ``avoid`` (for a swapped-name forgery)."""
    while True:
        name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
        if name != avoid:
            return name
