"""Fakes of outside services for tests (a stateful Google)."""
