"""The service layer: every business rule and every query; async; no Qt.

Importing it first makes ``oban`` importable where ``erlpack`` is not
installed (see :mod:`services.erlpack_standin`): every path into the job
system (the app, worker nodes, the migrations run by either, the tests)
imports a service before it imports ``oban``.
"""

from services.erlpack_standin import provide_erlpack

provide_erlpack()
