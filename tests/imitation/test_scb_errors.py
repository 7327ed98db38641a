"""The SCB imitation refuses bad requests with SCB's statuses (400, 403, 404, 415, 500)."""

import json

import pytest
import requests

from asfetl import geography
from tests.imitation import ScbImitation
from tests.imitation.probe import TIMEOUT, codes, data_url, get, post, problem_of


@pytest.fixture
def scb() -> ScbImitation:
    with ScbImitation(max_calls=None) as server:
        yield server


def test_scb_missing_mandatory_variable_is_400(scb: ScbImitation) -> None:
    response = post(
        scb,
        "TAB5557",
        Region=["18"],
        Civilstand=["SC"],
        Kon=["TotSa"],
        ContentsCode=["000007ME"],
        Tid=["2025"],
    )
    assert response.status_code == 400
    assert problem_of(response) == {
        "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        "title": "Missing selection for mandantory variable",
        "status": 400,
        "detail": "Alder",
    }


@pytest.mark.parametrize(
    ("selection", "title"),
    [
        ({"Region": ["9999"]}, "Non-existent value"),
        ({"Region": ["top(x)"]}, "Illegal selection expression"),
        ({"Region": ["range(18)"]}, "Illegal selection expression"),
        ({"Region": ["1*8*0"]}, "Illegal selection expression"),
        ({"Region": ["from(9999)"]}, "Non-existent value"),
        ({"Region": ["18"], "Lan": ["18"]}, "Non-existent variable"),
    ],
)
def test_scb_bad_selections_are_400(
    scb: ScbImitation, selection: dict[str, list[str]], title: str
) -> None:
    response = post(scb, "TAB638", ContentsCode=["BE0101N1"], Tid=["2024"], **selection)
    assert response.status_code == 400
    body = problem_of(response)
    assert body["title"] == title
    assert body["status"] == 400


def test_scb_post_needs_a_json_content_type(scb: ScbImitation) -> None:
    selection = [
        {"variableCode": "ContentsCode", "valueCodes": ["BE0101N1"]},
        {"variableCode": "Tid", "valueCodes": ["2024"]},
    ]
    body = json.dumps({"selection": selection})
    plain = requests.post(data_url(scb, "TAB638"), data=body, timeout=TIMEOUT)
    assert plain.status_code == 415
    assert problem_of(plain)["title"] == "Unsupported Media Type"
    typed = requests.post(
        data_url(scb, "TAB638"),
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert typed.status_code == 200


def test_scb_duplicated_value_code_is_500_with_an_empty_body(scb: ScbImitation) -> None:
    response = post(
        scb, "TAB638", Region=["18", "1880", "18"], ContentsCode=["BE0101N1"], Tid=["2024"]
    )
    assert response.status_code == 500
    assert response.content == b""
    by_get = get(scb, "TAB638", Region="18", ContentsCode="BE0101N1", Tid="2024,2024")
    assert by_get.status_code == 500
    assert by_get.content == b""
    # An expression overlapping a listed code is not a duplicate.
    assert post(scb, "TAB638", Region=["18*", "18"], ContentsCode=["BE0101N1"], Tid=["2024"]).ok


def test_scb_too_many_cells_is_400_as_the_real_server_answers() -> None:
    with ScbImitation(max_cells=312, max_calls=None) as server:
        at_limit = post(server, "TAB638", Region=["*"], ContentsCode=["BE0101N1"], Tid=["2024"])
        assert at_limit.status_code == 200
        assert len(at_limit.json()["value"]) == 312
        over = post(server, "TAB638", Region=["*"], ContentsCode=["*"], Tid=["2024"])
    assert over.status_code == 400
    assert over.headers["Content-Type"].startswith("application/problem+json")
    body = problem_of(over)
    assert body["title"] == "Too many cells selected"
    assert "624" in body["detail"]
    assert "312" in body["detail"]


def test_scb_unknown_table_and_overlong_get_are_404(scb: ScbImitation) -> None:
    unknown = post(scb, "TAB99999", Region=["18"])
    assert unknown.status_code == 404
    assert problem_of(unknown)["title"] == "Non-existent table"
    metadata = requests.get(f"{scb.url}/tables/TAB99999/metadata", timeout=TIMEOUT)
    assert metadata.status_code == 404
    # Every region, every age and every year: fine as POST, too long for a GET URL.
    regions = [a.code for a in geography.all_areas().values()]
    ages = [*(str(a) for a in range(100)), "100+", "tot"]
    years = [str(y) for y in range(1968, 2025)]
    quoted_ages = ",".join(a.replace("+", "%2B") for a in ages)
    long_get = get(
        scb,
        "TAB638",
        Region=",".join(regions),
        Alder=quoted_ages,
        ContentsCode="BE0101N1",
        Tid=",".join(years),
    )
    assert len(long_get.request.path_url) > 2100
    assert long_get.status_code == 404
    by_post = post(scb, "TAB638", Region=regions, Alder=ages, ContentsCode=["BE0101N1"], Tid=years)
    assert by_post.status_code == 400  # reached the API: only too many cells, split by year
    one_year = post(
        scb, "TAB638", Region=regions, Alder=ages, ContentsCode=["BE0101N1"], Tid=["2024"]
    )
    assert one_year.status_code == 200
    assert len(one_year.json()["value"]) == 312 * 102
    assert codes(one_year.json(), "Alder")[-2:] == ["100+", "tot"]


def test_scb_get_url_limit_is_2100_characters(scb: ScbImitation) -> None:
    # Brackets written as %5B/%5D, as requests sends them anyway.
    base = data_url(scb, "TAB638") + (
        "&valueCodes%5BContentsCode%5D=BE0101N1&valueCodes%5BTid%5D=2024&pad="
    )
    path_length = len(base) - len(scb.origin)
    at_limit = requests.get(base + "x" * (2100 - path_length), timeout=TIMEOUT)
    assert len(at_limit.request.path_url) == 2100
    assert at_limit.status_code == 200
    over = requests.get(base + "x" * (2101 - path_length), timeout=TIMEOUT)
    assert over.status_code == 404
