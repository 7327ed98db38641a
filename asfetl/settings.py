"""One typed settings object, read once at the edge (env prefix ASFETL_, optional asfetl.toml)."""

import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from asfetl import geography
from asfetl.errors import SettingsError
from asfetl.reports.limits import MAX_REPORT_BYTES

CONFIG_FILE_ENV = "ASFETL_CONFIG"
DEFAULT_CONFIG_FILE = "asfetl.toml"


class Settings(BaseSettings):
    """Everything a run may be configured with. Paths are relative to the working directory."""

    model_config = SettingsConfigDict(env_prefix="ASFETL_", extra="forbid", frozen=True)

    warehouse: Path = Field(
        Path("warehouse/asf.duckdb"), description="the published warehouse file"
    )
    inbox: Path = Field(Path("warehouse/inbox"), description="where submitted report files arrive")
    region: str = Field("18", description="county code; '00' means the whole country")
    scb_base_url: str = "https://statistikdatabasen.scb.se/api/v2"
    kolada_base_url: str = "https://api.kolada.se/v3"
    first_year: int = Field(2015, description="first year of statistics to pull")
    lock_timeout: float = Field(
        600, description="seconds a run waits for another run's writer lock before giving up"
    )
    report_max_bytes: int = Field(
        MAX_REPORT_BYTES, description="largest report file accepted, in bytes (default 20 MB)"
    )
    inbox_settle_seconds: float = Field(
        2, description="a report file whose size changes within this time is left for the next run"
    )
    http_timeout: float = Field(60, description="seconds to wait for an API to answer one call")
    http_give_up_after: float = Field(
        300,
        description="seconds an API call keeps being retried (429, 503, network) before failing",
    )
    # Scheduled operation: retries of the network step, freshness and notification.
    extract_retries: int = Field(
        2, description="times a scheduled run retries fetching when no source could be reached"
    )
    extract_retry_delay: float = Field(
        300, description="seconds before the first such retry; each later one waits twice as long"
    )
    scb_cadence_days: float = Field(
        7, description="days between refreshes of SCB data (the open-statistics schedule)"
    )
    kolada_cadence_days: float = Field(
        7, description="days between refreshes of Kolada data (the open-statistics schedule)"
    )
    reports_cadence_days: float = Field(
        1, description="days between runs that take in the report inbox (the report-inbox schedule)"
    )
    stale_grace_days: float = Field(
        1, description="days past its cadence before a source counts as stale"
    )
    notify_url: str | None = Field(
        None, description="webhook called (JSON POST) when a run fails or a source is stale"
    )

    @field_validator("region", mode="before")
    @classmethod
    def _region_is_a_county(cls, value: Any) -> str:
        code = str(value).strip().zfill(2)
        if code != geography.COUNTRY_CODE and not geography.is_county_code(code):
            known = ", ".join(c.code for c in geography.counties())
            raise ValueError(f"is not a Swedish county code; use one of {known}, or 00 for Sweden")
        return code

    @field_validator("first_year")
    @classmethod
    def _first_year_is_plausible(cls, value: int) -> int:
        if not 1968 <= value <= 2100:
            raise ValueError(
                "must be a year from 1968 (the first year SCB's population tables hold)"
            )
        return value

    @field_validator("scb_base_url", "kolada_base_url", "notify_url")
    @classmethod
    def _is_http_url(cls, value: str | None) -> str | None:
        if not value:  # ASFETL_NOTIFY_URL= (empty) switches notification off
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// address")
        return value.rstrip("/")

    @field_validator(
        "lock_timeout",
        "http_timeout",
        "http_give_up_after",
        "report_max_bytes",
        "inbox_settle_seconds",
        "extract_retry_delay",
    )
    @classmethod
    def _not_negative(cls, value: float) -> float:
        if value < 0:
            raise ValueError("must be 0 or more seconds")
        return value

    @field_validator("extract_retries")
    @classmethod
    def _retries_bounded(cls, value: int) -> int:
        if not 0 <= value <= 10:
            raise ValueError("must be a number of retries from 0 to 10")
        return value

    @field_validator(
        "scb_cadence_days", "kolada_cadence_days", "reports_cadence_days", "stale_grace_days"
    )
    @classmethod
    def _positive_days(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("must be a number of days greater than 0")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Precedence: explicit arguments, then ASFETL_* variables, then asfetl.toml, then defaults.
        toml_file = Path(os.environ.get(CONFIG_FILE_ENV, DEFAULT_CONFIG_FILE))
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file)

    # Derived locations: everything a run writes lives beside the published warehouse file.
    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse.parent

    @property
    def landing_dir(self) -> Path:
        return self.warehouse_dir / "landing"

    @property
    def runs_dir(self) -> Path:
        return self.warehouse_dir / "runs"

    @property
    def region_name(self) -> str:
        return geography.area(self.region).name

    def ensure_writable(self) -> None:
        """Stop with one sentence if a run could not write its warehouse folder."""
        folder = self.warehouse_dir
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
                pass
        except OSError as exc:
            raise SettingsError(
                f"ASFETL_WAREHOUSE={str(self.warehouse)!r} cannot be written "
                f"({exc.strerror or exc}); point it at a file in a folder you can write to."
            ) from None


def load_settings(**overrides: Any) -> Settings:
    """Read the settings once; turn any invalid value into one sentence naming the setting."""
    config_file = os.environ.get(CONFIG_FILE_ENV)
    if config_file and not Path(config_file).is_file():
        raise SettingsError(f"{CONFIG_FILE_ENV}={config_file!r} is not a file; fix or unset it.")
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]) if error["loc"] else "?"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            raise SettingsError(
                f"Unknown setting {name!r} in the configuration; known settings: "
                f"{', '.join(Settings.model_fields)}."
            ) from None
        value = error.get("input")
        raise SettingsError(f"ASFETL_{name.upper()}={value!r} {message}.") from None
    except ValueError as exc:  # e.g. a malformed asfetl.toml
        raise SettingsError(f"The configuration file could not be read: {exc}.") from None
