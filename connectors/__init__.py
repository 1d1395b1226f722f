"""Adapters to the outside world behind small contracts (see ``connectors.base``).

``connectors.registry`` maps the ``kind`` written in the configuration to an implementation;
the core never imports a concrete connector.
"""
