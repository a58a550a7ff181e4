"""Generated paystubs and bank statements for the demo data set.

Seeding calls :func:`build_pool` once and hands the documents out to
screening entries; everything else in this package is how they are drawn.
"""

from .pool import PooledDocument, build_pool

__all__ = ["PooledDocument", "build_pool"]
