"""Language names and codes: biblatex's ``langid``/``language`` names (babel's, polyglossia's) and
the BCP 47 codes claimref keeps (``russian`` → ``ru``).

One table, so that reading, writing back, checking and the site agree on it. It only names and
recognises languages; which field holds one, and what a wrong one costs, is for the readers and
``claimref check`` to say.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["LANGUAGE_NAMES", "language_code"]

#: BibLaTeX ``langid``/``language`` names (babel's and polyglossia's) mapped to BCP 47 codes; the
#: first name of a code is the one written back (``langid = {german}`` for ``de``).
LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "latvian": "lv",
        "russian": "ru",
        "english": "en",
        "american": "en-US",
        "british": "en-GB",
        "ukrainian": "uk",
        "belarusian": "be",
        "lithuanian": "lt",
        "estonian": "et",
        "german": "de",
        "ngerman": "de",
        "french": "fr",
        "polish": "pl",
        "finnish": "fi",
        "swedish": "sv",
        "hebrew": "he",
        "yiddish": "yi",
        "italian": "it",
        "spanish": "es",
        "latin": "la",
        "greek": "el",
        "czech": "cs",
        "slovak": "sk",
        "slovene": "sl",
        "slovenian": "sl",
        "croatian": "hr",
        "serbian": "sr",
        "bulgarian": "bg",
        "macedonian": "mk",
        "hungarian": "hu",
        "magyar": "hu",
        "romanian": "ro",
        "dutch": "nl",
        "danish": "da",
        "norwegian": "nb",
        "norsk": "nb",
        "nynorsk": "nn",
        "icelandic": "is",
        "portuguese": "pt",
        "portuges": "pt",
        "brazilian": "pt-BR",
        "catalan": "ca",
        "basque": "eu",
        "galician": "gl",
        "irish": "ga",
        "welsh": "cy",
        "turkish": "tr",
        "arabic": "ar",
        "japanese": "ja",
        "chinese": "zh",
        "korean": "ko",
        "UKenglish": "en-GB",
        "USenglish": "en-US",
        "australian": "en-AU",
        "canadian": "en-CA",
        "newzealand": "en-NZ",
        "austrian": "de-AT",
        "naustrian": "de-AT",
        "swissgerman": "de-CH",
        "nswissgerman": "de-CH",
        "canadien": "fr-CA",
        "acadian": "fr-CA",
    }
)
_LOWER_NAMES = {name.lower(): code for name, code in LANGUAGE_NAMES.items()}


@functools.cache
def _bcp47() -> re.Pattern[str]:
    """A BCP 47 code as claimref takes it: language, optional script, optional region."""
    return re.compile(r"^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|[0-9]{3}))?$")


def language_code(value: str) -> str | None:
    """The BCP 47 code for a langid/language value (``russian`` → ``ru``; ``ru`` stays; biblatex's
    ``langlatin`` key → ``la``; of a list, ``langlatin and langgerman``, the first), or None."""
    text = value.strip().split(" and ")[0].strip()
    name = text.lower()
    if name not in _LOWER_NAMES and name.startswith("lang"):
        name = name[4:]
    if name in _LOWER_NAMES:
        return _LOWER_NAMES[name]
    return text if _bcp47().match(text) else None
