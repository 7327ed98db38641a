"""The parsers on real recordings of the live services (tests/fixtures/scb/real, tests/fixtures/
kolada), and Kolada's deleted rows and unknown statuses handled defensively."""

import csv
import json
from datetime import date
from pathlib import Path

from asfetl import geography
from asfetl.operations.contracts import compare
from asfetl.payload import Payload
from asfetl.sources import kolada, scb
from asfetl.sources.kolada.kpi_metadata import ended_year, parse_kpi_metadata
from asfetl.sources.scb.jsonstat import parse_jsonstat2
from asfetl.sources.scb.table_metadata import parse_table_metadata
from asfetl.sources.source import Expected
from asfetl.validation import validate_frame

FIXTURES = Path(__file__).parents[1] / "fixtures"


def recorded(name: str) -> tuple[dict, Payload]:
    """A recording wrapped as {kind, table, lang, url, selection?, fetchedAt, response}."""
    wrapper = json.loads((FIXTURES / "scb" / "real" / name).read_text(encoding="utf-8"))
    content = json.dumps(wrapper["response"], ensure_ascii=False).encode("utf-8")
    return wrapper, Payload("scb", "population", name, "GET", wrapper["url"], None, content)


def test_tab5557_stockholm_2025_total_is_999239():
    _, payload = recorded("TAB5557_data.json")
    cells = parse_jsonstat2(payload.json())
    total = cells[(cells["Alder"] == "TotSA") & (cells["Region"] == "0180")]
    assert total["value"].tolist() == [999239]
    assert set(cells["Tid"]) == {"2025"}


def test_tab638_data_parses_to_rows_per_region_and_year():
    _, payload = recorded("TAB638_data.json")
    frame = scb.parse_population(payload, first_year=1998)
    assert set(frame["table_id"]) == {"TAB638"}
    assert set(frame["region_code"]) == {"0330", "0380"} and frame["year"].min() == 1998
    assert len(frame) == 2 * 4 * 2 * 8  # marital status and sex kept apart by the cell order


def test_tab638_real_recording_gives_men_and_women_by_scbs_kon_codes():
    """SCB's live TAB638 (recorded 2026-09-13) has Kon 1 (män) and 2 (kvinnor) and no code for
    both. Read off the recording by hand: Knivsta (0330), unmarried (OG), 31 December 2002 (the
    municipality formed in 2003 is shown from 2002): 3,464 men and 3,146 women; Uppsala (0380),
    married (G), 2005: 28,840 men and 29,070 women."""
    wrapper, payload = recorded("TAB638_data.json")
    assert wrapper["selection"]["Kon"] == ["1", "2"]
    assert payload.json()["dimension"]["Kon"]["category"]["label"] == {"1": "män", "2": "kvinnor"}
    frame = scb.parse_population(payload, first_year=1998)
    assert frame["sex_code"].value_counts().to_dict() == {"1": 64, "2": 64}

    def first_two(region: str, tid: str, marital_position: int) -> list[tuple[str, float]]:
        """Men and women of one marital status, in the payload's cell order (Region,
        Civilstand, Alder, Kon, ContentsCode, Tid): the parser keeps that order."""
        rows = frame[(frame.region_code == region) & (frame.tid == tid)]
        pair = rows.iloc[2 * marital_position : 2 * marital_position + 2]
        return list(zip(pair.sex_code, pair.value, strict=True))

    assert first_two("0330", "2002", 0) == [("1", 3464), ("2", 3146)]
    assert first_two("0330", "2001", 0) == [("1", 0), ("2", 0)]  # before Knivsta existed
    assert first_two("0380", "2005", 1) == [("1", 28840), ("2", 29070)]


def test_tab5557_real_recording_gives_the_total_by_its_code():
    _, payload = recorded("TAB5557_data.json")
    frame = scb.parse_population(payload, first_year=2025)
    assert set(frame["sex_code"]) == {"TotSa"}  # asked for the total of both sexes by its code


