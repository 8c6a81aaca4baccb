from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("office/", admin.site.urls),
    path("", include("public.urls")),
]
