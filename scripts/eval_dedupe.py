"""Measure duplicate detection on a synthetic register with planted duplicates.

Usage: ROLLCALL_VAR_DIR=/tmp/rcN .venv/bin/python scripts/eval_dedupe.py DUPS.json
(the register must have been imported into that ROLLCALL_VAR_DIR first).
"""

import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django  # noqa: E402

django.setup()
from registry.matching import duplicates, scope_index  # noqa: E402

start = time.time()
scope_index("staff")
built = time.time() - start
start = time.time()
found = {tuple(sorted((d.a, d.b))) for d in duplicates()}
seconds = time.time() - start
truth = {tuple(sorted(pair)) for pair in json.load(open(sys.argv[1]))}
tp = len(found & truth)
precision, recall = tp / max(1, len(found)), tp / max(1, len(truth))
f1 = 2 * precision * recall / max(1e-9, precision + recall)
print(
    json.dumps(
        {
            "index_build_s": round(built, 2),
            "dedupe_s": round(seconds, 2),
            "found": len(found),
            "planted": len(truth),
            "tp": tp,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        }
    )
)