def test_real_table_metadata_gives_label_updated_and_newest_year():
    (tab5557,) = parse_table_metadata(recorded("TAB5557_metadata.json")[1])
    assert (tab5557.object_id, tab5557.latest_period) == ("TAB5557", 2025)
    assert tab5557.updated == "2026-02-24T07:00:00Z" and "2025" in tab5557.title
    (tab638,) = parse_table_metadata(recorded("TAB638_metadata.json")[1])
    assert (tab638.object_id, tab638.latest_period) == ("TAB638", 2024)
    # TAB5557 expected open-ended: in 2028 a newest year of 2025 means it has stopped
    found = compare(
        scb.SOURCE.contract,
        "scb",
        [Expected("TAB5557"), Expected("TAB638", open_ended=False)],
        [tab5557, tab638],
        {},
        {"TAB5557": 2025, "TAB638": 2024},
        date(2028, 3, 1),
        1,
    )
    assert [(f.object_id, f.kind) for f in found] == [("TAB5557", "ended")]
    assert "no year after 2025" in found[0].message


def test_kolada_catalogue_rows_parse_as_kpi_metadata():
    with (FIXTURES / "kolada" / "kpi_catalogue_excerpt.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    content = json.dumps({"count": len(rows), "values": rows}).encode("utf-8")
    payload = Payload("kolada", "kpi_metadata", "k", "GET", "http://x/v3/kpi", None, content)
    definitions = {d.object_id: d for d in parse_kpi_metadata(payload)}
    n03926 = definitions["N03926"]
    assert n03926.title == "Långtidsarbetslösa i befolkningen, 25-65 år, andel (%)"
    assert "Till och med 2022 avsåg nyckeltalet åldersgruppen 25-64 år" in n03926.description
    # publ_period is the period the NEXT publication delivers: on the day of the recording
    # (2026-03-23) the newest period out of N03926 is 2025, and 2026 from 2027-01-19
    assert (n03926.next_period, n03926.next_publication) == (2026, date(2027, 1, 19))
    assert n03926.newest_out(date(2026, 3, 23)) == 2025
    assert n03926.newest_out(date(2027, 1, 18)) == 2025
    assert n03926.newest_out(date(2027, 1, 19)) == 2026
    n02267 = definitions["N02267"]
    assert (n02267.next_period, n02267.next_publication) == (2025, date(2026, 11, 28))
    assert n02267.newest_out(date(2026, 3, 23)) == 2024
    assert definitions["N01951"].newest_out(date(2026, 3, 23)) == 2025
    assert "N00914" not in definitions  # gone from Kolada v3
    assert ended_year("Förvärvsarbetande invånare 20-64 år, andel (%) (-2021)") == 2021
    assert ended_year(n03926.title) is None


def test_the_real_calendar_raises_no_alarm_when_nothing_new_has_come():
    """The recorded catalogue on its own day: every configured KPI loaded up to the newest period
    out gives no finding; a period out and not loaded is new data; a planned day passed by the
    grace period without its period is late (and only then)."""
    with (FIXTURES / "kolada" / "kpi_catalogue_excerpt.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    content = json.dumps({"count": len(rows), "values": rows}).encode("utf-8")
    payload = Payload("kolada", "kpi_metadata", "k", "GET", "http://x/v3/kpi", None, content)
    definitions = parse_kpi_metadata(payload)
    configured = [Expected(k) for k in ("N02267", "N03926", "N03937", "N31807")]
    loaded = {"N02267": 2024, "N03926": 2025, "N03937": 2025, "N31807": 2024}

    def kinds(today, loaded, grace=1):
        found = compare(
            kolada.SOURCE.contract, "kolada", configured, definitions, {}, loaded, today, grace
        )
        return sorted((f.object_id, f.kind) for f in found)

    assert kinds(date(2026, 3, 23), loaded) == []
    # N31807's 2025 comes out on 2026-06-10: that day it is new data, not yet loaded
    assert kinds(date(2026, 6, 10), loaded) == [("N31807", "new_data")]
    assert kinds(date(2026, 6, 10), loaded | {"N31807": 2025}) == []
    # two days after the day without it (grace 1 day): late, and not also "new data"
    late = compare(
        kolada.SOURCE.contract,
        "kolada",
        configured,
        definitions,
        {},
        loaded,
        date(2026, 6, 12),
        1,
    )
    assert [(f.object_id, f.kind) for f in late] == [("N31807", "late")]
    assert "its 2025 data" in late[0].message and "2026-06-10" in late[0].message


def test_real_kolada_values_through_the_parser():
    content = (FIXTURES / "kolada" / "data_N00945_renested.json").read_bytes()
    payload = Payload("kolada", "kpi_values", "k", "GET", "http://x/v3/data", None, content)
    frame = kolada.parse_kpi_values(payload, first_year=2000)
    assert len(frame) == 63 and set(frame["gender"]) == {"T"}
    first = frame[(frame["municipality_id"] == "0180") & (frame["year"] == 2000)]
    assert first["value"].tolist() == [31.32959689] and first["area_code"].tolist() == ["0180"]
    assert frame.attrs["dropped"] == 0


def test_deleted_rows_are_dropped_and_counted_and_an_unknown_status_is_only_a_warning():
    def value(gender, status="", deleted=None):
        entry = {"gender": gender, "count": 1, "status": status, "value": 5.0}
        return entry if deleted is None else {**entry, "isdeleted": deleted}

    document = {
        "values": [
            {"kpi": "N03926", "municipality": "1880", "period": 2024, "isdeleted": True,
             "values": [value("T"), value("K"), value("M")]},
            {"kpi": "N03926", "municipality": "1881", "period": 2024,
             "values": [value("T", "Preliminär"), value("K", deleted="true"), value("M")]},
        ]
    }  # fmt: skip
    payload = Payload(
        "kolada", "kpi_values", "k", "GET", "http://x", None, json.dumps(document).encode()
    )
    frame = kolada.parse_kpi_values(payload, first_year=2015)
    assert frame.attrs["dropped"] == 4
    assert list(zip(frame["gender"], frame["status"], strict=True)) == [
        ("T", "Preliminär"),
        ("M", ""),
    ]
    (dataset,) = kolada.SOURCE.datasets
    findings = validate_frame(
        dataset.checked_frame(frame),
        dataset.suite_file,
        file="k",
        parameters={"area_codes": ["1881"], "first_year": 2015, "last_year": 2026}
        | dataset.suite_parameters(),
    )
    assert [(f.rule, f.severity) for f in findings] == [("status_known", "warning")]


def test_kolada_s_recorded_ids_map_to_scb_areas_sweden_first():
    """Kolada v3's `GET /municipality` as recorded (tests/fixtures/kolada/municipality_ids.csv,
    312 ids): 0000 is Riket (type L, as the regions), which asfetl reads as SCB's 00, the
    country; each 00NN a county, every other id the municipality of that SCB code."""
    with (FIXTURES / "kolada" / "municipality_ids.csv").open(encoding="utf-8") as f:
        recorded = list(csv.DictReader(f))
    assert len(recorded) == 312 and recorded[0] == {"id": "0000", "title": "Riket", "type": "L"}
    levels = {}
    for row in recorded:
        code = kolada.area_code_of(row["id"])
        levels[row["id"]] = geography.area(code).level
        assert kolada.kolada_id(code) == row["id"]  # and back, as the data URLs ask for it
    assert levels["0000"] == "country" and geography.area("00").name == "Riket"
    assert sorted(set(levels.values())) == ["country", "county", "municipality"]
    assert sum(1 for level in levels.values() if level == "county") == 21
    assert {r["type"] for r in recorded if levels[r["id"]] == "municipality"} == {"K"}


def test_sweden_and_gender_rows_through_the_parser():
    """Sweden (0000) and Kolada's women (K) and men (M) beside the total (T), in v3's data shape
    (`values[].values[]`, as the recording data_N00945_renested.json has it): one row per
    gender, Sweden as area 00; the recording's own rows are totals only (N00945 is not divided)."""
    recorded = json.loads((FIXTURES / "kolada" / "data_N00945_renested.json").read_bytes())
    shape = recorded["values"][0]
    assert [v["gender"] for v in shape["values"]] == ["T"]
    item = {
        **shape,
        "kpi": "N03926",
        "municipality": "0000",
        "period": 2024,
        "values": [
            {**shape["values"][0], "gender": "T", "value": 3.6},
            {**shape["values"][0], "gender": "K", "value": 3.2},
            {**shape["values"][0], "gender": "M", "value": 4.0},
        ],
    }
    content = json.dumps({"count": 1, "values": [item]}).encode("utf-8")
    payload = Payload("kolada", "kpi_values", "k", "GET", "http://x/v3/data", None, content)
    frame = kolada.parse_kpi_values(payload, first_year=2015)
    assert list(
        zip(frame.municipality_id, frame.area_code, frame.gender, frame.value, strict=True)
    ) == [
        ("0000", "00", "T", 3.6),
        ("0000", "00", "K", 3.2),
        ("0000", "00", "M", 4.0),
    ]
