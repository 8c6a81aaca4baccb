from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("auto", _("detect")),
    ("en", _("English")),
    ("be", _("Belarusian")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
]


class TextForm(forms.Form):
    """A text pasted or uploaded to be linked."""

    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100}),
        required=False,
        max_length=2_000_000,
    )
    file = forms.FileField(
        required=False,
        label=_("File"),
        help_text=_("plain text, HTML or PDF, instead of pasting"),
    )
    language = forms.ChoiceField(choices=LANGUAGES, initial="auto", label=_("Language"))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste a text or choose a file."))
        return data


class AcceptForm(forms.Form):
    """The links an editor accepted, and what the source is."""

    text = forms.CharField(widget=forms.HiddenInput, max_length=2_000_000)
    title = forms.CharField(max_length=300, required=False, label=_("Title"))
    url = forms.URLField(
        max_length=2000, required=False, assume_scheme="https", label=_("URL")
    )
    published_on = forms.DateField(
        initial=date.today,
        label=_("Published on"),
        help_text=_("when the text was published (YYYY-MM-DD)"),
    )
    accept = forms.MultipleChoiceField(required=False)

    def __init__(self, *args: object, choices: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["accept"].choices = [(c, c) for c in choices]  # type: ignore[attr-defined]
