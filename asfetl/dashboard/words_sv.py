"""The dashboard's words in Swedish: every label, caption and sentence of the page."""

WORDS: dict[str, str] = {
    "title": "Handlingsplanen för arbetsintegrerande sociala företag i siffror",
    "subtitle": "{region}: indikatorer, mål och aktiviteter",
    "language": "Språk",
    "area_label": "Visa kommun",
    "whole_region": "Hela {region} (ingen kommun vald)",
    "sample_banner": (
        "EXEMPELDATA – inte officiell statistik. Den här tavlan bygger helt eller delvis på "
        "exempeldata som följer med asfetl (delvis påhittade). Citera inte siffrorna."
    ),
    "sample_short": "EXEMPELDATA",
    "sample_short_rest": " – inte officiell statistik",
    "nav": "Innehåll",
    "controls": "Val av kommun och språk",
    "skip": "Hoppa till innehållet",
    "progress_heading": "Hur går det för planen?",
    "progress_intro": (
        "Varje mål jämför det senaste publicerade värdet med utgångsläget och målet. "
        "I fas = minst lika långt som tiden som gått av planperioden."
    ),
    "area_heading": "Kommunen i siffror: {area}",
    "area_intro": "Senast publicerade värde per indikator, jämfört med {region}.",
    "goal_heading": "Delmål {goal}: {name}",
    "context_heading": "Omvärld: befolkning och arbetsmarknad",
    "other_goal_heading": "Delmål {goal}",
    "plan_goal_heading": "Planens genomförande",
    "quality_heading": "Data och kvalitet",
    "freshness_heading": "Källornas aktualitet",
    "validation_heading": "Kontroll av datan",
    "runs_heading": "Senaste körningar",
    "symbols_heading": "Tecken och begrepp",
    "trend_title": "{name}: {region} {first}–{last}",
    "no_region_values": "{region}: inget värde –<br>källan publicerar det inte för länet.<br>"
    "Välj en kommun.",
    "compare_title": "{name}: kommunerna {year}",
    "overdue_reports": "{year}: {received} av {expected} väntade årsrapporter, skulle in {due}",
    "newer_preliminary": "{year}: preliminärt",
    "newer_preliminary_coverage": "{year}: preliminärt, {coverage} av väntade årsrapporter inkomna",
    "newer_preliminary_counts": (
        "{year}: preliminärt, {received} av {expected} väntade årsrapporter inkomna ({coverage})"
    ),
    "progress_title": "Mål i planen: framsteg mot målet",
    "activities_title": "Aktiviteternas status per delmål",
    "table_fallback": "Visa diagrammets data som tabell",
    "download": "Spara diagrammet som bild (PNG)",
    "unit": "Enhet",
    "indicator": "Indikator",
    "area": "Område",
    "year": "År",
    "value": "Värde",
    "rank": "Rang",
    "region_value": "{region} (länet)",
    "baseline": "Utgångsläge",
    "target": "Mål",
    "latest": "Senast",
    "progress": "Framsteg",
    "expected": "Förväntat vid senaste slutliga år",
    "expected_hover": "förväntat {year}",
    "progress_title_over": "Planens mål {start}–{end}: perioden är slut",
    "period_over": (
        "Planperioden {start}–{end} är slut. Varje mål bedöms på värdet för sitt målår när det "
        "året är slutligt; till dess visas det senaste slutliga årets värde bredvid."
    ),
    "status_judged": "{status} {year}",
    "status_pace": "{status} ({year})",
    "not_final_coverage": "målåret {year} inte slutligt (täckning {coverage} %)",
    "not_final_plain": "målåret {year} inte slutligt",
    "last_final": "{year}: {value}",
    "break_mark": "tidsseriebrott {year}",
    "status": "Status",
    "subgoal": "Delmål {goal}: {name}",
    "progress_axis": "framsteg mot målet, % (0 = utgångsläge, 100 = mål)",
    "activities_axis": "antal aktiviteter",
    "activity": "Aktivitet",
    "number": "Nr",
    "subgoal_col": "Delmål",
    "owner": "Ansvarig",
    "period": "Period",
    "meetings": "Möten (hållna / planerade)",
    "status_year": "Uppföljt år",
    "source": "Källa",
    "last_checked": "Senast kontrollerad",
    "last_changed": "Senast ändrad",
    "sample_col": "Exempeldata",
    "validation_ok": "Inga fel i kontrollen av datan som publicerades.",
    "severity": "Allvar",
    "findings": "Antal",
    "message": "Vad som inte stämde",
    "started": "Startad",
    "mode": "Data från",
    "error": "Fel",
    "yes": "ja",
    "no": "nej",
    "built": "Byggd {built} av körning {run} (asfetl {version}).",
    "contract": (
        "Tavlan visar bara publicerade uppgifter – samma som i exporterna och som andra "
        "tavlor läser. Skyddade uppgifter visas aldrig."
    ),
    "example_note": (
        "EXEMPEL: målen och aktiviteterna är exempel tills regionen lagt in sina egna."
    ),
    "no_values": "Inga publicerade värden.",
    # the target groups (target_groups.py): a municipality beside the county and Sweden
    "tg_heading": "Målgrupperna",
    "tg_intro": (
        "Grupperna som arbetsintegrerande sociala företag arbetar med, och vad kommunerna och "
        "regionen köper, i den öppna statistiken: den valda kommunen bredvid {others}, samma år. "
        "Värdena är källornas egna; inget räknas fram här."
    ),
    "tg_choose": "Välj en kommun i fältet överst för att se den bredvid {others}.",
    "tg_choose_country": "Välj ett län i fältet överst för att se det bredvid {others}.",
    "tg_and": " och ",
    "tg_sweden": "Sverige",
    "tg_people": "Människorna: arbete, försörjning och hälsa",
    "tg_year": "År {year}",
    "tg_preliminary": "{value} – preliminärt, inte slutligt",
    "tg_suppressed": "skyddad uppgift för {year}, visas inte",
    "tg_not_for_county": "publiceras inte för länet av källan",
    "tg_not_for_municipalities": "publiceras inte för kommunerna av källan",
    "tg_no_sweden": "inget värde för Sverige",
    "tg_no_values": "inga värden än",
    "tg_missing": "uppgift saknas för {year}",
    "tg_newer": "{year}: {value} preliminärt",
    "tg_split": "kvinnor {women}, män {men}",
    "tg_split_missing": "saknas",
    "plan_source": "Källa: handlingsplanens mål och de publicerade indikatorerna",
    "activities_source": "Källa: regionens uppföljning av handlingsplanens aktiviteter",
    "note_ok": "En uppgift utan markering är slutlig (ok).",
    "note_suppressed_people": ("<5 = uppgiften är skyddad: 1–4 personer (primär)."),
    "note_suppressed_other": (
        ".. = uppgiften är skyddad: färre än 3 företag bakom uppgiften (få företag), ett "
        "företag över 85 % (dominans), skyddad så att en annan skyddad uppgift inte kan räknas "
        "fram (sekundär), eller byggd på en skyddad uppgift."
    ),
    "note_missing": (
        "– = uppgift saknas: utgivaren har inget värde för det året, eller (ASF) har företag som "
        "väntas rapportera för området inte gjort det: inte rapporterat är inte 0."
    ),
    "note_preliminary": (
        "prel. = preliminärt: årets rapporter ska inte vara inne än, eller färre av dem än "
        "tröskeln har kommit in (se inkomna årsrapporter), eller bygger på den senaste "
        "publicerade folkmängden, inte årets."
    ),
    # a break in a series (mart.indicator_breaks): the chart's mark, its sentence, its note
    "break_label": "Serien bryts",
    "alt_break": " Serien bryts {year}: {note}",
    "note_break": "Brott i serien {year}: {note}",
    "suppressed_hover": "uppgiften är skyddad",
    "missing_hover": "uppgift saknas",
    # the charts' text alternatives, read by screen readers instead of the picture
    "alt_trend": "{name} i {region} {first}–{last}: från {start} till {end}.",
    "alt_trend_none": "{name} i {region} {first}–{last}: inga publicerade värden.",
    "alt_gaps": " {count} av åren saknar publicerat värde.",
    "alt_area": " {area}: från {start} till {end}.",
    "alt_area_none": " {area}: inga publicerade värden.",
    "alt_compare": (
        "{name}, kommunerna {year}: högst {top} med {top_value}, lägst {bottom} med {bottom_value}."
    ),
    "alt_compare_none": "{name}, kommunerna {year}: inga publicerade värden.",
    "alt_compare_one": (
        "{name}, kommunerna {year}: bara {top} har ett publicerat värde, {top_value}."
    ),
    "alt_compare_region": " {region} som helhet: {value}.",
    "alt_compare_hidden": " {count} kommuner utan publicerat värde.",
    "alt_compare_area": " {area}: {value}.",
    "alt_compare_rank": " {area}: {value}, plats {rank} av {count}.",
    "alt_progress": "Planens {count} mål efter status: {parts}.",
    "alt_activities": "Planens {count} aktiviteter efter status: {parts}.",
    "alt_table": " Alla värden finns i tabellen under diagrammet.",
}

