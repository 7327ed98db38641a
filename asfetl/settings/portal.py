"""The settings of the submission portal (`asfetl portal`): where it listens, how links are signed."""

from datetime import time
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr, field_validator


class PortalSettings(BaseModel):
    """ASFETL_PORTAL_*: the portal's address, its link key, its rate limit, the intake time."""

    portal_host: str = Field("127.0.0.1", description="address `asfetl portal` listens on")
    portal_port: int = Field(8765, description="port `asfetl portal` listens on")
    portal_url: str | None = Field(
        None,
        description="the portal's address as submitters reach it, printed in their links "
        "(default http://<portal_host>:<portal_port>; behind a proxy its https:// address)",
    )
    portal_secret: SecretStr | None = Field(
        None,
        description="key signing the upload links, at least 32 characters; set it as "
        "ASFETL_PORTAL_SECRET, never in the repository (changing it ends every link)",
    )
    portal_uploads_per_hour: int = Field(
        20, description="uploads one link may make in an hour; more are answered 429"
    )
    portal_scratch_dir: Path | None = Field(
        None,
        description="folder where uploads are held while they are checked (default /dev/shm, "
        "memory, where it can be written; else the inbox)",
    )
    portal_intake_time: str = Field(
        "06:30",
        description="HH:MM (Europe/Stockholm) of the daily report-inbox run, told on receipts",
    )

    @field_validator("portal_port")
    @classmethod
    def _port_in_range(cls, value: int) -> int:
        if not 1 <= value <= 65535:
            raise ValueError("must be a port number from 1 to 65535")
        return value

    @field_validator("portal_uploads_per_hour")
    @classmethod
    def _uploads_positive(cls, value: int) -> int:
        if not 1 <= value <= 100_000:
            raise ValueError("must be a number of uploads from 1 to 100000")
        return value

    @field_validator("portal_intake_time")
    @classmethod
    def _is_hour_minute(cls, value: str) -> str:
        try:
            hour, minute = (int(part) for part in str(value).strip().split(":"))
            time(hour, minute)
        except ValueError:
            raise ValueError("must be an hour and minute as HH:MM, e.g. 06:30") from None
        return f"{hour:02d}:{minute:02d}"

    @field_validator("portal_url")
    @classmethod
    def _portal_url_is_http(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// address")
        return value.rstrip("/") if value else None
