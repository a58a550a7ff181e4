"""Frozen-bundle entry point: the same ``main`` the ``ruling-desk`` script runs."""

import sys

from app.cli import main

sys.exit(main())
