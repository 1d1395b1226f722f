"""The detection package's public names under their old module path (daemon.detection is the package)."""

from daemon.detection import *  # noqa: F401,F403
from daemon.detection import __all__  # noqa: F401