PLAN_STATUS = {
    "achieved": "uppnått",
    "on_track": "i fas",
    "behind": "efter",
    "not_achieved": "inte uppnått",
    "not_final": "målåret inte slutligt",
    "no_data": "inga data",
}

ACTIVITY_STATUS = {
    "completed": "genomförd",
    "started": "påbörjad",
    "not_started": "inte påbörjad",
    "cancelled": "inställd",
    "no_report": "ingen uppföljning rapporterad",
}

RUN_STATUS = {"success": "lyckad", "partial": "delvis", "failed": "misslyckad", "running": "pågår",
              "cancelled": "avbruten"}  # fmt: skip

RUN_MODES = {"sample": "exempeldata", "live": "källornas data"}

SEVERITY = {"error": "fel", "warning": "varning"}

# The datasets by the name the validation findings give them (mart.source_freshness's source and
# dataset map onto these in quality.dataset_key)
DATASETS = {
    "scb_population": "SCB: folkmängd",
    "kolada_kpi_values": "Kolada: nyckeltal om arbetsmarknad och ekonomiskt bistånd",
    "enterprise_report": "ASF-företagens årsrapporter",
    "activity_report": "Uppföljningen av planens aktiviteter",
}

# Words of the sources' attributions ('Källa: …' in the warehouse) as the page writes them.
SOURCES = {"(EXEMPELDATA / sample data)": "(EXEMPELDATA)"}
