from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from public.urls import api_urlpatterns

admin.site.site_header = _("Rollcall back office")
admin.site.site_title = _("Rollcall")

# The office and the API have no language prefix (the office speaks the
# language of the browser or of the django_language cookie); the public
# pages live under /en/, /be/ and /ru/, and LocaleMiddleware sends any
# unprefixed page, `/` included, to the prefix of the browser's language.
urlpatterns = [
    path("office/", admin.site.urls),
    *api_urlpatterns,
    *i18n_patterns(path("", include("public.urls"))),
]
