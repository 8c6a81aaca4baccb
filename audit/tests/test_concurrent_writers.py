"""Several processes appending at once never fork the chain."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

WRITER = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from audit.actions import audit_record
from audit.models import AuditAction
for n in range({count}):
    audit_record(action=AuditAction.REGISTER_EXPORT, actor="writer {name}",
                 details={{"n": n}})
"""


def test_four_writers_at_once_leave_one_unbroken_chain(
    fresh_database: Callable[[str], dict[str, str]],
) -> None:
    env = fresh_database("writers")
    rollcall = [sys.executable, "-m", "rollcall"]
    subprocess.run([*rollcall, "init"], env=env, check=True, capture_output=True)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER.format(count=40, name=name)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in range(4)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    verified = subprocess.run(
        [*rollcall, "audit", "verify"], env=env, capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("audit log intact: 160 entries; last entry 160 ")
