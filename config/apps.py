from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project itself: registers the settings checks (config/checks.py)."""

    name = "config"
    verbose_name = "Settings"

    def ready(self) -> None:
        from config import checks  # noqa: F401
