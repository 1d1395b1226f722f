"""The entry points: the ``followthrough`` command (``main``), ``doctor``, ``demo`` and the service units."""
