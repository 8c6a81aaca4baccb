from django.urls import path

from public import views

urlpatterns = [path("", views.person_list, name="person_list")]
