"""Invented people, companies, properties and owners for the demo data set.

Every name is fictional or deliberately generic; e-mail addresses use the
reserved ``example.*`` domains and phone numbers the 555-01xx range that is
set aside for fiction, so no demo row can reach or resemble a real person.
Postal addresses come from :mod:`demo.documents.identities` so the
documents and the database speak of the same demo cities.

The first- and last-name lists are long enough (~13,000 combinations, times
26 middle initials) that a million applicants repeat names about as often
as a real applicant population does, which is what makes look-alike
matches believable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST_NAMES = (
    "James", "Maria", "Robert", "Jennifer", "Michael", "Linda", "David", "Patricia", "William", "Elizabeth",
    "Daniel", "Aisha", "Carlos", "Mei", "Jamal", "Sofia", "Kevin", "Priya", "Brian", "Fatima", "Thomas",
    "Olivia", "Anthony", "Grace", "Marcus", "Hannah", "Luis", "Keisha", "Andrew", "Natalie", "Tyrone", "Emily",
    "Diego", "Rachel", "Samuel", "Yuki", "Jordan", "Vanessa", "Ethan", "Camila", "Derek", "Leah", "Omar",
    "Brianna", "Nathan", "Rosa", "Victor", "Tiffany", "Christopher", "Jessica", "Matthew", "Ashley", "Joshua",
    "Amanda", "Joseph", "Stephanie", "Ryan", "Nicole", "Brandon", "Melissa", "Justin", "Michelle", "Eric",
    "Kimberly", "Jonathan", "Angela", "Steven", "Lauren", "Adam", "Megan", "Jose", "Alejandra", "Juan",
    "Guadalupe", "Miguel", "Valeria", "Hector", "Ximena", "Wei", "Lin", "Hiroshi", "Sakura", "Arjun", "Ananya",
    "Rahul", "Deepa", "Chidi", "Amara", "Kwame", "Zainab", "Tariq", "Layla", "Dmitri", "Anya", "Lukas",
    "Ingrid", "Mateo", "Lucia", "Isaiah", "Jasmine", "Malik", "Imani", "Connor", "Shannon", "Trevor", "Kayla",
)  # fmt: skip

LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Garcia", "Martinez", "Brown", "Davis", "Lopez", "Wilson", "Anderson",
    "Thomas", "Nguyen", "Patel", "Kim", "Robinson", "Walker", "Hernandez", "Clark", "Lewis", "Young", "Okafor",
    "Ramirez", "Hughes", "Foster", "Bennett", "Chen", "Rivera", "Coleman", "Jenkins", "Perry", "Russell",
    "Sullivan", "Washington", "Bryant", "Alexander", "Griffin", "Hayes", "Myers", "Ford", "Graham", "Delgado",
    "Fischer", "Moreno", "Ibrahim", "Kowalski", "Tanaka", "Brooks", "Reyes", "Miller", "Moore", "Taylor",
    "Jackson", "White", "Harris", "Martin", "Thompson", "Gonzalez", "Rodriguez", "Lee", "Allen", "King",
    "Wright", "Scott", "Torres", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Campbell",
    "Mitchell", "Carter", "Roberts", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards",
    "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Peterson", "Cooper", "Reed",
    "Bailey", "Bell", "Gomez", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Mendoza",
    "Singh", "Wang", "Liu", "Yamamoto", "Mensah", "Adeyemi", "Novak", "Schmidt", "Rossi", "Silva", "Ortiz",
    "Castillo", "Vasquez", "Jimenez", "Ruiz", "Alvarez", "Romero", "Gutierrez", "Chavez", "Ramos",
)  # fmt: skip

# Short forms a look-alike applicant might go by (or that a typo produces).
_FIRST_NAME_VARIANTS = {
    "James": "Jim", "Robert": "Rob", "Jennifer": "Jenny", "Michael": "Mike", "David": "Dave",
    "Patricia": "Patty", "William": "Bill", "Elizabeth": "Beth", "Daniel": "Dan", "Thomas": "Tom",
    "Anthony": "Tony", "Andrew": "Andy", "Samuel": "Sam", "Nathan": "Nate", "Christopher": "Chris",
    "Matthew": "Matt", "Joshua": "Josh", "Jonathan": "Jon", "Steven": "Steve", "Kimberly": "Kim",
    "Jessica": "Jess", "Amanda": "Mandy", "Joseph": "Joe", "Stephanie": "Steph", "Nicole": "Nikki",
    "Victor": "Vic", "Alejandra": "Ale", "Guadalupe": "Lupe", "Megan": "Meg", "Natalie": "Nat",
}  # fmt: skip

_APPLICANT_DOMAINS = ("example.com", "example.net", "example.org", "mail.example", "inbox.example")
_AREA_CODES = (
    "206", "213", "303", "312", "404", "415", "503", "512", "602", "612", "614", "615", "617", "702",
    "704", "713", "720", "801", "813", "816", "916", "919", "971", "208", "414", "518", "412", "804",
)  # fmt: skip


@dataclass(frozen=True)
class PersonName:
    """An applicant's or user's name as the application form splits it."""

    first: str
    middle_initial: str | None
    last: str

    @property
    def full(self) -> str:
        if self.middle_initial:
            return f"{self.first} {self.middle_initial}. {self.last}"
        return f"{self.first} {self.last}"

    @property
    def plain(self) -> str:
        """First and last name only: how documents print it and e-mail addresses spell it."""
        return f"{self.first} {self.last}"


def draw_name(rng: random.Random) -> PersonName:
    """A random applicant name; about half of applicants give a middle initial."""
    middle = rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.5 else None
    return PersonName(rng.choice(FIRST_NAMES), middle, rng.choice(LAST_NAMES))


def similar_name(rng: random.Random, name: PersonName) -> PersonName:
    """A *different* person whose name a fuzzy matcher would confuse with ``name``.

    Three ways real look-alikes happen: a nickname for the same first name,
    a one-letter slip in the surname, or the same name with another middle
    initial (relatives, namesakes).
    """
    variant = _FIRST_NAME_VARIANTS.get(name.first)
    roll = rng.random()
    if variant is not None and roll < 0.4:
        return PersonName(variant, name.middle_initial, name.last)
    if roll < 0.75 and len(name.last) > 4:
        cut = rng.randrange(1, len(name.last) - 1)
        return PersonName(name.first, name.middle_initial, name.last[:cut] + name.last[cut + 1 :])
    others = [letter for letter in "ABCDEFGHJKLMNPRSTW" if letter != name.middle_initial]
    return PersonName(name.first, rng.choice(others), name.last)


def applicant_email(rng: random.Random, name: PersonName) -> str:
    """A personal address in the style people choose: ``first.last42@…`` and variants."""
    first, last = _mailbox_part(name.first), _mailbox_part(name.last)
    style = rng.randrange(3)
    local = f"{first}.{last}" if style == 0 else f"{first[0]}{last}" if style == 1 else f"{first}{last[0]}"
    return f"{local}{rng.randint(1, 99)}@{rng.choice(_APPLICANT_DOMAINS)}"


def phone_number(rng: random.Random) -> str:
    """A US number in the 555-0100..0199 block reserved for fiction."""
    return f"({rng.choice(_AREA_CODES)}) 555-01{rng.randint(0, 99):02d}"


def work_email(name: PersonName, domain: str, serial: int) -> str:
    """``first.last@domain``; ``serial`` (the user's number) keeps namesakes apart."""
    return f"{_mailbox_part(name.first)}.{_mailbox_part(name.last)}{serial}@{domain}"


def _mailbox_part(text: str) -> str:
    return "".join(character for character in text.lower() if character.isalnum())


# --- organisations -----------------------------------------------------------

_COMPANY_WORDS = (
    "Summit", "Harbor", "Keystone", "Cedar", "Silverline", "Bluebird", "Northgate", "Crescent", "Prairie",
    "Ironwood", "Lakeside", "Beacon", "Evergreen", "Sterling", "Granite", "Willow", "Redwood", "Cornerstone",
    "Meridian", "Pinnacle", "Oakmont", "Riverstone", "Westfield", "Highpoint", "Brightwater", "Copperleaf",
    "Fairhaven", "Stonebridge", "Clearview", "Timberline",
)  # fmt: skip
_COMPANY_KINDS = (
    "Residential", "Living", "Property Management", "Communities", "Housing Partners", "Realty Group",
    "Apartment Homes", "Property Group",
)  # fmt: skip

_PLACE_WORDS = (
    "Maple Grove", "Cedar Point", "Willow Creek", "Stone Ridge", "Lakeview", "Sunset Terrace", "Hillcrest",
    "Riverside", "Meadowbrook", "Oak Hollow", "Pine Valley", "Harbor View", "Brookstone", "Aspen Park",
    "Magnolia Court", "Foxfield", "Silver Lake", "Eagle Crest", "Parkside", "Juniper Hills", "Canyon Vista",
    "Laurel Springs", "Bayshore", "Copper Mill", "Windsor Gardens", "Fairview", "Heritage Square",
    "Northshore", "Orchard Hill", "Greenway", "Prairie Wind", "Highland Park", "Rosewood", "Timber Creek",
    "Arbor Glen", "Crystal Falls", "Mission Bay", "Union Station", "Market Street", "Old Town",
)  # fmt: skip
_PROPERTY_KINDS = (
    "Apartments", "Commons", "Lofts", "Flats", "Gardens", "Village", "Towers", "Crossing", "Place",
    "Residences", "Townhomes", "Square",
)  # fmt: skip

_OWNER_WORDS = (
    "Redwood", "Bluestone", "Ashford", "Kingsbridge", "Sagebrush", "Larkspur", "Wexford", "Halcyon",
    "Driftwood", "Monarch", "Alder", "Cobalt", "Juniper", "Marlowe", "Sequoia", "Tidewater",
)  # fmt: skip
_OWNER_KINDS = (
    "Capital Partners", "Realty Trust", "Holdings LLC", "Residential REIT", "Investors LP",
    "Real Estate Fund", "Multifamily Partners",
)  # fmt: skip


def company_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct management-company names (numbered beyond the 240 combinations)."""
    return _distinct(rng, _COMPANY_WORDS, _COMPANY_KINDS, count)


def owner_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct owner (REIT, fund) names."""
    return _distinct(rng, _OWNER_WORDS, _OWNER_KINDS, count)


def property_name(rng: random.Random) -> str:
    """A building name; names repeat across cities, as they do in real portfolios."""
    place, kind = rng.choice(_PLACE_WORDS), rng.choice(_PROPERTY_KINDS)
    return f"The Residences at {place}" if kind == "Residences" else f"{place} {kind}"


def slug(name: str) -> str:
    """``"Summit Living"`` → ``"summitliving"``, for demo domains."""
    return _mailbox_part(name)


def _distinct(rng: random.Random, words: tuple[str, ...], kinds: tuple[str, ...], count: int) -> list[str]:
    combinations = [f"{word} {kind}" for word in words for kind in kinds]
    rng.shuffle(combinations)
    return [
        combinations[index % len(combinations)]
        + ("" if index < len(combinations) else f" {index // len(combinations) + 1}")
        for index in range(count)
    ]
