"""The six languages drafts and prompts are written in, and the code a setting or an invitation names.

Kept apart from the sentence tables (daemon.core.notes) so that reading a setting, or writing a date into a prompt,
costs no table or pattern.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

LANGUAGES = ("en", "de", "fr", "es", "pt", "nl")


def language_of(lang: str) -> str:
    """A supported language code from 'de', 'de-AT', 'FR' ...; English otherwise."""
    code = (lang or "en").lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else "en"


_DAY_PATTERN = {"en": "EEEE, d MMMM", "de": "EEEE, d. MMMM", "fr": "EEEE d MMMM", "es": "EEEE d 'de' MMMM",
                "pt": "EEEE, d 'de' MMMM", "nl": "EEEE d MMMM"}
_SHORT_PATTERN = {"en": "d MMMM", "de": "d. MMMM", "fr": "d MMMM", "es": "d 'de' MMMM", "pt": "d 'de' MMMM", "nl": "d MMMM"}


def day_words(moment: datetime | date, zone: tzinfo | None = None, lang: str = "en", short: bool = False) -> str:
    """'Friday, 18 September' ('Friday, September 18' in the Americas), 'Freitag, 18. September', 'vendredi 18
    septembre', ... in the user's zone."""
    from babel.dates import format_date

    d = moment.astimezone(zone).date() if isinstance(moment, datetime) and zone else (
        moment.date() if isinstance(moment, datetime) else moment)
    if lang == "en" and american(zone):
        return format_date(d, "MMMM d" if short else "EEEE, MMMM d", locale="en_US")
    return format_date(d, (_SHORT_PATTERN if short else _DAY_PATTERN)[lang], locale=lang)


def american(zone: tzinfo | None) -> bool:
    """Whether English dates read month first ("Friday, September 18"): the user lives in the Americas."""
    key = getattr(zone, "key", "") or ""
    return key.startswith(("America/", "US/", "Canada/")) or key in ("Pacific/Honolulu", "EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT")
