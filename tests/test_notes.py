"""Sentences of the notes that depend on what the invitation named (post, company), per language."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from daemon.core.notes import Reader, Writer

DAY = datetime(2026, 9, 2, 15, tzinfo=timezone.utc)


@pytest.mark.parametrize("outcome", ["offer", "rejected", "withdrawn"])
@pytest.mark.parametrize("lang,without,doubled", [
    ("en", "the role", "role role"), ("de", "die Stelle", "Stelle als"), ("fr", " poste", "poste de ")])
def test_the_referrers_update_reads_right_when_no_post_is_known(lang, without, doubled, outcome):
    writer = Writer(lang, company="Acme", post="", day=DAY, zone=timezone.utc, formal=False)
    text = writer.referral_update(Reader("Sam Lee", "sam@x.example"), outcome).paragraphs[0]
    assert without in text and doubled not in text, text
    named = Writer(lang, company="Acme", post="Data Engineer", day=DAY, zone=timezone.utc, formal=False)
    assert "Data Engineer" in named.referral_update(Reader("Sam Lee", "sam@x.example"), outcome).paragraphs[0]


@pytest.mark.parametrize("title,post", [
    ("Entrevue – Ingénieur(e) de données senior – Noor Haddad", "Ingénieur(e) de données senior"),  # not cut at "(e)"
    ("Vorstellungsgespräch Senior Data Engineer (m/w/d) - Kranich", "Senior Data Engineer"),  # the job-ad marker left out
    ("Entwickler(in) Backend - Acme", "Entwickler(in) Backend"),
    ("Interview: Data Engineer (Senior) - Acme", "Data Engineer"),
])
def test_the_post_from_the_invitation_keeps_inclusive_forms_and_drops_job_ad_markers(title, post):
    from daemon.core.notes import post_of

    assert post_of(title, "Acme") == post
