"""The orchestration floor: a Prefect flow that does nothing, run as `asfetl run` runs its flow."""

from prefect import flow


@flow(name="bare_flow")
def bare_flow() -> None:
    return None


if __name__ == "__main__":
    bare_flow()
