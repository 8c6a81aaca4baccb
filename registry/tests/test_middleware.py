from __future__ import annotations

from typing import Any


def test_a_busy_database_gives_a_try_again_page_not_a_500(rf: Any) -> None:
    from django.db import OperationalError

    from registry.middleware import BusyDatabaseMiddleware

    def locked(request: Any) -> Any:
        raise OperationalError("database is locked")

    middleware = BusyDatabaseMiddleware(locked)
    response = middleware.process_exception(
        rf.post("/office/login/"), OperationalError("database is locked")
    )
    assert response is not None and response.status_code == 503
    assert "try again" in response.content.decode()
    assert response["Retry-After"] == "10"
    other = middleware.process_exception(rf.get("/"), OperationalError("no table"))
    assert other is None
