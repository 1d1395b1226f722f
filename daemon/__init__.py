"""followthrough: interview debriefs, thank-you drafts and follow-ups for job seekers.

The core (detection, scheduling rules, composing, state) lives here; adapters to calendars,
mailboxes and notifiers live in the ``connectors`` package and are reached only through the
contracts in ``connectors.base``.
"""

__version__ = "0.1.0"
