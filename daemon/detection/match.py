"""Matching helpers: pattern lists joined into one regex, with a looser prefilter searched first."""

from __future__ import annotations

from functools import cached_property
import re
import unicodedata

from .lexicon.stages import _BARE_IN_DESC, _ELSEWHERE


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


_COMPILED: dict[int, "_Joined"] = {}


# "^" stays: without it an anchored pattern is tried at every position, which is quadratic in
# the length of a word it scans ("^name x name$" over a 10 KB title without spaces).
_LEADING_ASSERTION = re.compile(r"^(?:\\b|\(\?<[!=](?:[^()\\]|\\.)*\))+")


_NEVER = re.compile(r"(?!)")


class _Joined:
    """A list of patterns joined into one regex (``exact``); a looser one without leading \\b, ^ and
    lookbehinds (``loose``); and the looser one without the patterns that cannot match ASCII text
    (``ascii_loose``: no "面接", no "proceso de selección"). Each is compiled when first used.

    A leading assertion or group stops the regex engine from skipping ahead to the possible
    first characters, so searching the loose form first (nothing it misses can match the exact
    form) makes the common case, no match, several times faster; and as the engine tries every
    alternative at every candidate position, leaving out the other scripts' words for
    plain-ASCII text (most titles) saves more.
    """

    def __init__(self, patterns: list[str]):
        self.patterns = patterns

    @cached_property
    def exact(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.patterns))

    @cached_property
    def _loose_parts(self) -> list[str]:
        return [q for p in self.patterns for q in _loosen(p)]

    @cached_property
    def loose(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self._loose_parts))

    @cached_property
    def ascii_loose(self) -> re.Pattern[str]:
        parts = [p for p in self._loose_parts if p.isascii() or not _needs_non_ascii(p)]
        return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else _NEVER

    def prefilter(self, text: str) -> re.Pattern[str]:
        return self.ascii_loose if text.isascii() else self.loose


def _rx2(patterns: list[str]) -> _Joined:
    found = _COMPILED.get(id(patterns))
    if found is None:
        found = _COMPILED[id(patterns)] = _Joined(patterns)
    return found


def _loosen(pattern: str, depth: int = 0) -> list[str]:
    """``pattern`` without its leading assertions, as alternatives that each start with a character
    ("(first|second) round" -> "first round", "second round"): one pattern that starts with a group or
    an assertion keeps the engine from skipping to the possible first characters of the whole regex.
    Each alternative matches where the pattern does (they only match more), so they do as a prefilter."""
    p = _LEADING_ASSERTION.sub("", pattern)
    if depth > 3 or not p.startswith("(") or (p.startswith("(?") and not p.startswith("(?:")):
        return [p]
    start = 3 if p.startswith("(?:") else 1
    alts, level, i, last, in_class = [], 0, start, start, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            level += 1
        elif c == ")":
            if level == 0:
                break
            level -= 1
        elif c == "|" and level == 0:
            alts.append(p[last:i])
            last = i + 1
        i += 1
    if i >= len(p):
        return [p]
    alts.append(p[last:i])
    rest, optional = p[i + 1:], False
    if rest[:1] == "?" and rest[1:2] not in ("?", "+"):
        rest, optional = rest[1:], True
    elif rest[:1] in ("*", "+", "{", "?"):
        return [p]
    out = [q for alt in alts for q in _loosen(alt + rest, depth + 1)]
    return out + (_loosen(rest, depth + 1) if optional and rest else [])


def _needs_non_ascii(pattern: str) -> bool:
    """Whether every match of ``pattern`` holds a non-ASCII character (a required literal; conservative)."""
    try:
        # The standard library's own parser (Python 3.11+); typeshed stubs it only under its old name, sre_parse.
        from re import _parser  # type: ignore[attr-defined]

        return _seq_needs_non_ascii(_parser.parse(pattern))
    except Exception:  # noqa: BLE001 - unknown parser: assume it may match ASCII, which is always safe
        return False


def _seq_needs_non_ascii(seq) -> bool:
    # typeshed stubs these only under their old name, sre_constants (deprecated since 3.11).
    from re._constants import BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, RANGE, SUBPATTERN  # type: ignore[import-not-found]

    for op, av in seq:
        if op is LITERAL and av > 127:
            return True
        if op is IN and all((o is LITERAL and a > 127) or (o is RANGE and a[0] > 127) for o, a in av):
            return True
        if op is SUBPATTERN and _seq_needs_non_ascii(av[3]):
            return True
        if op is BRANCH and all(_seq_needs_non_ascii(alt) for alt in av[1]):
            return True
        if op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1 and _seq_needs_non_ascii(av[2]):
            return True
    return False


def _rx(patterns: list[str]) -> re.Pattern[str]:
    return _rx2(patterns).exact


def _any(patterns: list[str], text: str) -> str | None:
    """The text matched by the first pattern that occurs in ``text`` (patterns joined into one regex)."""
    if not text:
        return None
    joined = _rx2(patterns)
    if not (first := (joined.ascii_loose if text.isascii() else joined.loose).search(text)):
        return None
    # no exact match starts before the first loose one (each exact match is a loose match at the same place)
    m = joined.exact.search(text, first.start())
    return m.group(0) if m else None


def _all(patterns: list[str], text: str) -> list[str]:
    """Every distinct text matched by the patterns in ``text``, in order."""
    if not text:
        return []
    joined = _rx2(patterns)
    if not (first := (joined.ascii_loose if text.isascii() else joined.loose).search(text)):
        return []
    exact = joined.exact
    return list(dict.fromkeys(m.group(0) for m in exact.finditer(text, first.start())))


def _matches(groups: dict[str, list[str]], text: str) -> dict[str, str]:
    """For each group with a pattern in ``text``, the matched text."""
    return {k: m for k, pats in groups.items() if (m := _any(pats, text))} if text else {}


def _first_here(patterns: list[str], text: str) -> tuple[int, str] | None:
    """The first match in ``text`` that is about this event, not a session referred to ("before your onsite")."""
    for m in _rx(patterns).finditer(text):
        if _BARE_IN_DESC.fullmatch(m.group(0)):
            continue
        if not _ELSEWHERE.search(text[max(0, m.start() - 40):m.start()]):
            return m.start(), m.group(0)
    return None


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""
