"""The audit log's and the backups' commands: `rollcall audit verify|list`,
`rollcall backup` and `rollcall restore`."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from registry.locking import one_reading
from rollcall.cli import Parser, day, fail, os_user, print_json


# The entries and the head in one state: an entry written by the office
# between reading the last entry and reading the head would look deleted.
@one_reading()
def cmd_audit_verify(args: argparse.Namespace) -> None:
    from audit.actions import verify_chain

    report = verify_chain(expect=args.expect)
    if report.broken:
        fail(f"audit log broken: {report.broken}")
    print(
        f"audit log intact: {report.entries} entries; "
        f"last entry {report.head_seq} {report.head_hash}"
    )


def cmd_audit_list(args: argparse.Namespace) -> None:
    from audit.actions import entries_since, entry_json
    from audit.models import AuditAction

    if args.action and args.action not in AuditAction.values:
        fail(f"--action: one of {', '.join(AuditAction.values)}")
    since = datetime.combine(args.since, time(), UTC) if args.since else None
    entries = entries_since(since)
    if args.action:
        entries = entries.filter(action=args.action)
    if args.json:
        print_json([entry_json(entry) for entry in entries.iterator()])
        return
    for entry in entries.iterator():
        target = f"{entry.target_type}:{entry.target_id}" if entry.target_type else "-"
        print(
            f"{entry.seq:>6} {entry.at:%Y-%m-%d %H:%M:%S} {entry.actor or '-':<20} "
            f"{entry.action:<20} {target}"
        )


def expected_entry(text: str) -> tuple[int, str]:
    found = re.fullmatch(r"([0-9]+):([0-9a-f]{64})", text.strip())
    if not found:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not NUMBER:HASH (as `rollcall audit verify` prints it)"
        )
    return int(found.group(1)), found.group(2)


def passphrase(args: argparse.Namespace, *, new: bool) -> bytes | None:
    from backup.crypto import read_passphrase

    if args.passphrase_file is None:
        return None
    return read_passphrase(args.passphrase_file, new=new)


def cmd_backup(args: argparse.Namespace) -> None:
    from audit.actions import audit_record
    from audit.models import AuditAction
    from backup.snapshot import file_sha256, write_backup

    path = Path(args.file)
    secret = passphrase(args, new=True)
    summary = write_backup(path, passphrase=secret)
    audit_record(
        action=AuditAction.BACKUP,
        actor=f"cli:{os_user()}",
        details={
            "file": path.name,
            "sha256": file_sha256(path),
            "encrypted": secret is not None,
            "persons": summary.persons,
            "rows": summary.rows,
        },
    )
    state = "encrypted" if secret else "NOT encrypted"
    print(
        f"backup written to {path} ({state}): {summary.persons} persons, "
        f"{summary.rows} rows in {summary.tables} tables"
    )


def cmd_restore(args: argparse.Namespace) -> None:
    from backup.snapshot import restore_backup

    summary = restore_backup(
        Path(args.file),
        passphrase=passphrase(args, new=False),
        force=args.force,
        actor=f"cli:{os_user()}",
    )
    print(
        f"restored {args.file}: {summary.persons} persons, "
        f"{summary.rows} rows in {summary.tables} tables"
    )


def add_commands(command: Callable[..., Any]) -> None:
    """Add the audit and backup commands to the `rollcall` parser."""
    sub = command("audit", lambda args: args.audit_run(args), "the audit log")
    audit = sub.add_subparsers(
        dest="audit_command", required=True, metavar="COMMAND", parser_class=Parser
    )
    verify = audit.add_parser(
        "verify", help="check the hash chain (exit 1 naming the first broken entry)"
    )
    verify.set_defaults(audit_run=cmd_audit_verify)
    verify.add_argument(
        "--expect",
        type=expected_entry,
        metavar="NUMBER:HASH",
        help="an entry's number and hash written down from an earlier verify",
    )
    listing = audit.add_parser("list", help="the entries, oldest first")
    listing.set_defaults(audit_run=cmd_audit_list)
    listing.add_argument("--since", type=day, help="entries from this day on (UTC)")
    listing.add_argument("--action", help="only this action (e.g. person.merge)")
    listing.add_argument("--json", action="store_true")
    sub = command("backup", cmd_backup, "write a consistent backup of the database")
    sub.add_argument("file")
    sub.add_argument(
        "--passphrase-file", help="encrypt with the passphrase in this file"
    )
    sub = command("restore", cmd_restore, "restore a backup into an empty database")
    sub.add_argument("file")
    sub.add_argument("--passphrase-file", help="the backup's passphrase file")
    sub.add_argument(
        "--force",
        action="store_true",
        help="replace a database that holds persons (everything in it is lost)",
    )
