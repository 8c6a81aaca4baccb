from django.urls import path

from public import views
from public.api import api

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("api/v1/", api.urls),
]
