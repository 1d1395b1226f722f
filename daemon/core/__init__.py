"""The pure core: the data model, the follow-up flow and its business days, decision dates, notes and their
phrasing, composing drafts, errors and time helpers. No I/O beyond reading the bundled templates, no clock:
every function that needs the time takes ``now``."""
