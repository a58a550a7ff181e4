"""How much demo data there is when nobody says: the first run, and ``ruling-desk seed`` without options.

A module of its own so the CLI's parser can show these without importing
the seed (and with it Pillow and the document generator).
"""

from typing import Final

DEFAULT_ENTRIES: Final = 300
"""A few hundred entries: a queue to work, seeded in a few seconds."""
DEFAULT_SEED: Final = 7
