"""What the fork server of `kg build` imports before it forks any worker (see `kg.forkserver`).

Importing this module loads the extraction pipeline once, with the garbage
collector paused, then freezes what it made, so that the workers forked from
the server share those pages and start ready.
"""
from __future__ import annotations

import gc
import os

SERVER_PID = os.getpid()

gc.disable()
try:
    from kg.extract.pipeline import make_nlp

    make_nlp()
except Exception:  # noqa: BLE001 - a worker loads the pipeline again and reports what fails
    pass
finally:
    gc.freeze()
    gc.enable()
