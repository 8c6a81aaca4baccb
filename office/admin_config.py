"""Django's admin app, served by the office's site (office/site.py)."""

from django.contrib.admin.apps import AdminConfig


class OfficeAdminConfig(AdminConfig):
    default_site = "office.site.OfficeSite"
