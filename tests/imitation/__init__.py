"""Local imitations of SCB PxWebApi 2.0 and Kolada v3 for tests and benchmarks (no internet)."""

from .common import Recorded, Reply
from .kolada import KoladaImitation
from .scb import ScbImitation

__all__ = ["KoladaImitation", "Recorded", "Reply", "ScbImitation"]
