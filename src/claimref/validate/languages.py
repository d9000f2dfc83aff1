"""Which language codes ``claimref check`` knows: biblatex language names and ISO 639 codes.

The BCP 47 syntax and the biblatex names come from :mod:`claimref.model`; this module adds the list of
ISO 639-1 two-letter codes, so that a well-formed but unknown code (``xx``) is reported. Three-letter
codes (ISO 639-2/3, e.g. ``ltg`` Latgalian) are accepted on their form alone: their list is too long
to carry here.
"""

from __future__ import annotations

from claimref.model import language_code

ISO_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy "
    "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu "
    "hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb "
    "lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om "
    "or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw "
    "ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu".split()
)


def known_language(value: str) -> bool:
    """True when ``value`` is a biblatex language name or a BCP 47 code with a known language."""
    code = language_code(value)
    if code is None:
        return False
    primary = code.split("-", 1)[0].lower()
    return len(primary) == 3 or primary in ISO_639_1
