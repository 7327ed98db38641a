"""The dashboard: one self-contained HTML file built only from the published mart tables."""

from asfetl.dashboard.render import write_dashboard

__all__ = ["write_dashboard"]
