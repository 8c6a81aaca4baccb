"""Django's makemessages with the project's settings built in.

`python manage.py makemessages -l be -l ru` leaves out the virtualenv, the
var/ directory and the benchmark's work files, writes file names without
line numbers (so a catalog changes only when its strings do) and drops the
entries of strings the code no longer uses.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import makemessages

from config.catalogs import IGNORED


class Command(makemessages.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        options["ignore_patterns"] = [*options["ignore_patterns"], *IGNORED]
        options["add_location"] = options["add_location"] or "file"
        options["no_obsolete"] = True
        super().handle(*args, **options)
