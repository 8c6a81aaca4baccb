"""The office's admin site: a password and a one-time code for every account.

Django's admin is served by `OfficeSite`, django-otp's OTPAdminSite: an
account that has signed in with its password but not with a code from its
authenticator app (or a recovery code) is treated as not staff, and is sent
back to the sign-in page. The sign-in page asks for both at once.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

NO_DEVICE = _(
    "This account has no two-factor device yet. An administrator enrols one "
    "with `rollcall enrol USER` (docs/office.md)."
)


class OfficeAuthenticationForm(OTPAdminAuthenticationForm):
    """User name, password and code in one step.

    The code's shape picks the device: six digits are the authenticator
    app's code, anything else is a recovery code. django-otp's own form
    would first ask for the password alone, then for a device and a code.
    """

    otp_token = forms.CharField(
        required=False,
        label=_("Code"),
        help_text=_("From your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def _chosen_device(self, user: Any) -> Any:
        chosen = super()._chosen_device(user)
        if chosen is not None:
            return chosen
        token = (self.cleaned_data.get("otp_token") or "").strip()
        kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        return kind.objects.filter(user=user, confirmed=True).first()

    def clean_otp(self, user: Any) -> None:
        if user is not None and not has_device(user):
            raise forms.ValidationError(NO_DEVICE, code="no_device")
        super().clean_otp(user)


def has_device(user: Any) -> bool:
    """True when the account can give a second factor."""
    return bool(
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticDevice.objects.filter(user=user, confirmed=True).exists()
    )


class FiltersInRange:
    """A list whose address filters by a number past the database's range
    (SQLite refuses to bind it: OverflowError, a server error) is treated as
    Django treats any filter it cannot apply: back to the whole list,
    saying so."""

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        try:
            return super().get_changelist_instance(request)  # type: ignore[misc]
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from None


class OfficeSite(OTPAdminSite):
    site_header = _("Rollcall back office")
    site_title = _("Rollcall")
    index_title = _("Back office")
    login_form = OfficeAuthenticationForm
    login_template = "office/login.html"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def register(
        self, model_or_iterable: Any, admin_class: Any = None, **options: Any
    ) -> None:
        """Every list of the office, its libraries' (django-axes,
        django-otp) included, with FiltersInRange."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, FiltersInRange):
            admin_class = type(admin_class.__name__, (FiltersInRange, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)

    def get_urls(self) -> list[Any]:
        """The office's own pages beside the models' ones: publishing, and
        the language switcher of the header (open to the sign-in page too:
        it only sets the django_language cookie)."""
        from office import publishing

        own = [
            path("language/", set_language, name="office_language"),
            path(
                "publish/",
                self.admin_view(publishing.publish_page),
                name="office_publish",
            ),
            path(
                "publish/now/",
                self.admin_view(publishing.publish_now),
                name="office_publish_now",
            ),
            path(
                "publish/rollback/",
                self.admin_view(publishing.publish_rollback),
                name="office_publish_rollback",
            ),
        ]
        urls: list[Any] = super().get_urls()
        return own + urls
