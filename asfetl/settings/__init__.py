"""One typed settings object, read once at the edge (env prefix ASFETL_, optional asfetl.toml)."""

import math
import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from asfetl import geography
from asfetl.errors import SettingsError
from asfetl.settings.cadences import (
    CADENCE_SUFFIX,
    CadenceEnvironment,
    cadence_sources,
    positive_days,
)
from asfetl.settings.portal import PortalSettings
from asfetl.settings.reports import ReportSettings

CONFIG_FILE_ENV = "ASFETL_CONFIG"
DEFAULT_CONFIG_FILE = "asfetl.toml"


class Settings(ReportSettings, PortalSettings, BaseSettings):
    """Everything a run may be configured with. Paths are relative to the working directory.
    The settings of submitted files and of the portal are declared in their own modules."""

    model_config = SettingsConfigDict(env_prefix="ASFETL_", extra="forbid", frozen=True)

    warehouse: Path = Field(
        Path("warehouse/asf.duckdb"), description="the published warehouse file"
    )
    inbox: Path = Field(Path("warehouse/inbox"), description="where submitted report files arrive")
    # The action plan (its sub-goals, activities and targets).
    plan_dir: Path | None = Field(
        None,
        description="folder of the region's own plan (plan_subgoals.csv, plan_activities.csv, "
        "plan_targets.csv; docs/plan.md); default: the EXAMPLE plan shipped in sql/seeds",
    )
    region: str = Field("18", description="county code; '00' means the whole country")
    scb_base_url: str = "https://statistikdatabasen.scb.se/api/v2"
    kolada_base_url: str = "https://api.kolada.se/v3"
    first_year: int = Field(2015, description="first year of statistics to pull")
    lock_timeout: float = Field(
        600, description="seconds a run waits for another run's writer lock before giving up"
    )
    local_server_idle: float = Field(
        600,
        description="seconds the local Prefect server that hand runs share keeps running after "
        "the last run ends; 0: a temporary server for each run (started and stopped with it)",
    )
    http_timeout: float = Field(60, description="seconds to wait for an API to answer one call")
    http_give_up_after: float = Field(
        300,
        description="seconds an API call keeps being retried (429, 5xx, a slow answer) before failing",
    )
    http_connect_give_up_after: float = Field(
        20,
        description="seconds a refused connection or failed name lookup is retried (at most 3 "
        "times) before the source is reported unreachable",
    )
    # Scheduled operation: retries of the network step, freshness and notification.
    extract_retries: int = Field(
        2, description="times a scheduled run retries fetching when no source could be reached"
    )
    extract_retry_delay: float = Field(
        300, description="seconds before the first such retry; each later one waits twice as long"
    )
    cadence_days: dict[str, Annotated[float, AfterValidator(positive_days)]] = Field(
        default_factory=dict,
        description=(
            "days expected between refreshes, per source, where they differ from the source's "
            "declared default; set as <source>_cadence_days or ASFETL_<SOURCE>_CADENCE_DAYS"
        ),
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

    @field_validator("plan_dir", mode="before")
    @classmethod
    def _empty_means_the_example(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value  # ASFETL_PLAN_DIR=

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
        "http_connect_give_up_after",
        "local_server_idle",
        "extract_retry_delay",
    )
    @classmethod
    def _seconds_not_negative(cls, value: float) -> float:
        if not (math.isfinite(value) and value >= 0):
            raise ValueError("must be a number of seconds, 0 or more")
        return value

    @field_validator("warehouse")
    @classmethod
    def _warehouse_is_a_file(cls, value: Path) -> Path:
        if value.is_dir():
            raise ValueError(
                f"is a folder; point it at the warehouse file in it, e.g. {value / 'asf.duckdb'}"
            )
        return value

    @field_validator("extract_retries")
    @classmethod
    def _retries_bounded(cls, value: int) -> int:
        if not 0 <= value <= 10:
            raise ValueError("must be a number of retries from 0 to 10")
        return value

    @field_validator("stale_grace_days")
    @classmethod
    def _grace_is_positive(cls, value: float) -> float:
        return positive_days(value)

    @model_validator(mode="before")
    @classmethod
    def _gather_cadences(cls, data: Any) -> Any:
        """<source>_cadence_days (asfetl.toml, ASFETL_*, arguments) → cadence_days[source]."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        cadences = dict(data.get("cadence_days") or {})
        for name in cadence_sources():
            key = f"{name}{CADENCE_SUFFIX}"
            if key in data:
                cadences[name] = data.pop(key)
        if cadences:
            data["cadence_days"] = cadences
        return data  # any other *_cadence_days stays, to be refused as an unknown setting

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
        return (
            init_settings,
            env_settings,
            CadenceEnvironment(settings_cls),
            TomlConfigSettingsSource(settings_cls, toml_file),
        )

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
    def ceased_file(self) -> Path:
        """The enterprises an analyst has marked as ceased (optional)."""
        return self.warehouse_dir / "ceased_enterprises.csv"

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


def known_settings() -> list[str]:
    """The names a setting may have in asfetl.toml (ASFETL_ + the name in upper case)."""
    cadences = [f"{name}{CADENCE_SUFFIX}" for name in cadence_sources()]
    own = [f for f in Settings.__annotations__ if f in Settings.model_fields]  # the run's first
    fields = own + [f for f in Settings.model_fields if f not in own]  # then reports, portal
    return [n for field in fields for n in (cadences if field == "cadence_days" else [field])]


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
        if name == "cadence_days" and len(error["loc"]) > 1:  # one source's cadence
            name = f"{error['loc'][1]}{CADENCE_SUFFIX}"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            raise SettingsError(
                f"Unknown setting {name!r} in the configuration; known settings: "
                f"{', '.join(known_settings())}."
            ) from None
        value = error.get("input")
        raise SettingsError(f"ASFETL_{name.upper()}={value!r} {message}.") from None
    except ValueError as exc:  # e.g. a malformed asfetl.toml
        raise SettingsError(f"The configuration file could not be read: {exc}.") from None
