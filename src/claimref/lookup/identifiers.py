"""ISBNs and DOIs as a user types them, checked and put in one form before anything is asked.

:func:`isbn13` validates an ISBN-10 or ISBN-13 with python-stdnum (check digit, length, prefix) and
gives the 13 digits the catalogues are asked with; :func:`hyphenated` the form written into an entry.
:func:`doi` strips a resolver prefix (``https://doi.org/``, ``doi:``) and checks the ``10.NNNN/…``
shape. A malformed identifier is a :class:`~claimref.errors.UsageError` (exit 2): no request is made.
Comparing identifiers with the workspace's is :mod:`claimref.duplicates`' (``isbn_key``, ``doi_key``).
"""

from __future__ import annotations

import re

from stdnum import isbn as stdisbn
from stdnum.exceptions import ValidationError

from claimref.errors import UsageError

_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
#: A DOI: ``10.``, a registrant code of digits (and dots), a slash, and a suffix without spaces.
_DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")


def isbn13(text: str) -> str:
    """The ISBN-13 digits of a valid ISBN-10 or ISBN-13 (hyphens and spaces allowed)."""
    try:
        return str(stdisbn.to_isbn13(stdisbn.validate(text)))
    except ValidationError as exc:
        why = str(exc).rstrip(".")
        raise UsageError(f"--isbn {text}: not a valid ISBN ({why[:1].lower()}{why[1:]})") from None


def hyphenated(isbn: str) -> str:
    """A valid ISBN-13 with the hyphens of its ranges (``978-9984-643-78-6``)."""
    return str(stdisbn.format(isbn))


def doi(text: str) -> str:
    """A DOI without resolver prefix or surrounding space, as given otherwise (``10.4324/…``)."""
    value = _DOI_PREFIX.sub("", text).strip()
    if not _DOI.fullmatch(value):
        raise UsageError(f"--doi {text}: not a DOI (expected 10.NNNN/suffix, or its doi.org URL)")
    return value
