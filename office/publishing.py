"""Publish from the office: what `rollcall publish` does, for an editor.

GET shows the current and previous publications and whether one is being
written; POST starts a publication (the same `publish.publishing.publish`)
in a background thread — about 45 s at 100k persons, too long for a page
request — and the page shows its progress. A lock file in the publication
folder (flock, so it goes away with a crashed process) lets only one
publication run at a time, across web workers. "Roll back" makes the
previous publication current again. Both are audited by publish/publishing.py.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.db import connections
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from publish.publishing import (
    current_file,
    previous_file,
    public_dir,
    publication_of,
    publish,
    rollback,
)
from registry.errors import UserError

PUBLISH = "registry.publish_register"
LOCK = ".publish.lock"
STATUS = ".office-publish.json"
logger = logging.getLogger(__name__)


def run_in_background(work: Callable[[], None]) -> threading.Thread:
    """Run `work` in a thread of its own, with its own database connection."""

    def target() -> None:
        try:
            work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=target, name="office-publish", daemon=True)
    thread.start()
    return thread


def status_write(folder: Path, **status: Any) -> None:
    temporary = folder / f"{STATUS}.{os.getpid()}.{threading.get_ident()}"
    temporary.write_text(json.dumps(status), encoding="utf-8")
    os.replace(temporary, folder / STATUS)


def status_read(folder: Path) -> dict[str, Any]:
    try:
        status = json.loads((folder / STATUS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return status if isinstance(status, dict) else {}


def lock_take(folder: Path) -> int | None:
    """The publication lock's descriptor, or None when another holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def lock_release(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def running(folder: Path) -> bool:
    """True while a publication holds the lock (in any process)."""
    fd = lock_take(folder)
    if fd is None:
        return True
    lock_release(fd)
    return False


def publication_start(*, actor: Any) -> bool:
    """Start a publication in the background; False if one is running."""
    folder = public_dir()
    fd = lock_take(folder)
    if fd is None:
        return False
    started = datetime.now(UTC).isoformat(timespec="seconds")
    who = actor.get_username()
    status_write(folder, state="running", actor=who, started_at=started)

    def work() -> None:
        try:
            publication = publish(folder, actor=actor)
            status_write(
                folder,
                state="done",
                actor=who,
                started_at=started,
                finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
                publication=publication.path.name,
                persons=publication.persons,
                seconds=round(publication.seconds, 1),
            )
        except Exception as error:
            # The page says what went wrong; the log only the kind of error
            # (a message could quote a record).
            message = str(error) if isinstance(error, UserError) else ""
            logger.error("publication from the office failed: %s", type(error))
            status_write(
                folder,
                state="failed",
                actor=who,
                started_at=started,
                error=message or type(error).__name__,
            )
        finally:
            lock_release(fd)

    run_in_background(work)
    return True


def _describe(path: Path | None) -> dict[str, Any] | None:
    return None if path is None else publication_of(path)


@permission_required(PUBLISH, raise_exception=True)
def publish_page(request: HttpRequest) -> HttpResponse:
    """The current and previous publications, a running one, and the buttons."""
    folder = public_dir()
    is_running = running(folder)
    context = {
        **admin.site.each_context(request),
        "title": _("Publish the register"),
        "current": _describe(current_file(folder)),
        "previous": _describe(previous_file(folder)),
        "status": status_read(folder),
        "running": is_running,
    }
    response = TemplateResponse(request, "office/publish.html", context)
    if is_running:
        # The page reloads itself while a publication is being written.
        response["Refresh"] = "5"
    return response


@require_POST
@permission_required(PUBLISH, raise_exception=True)
def publish_now(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the publication."))
    elif publication_start(actor=request.user):
        messages.success(request, _("Publication started."))
    else:
        messages.error(request, _("A publication is already being written."))
    return HttpResponseRedirect(reverse("admin:office_publish"))


@require_POST
@permission_required(PUBLISH, raise_exception=True)
def publish_rollback(request: HttpRequest) -> HttpResponse:
    folder = public_dir()
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the rollback."))
        return HttpResponseRedirect(reverse("admin:office_publish"))
    fd = lock_take(folder)
    if fd is None:
        messages.error(request, _("A publication is being written: wait for it."))
        return HttpResponseRedirect(reverse("admin:office_publish"))
    try:
        target = rollback(folder, actor=request.user)
        messages.success(
            request,
            _("The current publication is now %(name)s.") % {"name": target.name},
        )
    except UserError as error:
        messages.error(request, str(error))
    finally:
        lock_release(fd)
    return HttpResponseRedirect(reverse("admin:office_publish"))
