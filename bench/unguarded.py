"""``python bench/unguarded.py``: ``python -m pipeline build`` with the raw-file size guard lifted.

``pipeline.core.ingest.MAX_FILE_BYTES`` (32 MiB) rejects any curated CSV larger than
that, so the pipeline refuses the 10,000x and 5M-row cases outright. To measure how
the rest of the pipeline scales, the benchmark also runs it with the guard raised in
this process only (nothing in the pipeline is changed on disk).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pipeline.core.ingest as ingest  # noqa: E402

ingest.MAX_FILE_BYTES = 1 << 40

from pipeline.__main__ import main  # noqa: E402

sys.exit(main(["build"]))
