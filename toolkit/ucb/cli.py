"""The `ucb` command: validate, assess, draft letters, import contact logs and print schemas.

Files are read as the browser tool reads them (ucb.reading: UTF-8 only, up to 5 MB, nesting checked
before parsing), so the same file gets the same answer in both.

Exit codes: 0 done; 1 the case or file is not valid (errors on stderr); 2 the command was used wrongly;
3 the toolkit failed (a plain message on stderr; UCB_DEBUG=1 shows the traceback instead).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from . import exports, letters, migrate, register, register_report, report, yearly_report
from ._resources import load_policy, load_schema
from .api import is_web_address
from .assess import assess, to_json
from .contacts_import import FILE_NOTES, import_contacts
from .dates import parse_date
from .errors import CaseInvalid, ErrorRecord, UcbError
from .reading import MAX_FILE_BYTES, FileRefused, as_case, decode, file_text, load_json, megabytes
from .register_folder import read_folder
from .validate import errors as case_errors

OK, INVALID, USAGE, FAILED = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"{self.prog}: {message}\n")


class _Usage(Exception):
    """A problem with how the command was used (exit 2)."""


def _date(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as year-month-day, e.g. 2023-07-20"
        ) from None


def _web_address(text: str) -> str:
    if not is_web_address(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a web address; give the policy page's http or https address")
    return text


def _read(path: str) -> str:
    """A file's text, read by the one rule (ucb.reading) the browser tool follows."""
    try:
        if path != "-":
            return file_text(Path(path))
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise FileRefused(
                "file_too_large", f"The input is larger than the {megabytes(MAX_FILE_BYTES)} the tool reads."
            )
        return decode(data)
    except OSError as error:
        raise _Usage(f"cannot read {path}: {error.strerror}") from None


def _load_case(path: str) -> Any:
    try:
        return as_case(load_json(_read(path)))
    except FileRefused as refused:
        raise CaseInvalid([ErrorRecord(refused.code, f"{path}: {refused}")]) from None


def _print_errors(found: list[ErrorRecord]) -> None:
    for e in found:
        # An import's messages name their row or contact already; a case's are placed by JSON path.
        where = "" if e.row is not None or e.path == "$" else f"{e.path}: "
        print(f"{where}{e.message} [{e.code}]", file=sys.stderr)


def _today(args: argparse.Namespace) -> date:
    # The CLI is the one place that reads the clock, and only when no --on is given.
    return args.on or date.today()


def _cmd_validate(args: argparse.Namespace) -> int:
    found = case_errors(_load_case(args.file), on=_today(args))
    if found:
        _print_errors(found)
        return INVALID
    print(f"{args.file}: valid", file=sys.stderr)
    return OK


def _cmd_assess(args: argparse.Namespace) -> int:
    policy = load_policy()
    assessment = assess(_load_case(args.file), policy, on=_today(args))
    if args.format == "json":
        sys.stdout.write(to_json(assessment))
    else:
        sys.stdout.write(report.render_report(assessment, policy, fmt=args.format, policy_url=args.policy_url))
    return OK


def _cmd_evidence(args: argparse.Namespace) -> int:
    policy = load_policy()
    case = _load_case(args.file)
    assessment = assess(case, policy, on=_today(args))
    sys.stdout.write(report.render_evidence_pack(case, assessment, policy, fmt=args.format, policy_url=args.policy_url))
    return OK


def _cmd_letter(args: argparse.Namespace) -> int:
    policy = load_policy()
    case = migrate.upgrade(_load_case(args.file))
    on = _today(args)
    assessment = assess(case, policy, on=on)
    needed = letters.requirements(case, args.kind, assessment, policy, on=on)
    if needed:
        raise CaseInvalid(needed)
    drafted = letters.draft(args.kind, case, assessment, policy, fmt=args.format, policy_url=args.policy_url)
    if isinstance(drafted, bytes):
        sys.stdout.buffer.write(drafted)
    else:
        sys.stdout.write(drafted)
    return OK


