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
# The event types of the initial vocabulary (registry.models.EVENT_TYPES);
# a type an administrator adds later is shown by its code.
EVENT_TYPES: dict[str, Promise] = {
    "arrest": _("arrest"),
    "search": _("search"),
    "property_seizure": _("seizure of property"),
    "ill_treatment": _("ill-treatment"),
    "denial_of_medical_care": _("denial of medical care"),
    "incommunicado": _("held incommunicado"),
    "death_in_custody": _("death in custody"),
    "in_absentia_trial": _("trial in absentia"),
    "added_to_wanted_list": _("added to the wanted list"),
    "added_to_extremist_list": _("added to the 'extremist' list"),
    "transfer": _("transfer"),
    "release": _("release"),
    "pardon": _("pardon"),
}
# The vulnerable figures of the fact sheet (public.pages.VULNERABLE).
VULNERABLE: dict[str, Promise] = {
    "serious_illness": _("seriously ill"),
    "disability": _("with a disability"),
    "mental_disorder": _("with a mental disorder"),
    "aged_60_plus": _("aged 60 or over"),
    "any": _("any of these (vulnerable)"),
}
