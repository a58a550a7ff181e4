"""Demo data: generated organisations, screenings, reviews and documents for the embedded demo and benchmarks.

Tooling, not business rules: only the composition root (``app``: ``seed``,
``bench``, first-run setup, the demo accounts) imports this package, and an
import contract keeps ``ui``, ``services``, ``models`` and ``migrations``
from depending on it. It builds on the services and models like any client.
"""
