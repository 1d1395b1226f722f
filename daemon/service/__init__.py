"""The running service and its infrastructure: the state database, calendar sync, the runner that moves
interviews along, the long-running serve loop, configuration and paths, the judge's subprocess, and the
wiring (``app``) that builds connectors, judges and the runner from a configuration."""
