from __future__ import annotations

from datetime import date

from django import forms

LANGUAGES = [
    ("auto", "detect"),
    ("en", "English"),
    ("be", "Belarusian"),
    ("ru", "Russian"),
    ("uk", "Ukrainian"),
    ("pl", "Polish"),
]


class TextForm(forms.Form):
    """A text pasted or uploaded to be linked."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100}),
        required=False,
        max_length=2_000_000,
    )
    file = forms.FileField(
        required=False, help_text="plain text, HTML or PDF, instead of pasting"
    )
    language = forms.ChoiceField(choices=LANGUAGES, initial="auto")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError("Paste a text or choose a file.")
        return data


class AcceptForm(forms.Form):
    """The links an editor accepted, and what the source is."""

    text = forms.CharField(widget=forms.HiddenInput, max_length=2_000_000)
    title = forms.CharField(max_length=300, required=False)
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https")
    published_on = forms.DateField(
        initial=date.today, help_text="when the text was published (YYYY-MM-DD)"
    )
    accept = forms.MultipleChoiceField(required=False)

    def __init__(self, *args: object, choices: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["accept"].choices = [(c, c) for c in choices]  # type: ignore[attr-defined]
