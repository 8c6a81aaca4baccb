from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        # Sign-ins are recorded from Django's own authentication signals, the
        # only place every sign-in (and every failed one) passes through.
        from audit import signals

        signals.connect()
