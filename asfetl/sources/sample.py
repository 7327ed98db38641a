"""The shipped sample data: which region it covers."""

from asfetl.errors import AsfetlError

SAMPLE_REGION = "18"  # the shipped sample data covers Örebro län


def require_sample_region(region: str) -> None:
    if region != SAMPLE_REGION:
        raise AsfetlError(
            f"The sample data covers Örebro län (18) only, but ASFETL_REGION={region}; "
            "unset ASFETL_REGION or run without --sample."
        )
