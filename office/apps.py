from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = "Back office"

    def ready(self) -> None:
        from office import labels

        labels.apply()
