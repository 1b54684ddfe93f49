"""The output folder of a build: what kg owns there, its lock, and how builds are switched.

- `manifest`: the files a build wrote, with their digests; what kg may replace or delete;
- `lock`: one build at a time per output folder;
- `publishing`: the new build written whole beside the previous one, then switched in
  from a journal that a later build can finish.
"""
from kg.outdir.lock import Busy, locked
from kg.outdir.manifest import MANIFEST, OUTPUTS, Manifest, OwnershipError, claim, report_file
from kg.outdir.publishing import discard, publish, recover, staging_folder

__all__ = ["Busy", "MANIFEST", "Manifest", "OUTPUTS", "OwnershipError", "claim", "discard", "locked", "publish",
           "recover", "report_file", "staging_folder"]
