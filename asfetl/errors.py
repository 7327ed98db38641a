"""Errors a user can cause and fix: each carries one sentence that says what is wrong and what to do."""


class AsfetlError(Exception):
    """A problem with input, configuration or the environment, explained in one sentence."""


class SettingsError(AsfetlError):
    """A setting has a value asfetl cannot use."""


class WarehouseBusyError(AsfetlError):
    """Another run holds the warehouse writer lock."""


class NoWarehouseError(AsfetlError):
    """There is no published warehouse to read yet."""


class SourcesUnreachableError(AsfetlError):
    """No source could be fetched (network, or the publishers' APIs down): worth retrying later."""


class DiskFullError(AsfetlError):
    """The disk under the warehouse filled up during a run; the published file is unchanged."""


class RunCancelled(BaseException):  # like KeyboardInterrupt: not an error, a stop
    """SIGTERM arrived: stop now. A BaseException, so that no `except Exception` keeps a run
    going (a retry loop, a step that logs and carries on); the run is recorded as cancelled."""