def _cmd_contacts_import(args: argparse.Namespace) -> int:
    fmt = args.format or ("json" if args.file.lower().endswith(".json") else "csv")
    try:
        contacts, found, left_out = import_contacts(_read(args.file), fmt, load_policy())
    except FileRefused as refused:  # as the browser tool says it: one problem, nothing imported
        contacts, found, left_out = [], [ErrorRecord(refused.code, str(refused))], 0
    sys.stdout.write(json.dumps(contacts, ensure_ascii=False, indent=2) + "\n")
    _print_errors(found)
    refused = not contacts and not left_out and any(e.code not in FILE_NOTES for e in found)
    summary = _count(len(contacts), "contact") + " imported"
    if left_out:
        summary += f"; {_count(left_out, 'row' if fmt == 'csv' else 'contact')} left out"
    print(summary if not refused else "nothing imported", file=sys.stderr)
    return INVALID if left_out or refused else OK


def _count(number: int, noun: str) -> str:
    """'1 contact', '3 contacts', '1,200 contacts'."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _register_entries(folder: str, on: date) -> tuple[list[dict[str, Any]], list[register.Refused]]:
    """Every case file in `folder` (its `.json` files), as register entries or refusals."""
    path = Path(folder)
    if not path.is_dir():
        raise _Usage(f"{folder} is not a folder; give the folder that holds the case files")
    return read_folder(path, on=on)


def _cmd_register(args: argparse.Namespace) -> int:
    on = _today(args)
    entries, refused = _register_entries(args.folder, on)
    views = register.views(entries, refused, on=on, within_days=args.within)
    if args.ics:
        Path(args.ics).write_bytes(exports.calendar(entries, on=on))
    if args.csv:
        sys.stdout.write(exports.view_csv(views, args.csv))
    elif args.format == "json":
        sys.stdout.write(json.dumps(views, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(register_report.render(views, load_policy(), fmt=args.format))
    return OK


def _cmd_report_year(args: argparse.Namespace) -> int:
    if args.end < args.start:
        raise _Usage("the end of the period comes before its start")
    entries, refused = _register_entries(args.folder, args.end)
    for item in refused:
        print(f"{item.source}: not counted ({item.errors[0].message})", file=sys.stderr)
    sys.stdout.write(yearly_report.render(entries, load_policy(), start=args.start, end=args.end, fmt=args.format))
    return OK


def _cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(json.dumps(load_schema(args.name), ensure_ascii=False, indent=2) + "\n")
    return OK


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ucb",
        description="Decision support for the Unreasonable Customer Behaviour Policy. It supports a manager's decision; it never makes one.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def with_case(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("file", metavar="FILE", help="case record (JSON); - reads standard input")
        p.add_argument("--on", type=_date, metavar="DATE", help="assess as at this date (YYYY-MM-DD); default today")
        return p

    with_case("validate", "Check a case record and list every error.").set_defaults(run=_cmd_validate)
    p = with_case("assess", "Assess a case: where it stands, what is missing, reasons, safeguards, options.")
    p.add_argument("--format", choices=("json", "md", "html"), default="json", help="json (default), md or html")
    p.add_argument(
        "--policy-url", type=_web_address, metavar="URL", help="address of the published policy, for clause links"
    )
    p.set_defaults(run=_cmd_assess)
    p = with_case("evidence", "Write the step-two evidence pack that goes with a referral.")
    p.add_argument("--format", choices=report.REPORT_FORMATS, default="md", help="md (default) or html")
    p.add_argument(
        "--policy-url", type=_web_address, metavar="URL", help="address of the published policy, for clause links"
    )
    p.set_defaults(run=_cmd_evidence)
    p = with_case("letter", "Draft a letter from the case.")
    kinds = letters.kinds(load_policy())
    p.add_argument("kind", metavar="KIND", choices=kinds, help=f"one of: {', '.join(kinds)}")
    p.add_argument(
        "--format",
        choices=letters.LETTER_FORMATS,
        default="text",
        help="text (default), html or docx (Word; written to standard output as bytes)",
    )
    p.add_argument(
        "--policy-url", type=_web_address, metavar="URL", help="address of the published policy, quoted in the letter"
    )
    p.set_defaults(run=_cmd_letter)

    contacts = sub.add_parser("contacts", help="Work with contact logs.", description="Work with contact logs.")
    contacts_sub = contacts.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=_Parser)
    p = contacts_sub.add_parser(
        "import",
        help="Read a contact log (CSV or JSON) and print it as case-record contacts.",
        description="Read a contact log (CSV or JSON) and print it as case-record contacts (JSON). "
        "CSV columns: date, time, channel, departments, officers, members, issues, behaviours, note; "
        "lists separated by semicolons. Rows with problems are reported by row number and left out.",
    )
    p.add_argument("file", metavar="FILE", help="contact log; - reads standard input")
    p.add_argument("--format", choices=("csv", "json"), help="default: from the file name (.json), else csv")
    p.set_defaults(run=_cmd_contacts_import)

    p = sub.add_parser(
        "register",
        help="The register across a folder of case files.",
        description="The register across a folder of case files: restrictions in force, reviews due, restrictions ended but not told, appeals, warnings, protective action and referrals awaiting a step, most urgent first. Files are read one at a time; nothing is sent anywhere.",
    )
    p.add_argument("folder", metavar="DIR", help="folder of case files (JSON)")
    p.add_argument("--on", type=_date, metavar="DATE", help="as at this date (YYYY-MM-DD); default today")
    p.add_argument(
        "--within", type=int, default=30, metavar="DAYS", help="list reviews due within this many days (default 30)"
    )
    p.add_argument("--format", choices=("md", "html", "json"), default="md", help="md (default), html or json")
    p.add_argument(
        "--csv",
        choices=tuple(exports.VIEW_COLUMNS),
        metavar="VIEW",
        help=f"print one view as CSV instead: {', '.join(exports.VIEW_COLUMNS)}",
    )
    p.add_argument("--ics", metavar="FILE", help="also write every deadline, with reminders, to this iCalendar file")
    p.set_defaults(run=_cmd_register)

    p = sub.add_parser(
        "report-year",
        help="The yearly report to the committee for a period.",
        description="The yearly report to the committee: how the policy was used in a period, from a folder of case files, with no names or references and small counts hidden.",
    )
    p.add_argument("folder", metavar="DIR", help="folder of case files (JSON)")
    p.add_argument(
        "--from", dest="start", type=_date, required=True, metavar="DATE", help="first day of the period (YYYY-MM-DD)"
    )
    p.add_argument(
        "--to", dest="end", type=_date, required=True, metavar="DATE", help="last day of the period (YYYY-MM-DD)"
    )
    p.add_argument("--format", choices=yearly_report.REPORT_FORMATS, default="md", help="md (default), html or csv")
    p.set_defaults(run=_cmd_report_year)

    p = sub.add_parser(
        "schema", help="Print a JSON Schema.", description="Print a JSON Schema: case, assessment or policy."
    )
    p.add_argument("name", metavar="NAME", choices=("case", "assessment", "policy"), help="case, assessment or policy")
    p.set_defaults(run=_cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except CaseInvalid as invalid:
        _print_errors(invalid.errors)
        return INVALID
    except _Usage as usage:
        print(f"ucb: {usage}", file=sys.stderr)
        return USAGE
    except UcbError as error:
        print(f"ucb: {error}", file=sys.stderr)
        return INVALID
    except Exception as error:  # no input may end in a traceback: say what happened plainly
        if os.environ.get("UCB_DEBUG") == "1":
            raise
        print(
            f"ucb: the toolkit stopped unexpectedly ({type(error).__name__}) and wrote nothing. Please tell the team "
            "that looks after the tool which command you ran (not the case itself); UCB_DEBUG=1 shows the details.",
            file=sys.stderr,
        )
        return FAILED
