"""How much work one submitted file may cause: the limits, stated once."""

MAX_REPORT_BYTES = 20 * 1024 * 1024  # default of ASFETL_REPORT_MAX_BYTES: 20 MB on disk
