import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def check_settings() -> None:
    """Refuse to serve with settings that fail the checks of config/checks.py."""
    from config.checks import configuration_errors

    errors = configuration_errors()
    if errors:
        raise ImproperlyConfigured("; ".join(errors))


check_settings()
