"""followthrough: interview debriefs, thank-you drafts and follow-ups for job seekers.

In layers (docs/architecture.md): ``core`` and ``detection`` are pure (no I/O, no clock);
``service`` runs them against the machine (state, sync, configuration, the judge); ``cli`` and
``web`` are the entry points. Adapters to calendars, mailboxes and notifiers live in the
``connectors`` package and are reached only through the contracts in ``connectors.base``.
"""

__version__ = "0.1.0"
