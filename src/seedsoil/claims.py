"""Reading health claims: a red-flag checklist and the course's table of judged claims.

>>> from seedsoil import claims
>>> claims.red_flags("A natural cure with no side effects, only at our clinic!")

The checklist looks for wording; it cannot judge evidence. A page with no red flags can still be
wrong, which is why the notebook goes on to check claims against their sources.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from . import data

#: Each red flag with a few phrases that commonly signal it (lower case, matched as words).
RED_FLAGS: dict[str, tuple[str, ...]] = {
    "miracle wording": ("miracle", "breakthrough", "cure", "cures", "revolutionary", "secret"),
    "no side effects": ("no side effects", "without side effects", "completely safe", "natural", "gentle"),
    "offered only here": ("only at our", "our clinic", "our centre", "our center", "exclusive", "book now"),
    "testimonials instead of trials": ("testimonial", "patients say", "my story", "worked for me"),
    "sweeping promises": ("everyone", "always", "guaranteed", "100%", "prevents recurrence", "boosts the immune"),
}


def verdicts() -> tuple[str, ...]:
    """The verdicts a claim can get, as the schema of data/claims.csv allows them."""
    field = next(f for f in data.resource("claims")["schema"]["fields"] if f["name"] == "verdict")
    return tuple(field["constraints"]["enum"])


#: The longest text red_flags() reads: a long web page is about 100,000 characters; a bound keeps
#: a pasted file from tying the kernel up for minutes.
MAX_TEXT = 200_000


def red_flags(text: str) -> pd.DataFrame:
    """Red flags whose wording appears in ``text``: one row per flag, with the phrases found.

    Raises TypeError for anything but a string and ValueError for an empty one.
    """
    if not isinstance(text, str):
        raise TypeError(f"red_flags() needs the text of a claim as a string, not {type(text).__name__}.")
    if not text.strip():
        raise ValueError("red_flags() was given an empty text.")
    if len(text) > MAX_TEXT:
        raise ValueError(
            f"red_flags() reads the text of one web page, at most {MAX_TEXT:,} characters; this one has "
            f"{len(text):,}. Give it the part that makes the claim."
        )
    # NFKC first: full-width 'ｃｕｒｅ' and ligatures read as the plain words they show
    lowered = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    rows = []
    for flag, phrases in RED_FLAGS.items():
        # word boundaries so that "cure" does not fire inside "secure" or "procure"
        found = [p for p in phrases if re.search(rf"(?<![\w]){re.escape(p)}(?![\w])", lowered)]
        if found:
            rows.append({"red flag": flag, "wording found": ", ".join(found)})
    return pd.DataFrame(rows, columns=["red flag", "wording found"])


def table(verdict: str | None = None) -> pd.DataFrame:
    """The judged claims of ``data/claims.csv``, optionally only those with one verdict."""
    claims = data.load("claims")
    if verdict is None:
        return claims
    if verdict not in verdicts():
        raise ValueError(f"Unknown verdict {verdict!r}; choose one of {', '.join(verdicts())}.")
    return claims[claims["verdict"] == verdict].reset_index(drop=True)
