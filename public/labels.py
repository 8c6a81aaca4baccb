"""The words the public side shows for the published database's codes."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The figures' breakdowns (stats.figures.FIELDS), as the figures page names them.
BREAKDOWNS: dict[str, Promise] = {
    "sex": _("sex"),
    "age": _("age"),
    "region": _("region"),
    "kind": _("kind of detention"),
    "facility": _("facility"),
    "vulnerable": _("vulnerable"),
    "article": _("article"),
    "organisation": _("organisation"),
    "health": _("health"),
}
# The English labels the publication stores for breakdown values
# (stats.reports.LABELS and UNKNOWN), shown in the page's language.
VALUE_LABELS: dict[str, Promise] = {
    "male": _("male"),
    "female": _("female"),
    "unknown": _("unknown"),
    "none recorded": _("none recorded"),
    "pre-trial detention": _("pre-trial detention"),
    "prison": _("prison"),
    "penal colony": _("penal colony"),
    "open-type facility": _("open-type facility"),
    "psychiatric hospital": _("psychiatric hospital"),
    "house arrest": _("house arrest"),
    "serious illness": _("serious illness"),
    "disability": _("disability"),
    "mental disorder": _("mental disorder"),
    "other": _("other"),
}
