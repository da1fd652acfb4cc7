"""Each pytest-xdist worker of `make check` gets its own Redis database and mail folder.

Loaded with `-p tests.xdist_workers`, before any conftest reads the environment.
"""

from __future__ import annotations

import os

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER.startswith("gw"):
    _base = int(os.environ.get("APIKEYS_TEST_REDIS_DB", "15"))
    os.environ["APIKEYS_TEST_REDIS_DB"] = str(_base - int(_WORKER[2:]))
    _tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"apikeys-{_WORKER}")
    os.makedirs(_tmp, exist_ok=True)
    os.environ["TMPDIR"] = _tmp
