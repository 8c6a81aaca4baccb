from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Rollcall back office"
admin.site.site_title = "Rollcall"

urlpatterns = [
    path("office/", admin.site.urls),
    path("", include("public.urls")),
]
