"""asfetl: indicators for a Swedish region's action plan for work-integrating social enterprises."""

__version__ = "0.1.0"
