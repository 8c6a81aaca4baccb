"""The workflow's commands: `rollcall review` (what awaits approval) and
`rollcall approve RECORD_ID...`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from rollcall.cli import actor, actor_argument, fail, positive, print_json


def cmd_review(args: argparse.Namespace) -> None:
    from review.queries import awaiting_review

    rows = []
    for person in awaiting_review()[: args.limit]:
        review = getattr(person, "review", None)
        rows.append(
            {
                "record_id": person.record_id,
                "name": person.display_name,
                "version": person.version,
                "state": review.state_of(person) if review else "draft",
                "approved_version": (
                    review.approved.number if review and review.approved else None
                ),
            }
        )
    if args.json:
        print_json(rows)
        return
    for row in rows:
        approved = row["approved_version"] or "-"
        print(
            f"{row['record_id']:<24} v{row['version']:<4} {row['state']:<10} "
            f"approved: v{approved}  {row['name']}"
        )


def cmd_approve(args: argparse.Namespace) -> None:
    from django.db import transaction

    from registry.models import Person
    from review.actions import person_approve

    found = dict(
        Person.objects.filter(record_id__in=args.record_ids).values_list(
            "record_id", "pk"
        )
    )
    missing = [rid for rid in args.record_ids if rid not in found]
    if missing:
        fail(f"no such record: {', '.join(missing)}")
    with transaction.atomic():
        who = actor(args)
        for record_id in args.record_ids:
            person = Person.objects.get(pk=found[record_id])
            approved = person_approve(actor=who, person=person, reason=args.reason)
            print(f"{record_id}: version {approved.number} approved")


def add_commands(command: Callable[..., Any]) -> None:
    sub = command("review", cmd_review, "list records awaiting approval")
    sub.add_argument("--limit", type=positive, default=100)
    sub.add_argument("--json", action="store_true")
    sub = command("approve", cmd_approve, "approve records for publication")
    sub.add_argument("record_ids", nargs="+", metavar="RECORD_ID")
    sub.add_argument("--reason", required=True)
    actor_argument(sub)
