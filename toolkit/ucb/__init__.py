"""Decision support for Portsmouth City Council's Unreasonable Customer Behaviour Policy."""

from ._resources import load_policy, load_schema
from .assess import assess, to_json
from .errors import CaseInvalid, DateOutOfRange, ErrorRecord, PolicyError, UcbError, UnknownName
from .validate import errors, iter_errors, validate

__all__ = [
    "CaseInvalid",
    "DateOutOfRange",
    "ErrorRecord",
    "PolicyError",
    "UcbError",
    "UnknownName",
    "assess",
    "errors",
    "iter_errors",
    "load_policy",
    "load_schema",
    "to_json",
    "validate",
]
