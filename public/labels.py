"""The words the public side shows for the published database's codes."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

STATUS_LABELS: dict[str, Promise] = {
    "": pgettext_lazy("status", "all"),
    "held": pgettext_lazy("status", "held"),
    "released": pgettext_lazy("status", "released"),
    "deceased": pgettext_lazy("status", "deceased"),
}
SEX_LABELS: dict[str, Promise] = {"f": _("women"), "m": _("men")}
DETENTION_KIND_LABELS: dict[str, Promise] = {
    "pretrial": _("pre-trial detention"),
    "prison": _("prison"),
    "colony": _("penal colony"),
    "open_facility": _("open-type facility"),
    "psychiatric": _("psychiatric hospital"),
    "house_arrest": _("house arrest"),
    "unknown": _("unknown"),
}
KINDS = {"status": STATUS_LABELS, "sex": SEX_LABELS, "detention": DETENTION_KIND_LABELS}


def label(kind: str, code: str) -> str:
    """The word for a code in the current language; the code itself if unknown."""
    found = KINDS[kind].get(code)
    return code if found is None else str(found)
