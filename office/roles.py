"""The office's roles: Django groups with their permissions.

documenter  adds and edits records; cannot change visibility or disclosure,
            merge, mark "different people" or publish.
editor      a documenter's rights, plus visibility and disclosure, merges
            and their undoing, "different people" and putting a duplicate
            decision off, publishing the register from the office
            (`publish_register`), approving records (`publish_person`),
            deleting.
analyst     sees everything, restricted records included; changes nothing.
administrator  accounts, settings, backups: a superuser (every permission,
            those of apps added later included).

The groups are created by office/migrations/0001_roles.py, which calls
`groups_sync`; a migration that adds models calls it again.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

DOCUMENTER = "documenter"
EDITOR = "editor"
ANALYST = "analyst"
ADMINISTRATOR = "administrator"
ROLES = (DOCUMENTER, EDITOR, ANALYST, ADMINISTRATOR)

# Permissions of the register's own, beyond Django's add/change/delete/view.
CUSTOM_PERMISSIONS = {
    "merge_person": "Can merge and unmerge persons and mark different people",
    "change_person_visibility": "Can change visibility and disclosure",
    "publish_person": "Can publish records",
    "publish_register": "Can publish the register to the public site and roll back",
}
EDITOR_ONLY = ["registry." + codename for codename in CUSTOM_PERMISSIONS]

# The records a documenter adds and edits, and the facts one may remove from
# a record (a wrong detention, a duplicated name).
RECORD_MODELS = [
    "person",
    "namevariant",
    "detention",
    "recognition",
    "case",
    "charge",
    "event",
    "eventperson",
    "healthnote",
    "citation",
    "source",
    "facility",
    "article",
    "organisation",
    "eventtype",
]
FACT_MODELS = [
    "namevariant",
    "detention",
    "recognition",
    "case",
    "charge",
    "eventperson",
    "healthnote",
    "citation",
]
# Apps whose every model an analyst (and so everyone else) may see.
VISIBLE_APPS = ("registry", "link")


def role_permissions(role: str, every: list[tuple[str, str]]) -> set[str]:
    """The "app.codename" permissions of a role, out of `every` (app, codename)."""
    view = {f"{app}.{code}" for app, code in every if code.startswith("view_")}
    if role == ANALYST:
        return view
    documenter = view | {
        f"registry.{verb}_{model}"
        for model in RECORD_MODELS
        for verb in ("add", "change")
    }
    documenter |= {f"registry.delete_{model}" for model in FACT_MODELS}
    if role == DOCUMENTER:
        return documenter
    if role == EDITOR:
        deletes = {f"registry.delete_{model}" for model in RECORD_MODELS}
        merges = {"registry.change_merge", "registry.add_notduplicate"}
        return documenter | deletes | merges | set(EDITOR_ONLY)
    if role == ADMINISTRATOR:
        return {f"{app}.{code}" for app, code in every}
    raise ValueError(f"unknown role {role!r}")


def groups_sync(apps: Any) -> None:
    """Create the custom permissions and the role groups, idempotently.

    `apps` is a migration's app registry (or django.apps.apps). Django's own
    permissions are created after migrating; they are created here first so
    that the groups can be given them on a fresh database.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    person_type, _ = content_type_model.objects.get_or_create(
        app_label="registry", model="person"
    )
    for codename, name in CUSTOM_PERMISSIONS.items():
        permission_model.objects.get_or_create(
            content_type=person_type, codename=codename, defaults={"name": name}
        )
    permissions = permission_model.objects.filter(
        content_type__app_label__in=VISIBLE_APPS
    ).select_related("content_type")
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}
    every = [tuple(name.split(".", 1)) for name in by_name]
    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = role_permissions(role, every)  # type: ignore[arg-type]
        group.permissions.set([by_name[name] for name in sorted(wanted)])


def role_of(user: Any) -> str:
    """The user's role, or "" for an account without one."""
    if user.is_superuser:
        return ADMINISTRATOR
    names = [g.name for g in user.groups.all() if g.name in ROLES]
    return names[0] if names else ""


@transaction.atomic
def role_assign(*, user: Any, role: str) -> None:
    """Give the user exactly one role: its group, staff status, superuser or not.

    An administrator is a superuser; any other role is not. "none" takes
    every role away and closes the office to the account.
    """
    from django.contrib.auth.models import Group

    if role not in (*ROLES, "none"):
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}, none")
    user.groups.remove(*Group.objects.filter(name__in=ROLES))
    user.is_superuser = role == ADMINISTRATOR
    user.is_staff = role != "none"
    if role != "none":
        user.groups.add(Group.objects.get(name=role))
    user.save(update_fields=["is_superuser", "is_staff"])
