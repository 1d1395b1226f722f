"""The sentences of the notes, one module per language (daemon.core.notes reads them as TABLES)."""
