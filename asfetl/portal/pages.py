"""The portal's HTML: the upload page, its result (findings or a receipt), and the plain pages
of refusals. Every text is escaped; no inline script or style (the CSP forbids both)."""

from dataclasses import dataclass
from datetime import datetime
from html import escape

from asfetl import localtime
from asfetl.portal.words import WORDS
from asfetl.reports.checks import FileCheck, column_label
from asfetl.reports.cross_values import reading_order
from asfetl.reports.feedback import TEXT


@dataclass(frozen=True)
class Receipt:
    """What an accepted upload's receipt says; signed into the download link."""

    file: str
    stored_as: str
    rows: int
    sha256: str
    received: str  # YYYY-MM-DD HH:MM CET (Swedish local time, the zone named)
    loaded: str  # when the next scheduled intake is, Swedish time


def _page(lang: str, title: str, body: str, switch: str = "") -> str:
    w = WORDS[lang]
    other = "en" if lang == "sv" else "sv"
    toggle = (
        f'<a class="lang" href="{escape(switch)}?lang={other}" lang="{other}" '
        f'hreflang="{other}">{w["other_lang"]}</a>'
        if switch
        else ""
    )
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – {escape(w['site'])}</title>"
        '<link rel="stylesheet" href="/static/portal.css">'
        '<script src="/static/portal.js" defer></script></head>'
        f'<body><header><p class="site">{escape(w["site"])}</p>{toggle}</header>'
        f"<main>{body}</main></body></html>\n"
    )


def plain_page(lang: str, title_key: str, text_key: str, back: str = "", **fmt) -> str:
    """A refusal (403, 413, 429, 400): a heading and a sentence, nothing else."""
    w = WORDS[lang]
    link = f'<p><a href="{escape(back)}?lang={lang}">{w["back"]}</a></p>' if back else ""
    body = f"<h1>{escape(w[title_key])}</h1><p>{escape(w[text_key].format(**fmt))}</p>{link}"
    return _page(lang, w[title_key], body)


def upload_page(
    lang: str,
    base: str,
    link,
    expires: str,
    csrf: str,
    max_mb: float,
    result: str = "",
    greeting: str = "",
) -> str:
    """The one page: whom it serves (`greeting`), the template, the form, and the result of
    the last upload if any."""
    w = WORDS[lang]
    title = w["title_org"] if link.kind == "org" else w["title_owner"]
    kind = "enterprise" if link.kind == "org" else "activity"
    intro = w["for_org" if link.kind == "org" else "for_owner"].format(
        subject=link.subject, expires=expires
    )
    templates = "".join(
        f'<li><a href="{escape(base)}/template.{fmt}?lang={lang}" download>'
        f"{w['template_' + fmt]}</a></li>"
        for fmt in ("xlsx", "csv")
    )
    body = (
        f"<h1>{escape(title)}</h1>{greeting}<p>{escape(intro)}</p>{result}"
        f'<section aria-labelledby="h-template"><h2 id="h-template">{w["step_template"]}</h2>'
        f'<p>{w["template_text"]}</p><ul class="templates" data-kind="{kind}">{templates}</ul>'
        f"</section>"
        f'<section aria-labelledby="h-upload"><h2 id="h-upload">{w["step_upload"]}</h2>'
        f"<p>{w['upload_text']}</p>"
        f'<form method="post" action="{escape(base)}/upload?lang={lang}" '
        f'enctype="multipart/form-data">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        f'<label for="file">{escape(w["file_label"].format(mb=f"{max_mb:g}"))}</label>'
        f'<input id="file" name="file" type="file" required '
        f'accept=".csv,.xlsx,.json,text/csv,application/json,'
        f'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">'
        f'<button type="submit">{w["submit"]}</button></form></section>'
    )
    return _page(lang, title, body, switch=base)


def findings_section(lang: str, check: FileCheck, shown_name: str) -> str:
    """A rejected file's answer: the verdict, then every finding."""
    w = WORDS[lang]
    return (
        f'<section id="result" class="rejected" aria-labelledby="h-result" tabindex="-1">'
        f'<h2 id="h-result">{w["result"]}: {escape(shown_name)}</h2>'
        f'<p class="verdict">{w["rejected"]}</p><p>{w["rejected_text"]}</p>'
        f"{findings_tables(lang, check)}</section>"
    )


def findings_tables(lang: str, check: FileCheck) -> str:
    """Every finding as the feedback file gives it: the row as the submitter sees it, the
    column, the rule in plain words, the value (personnummer already redacted)."""
    w, t = WORDS[lang], TEXT[lang]
    ordered = sorted(check.findings, key=reading_order)
    parts = []
    for key, severity in (("errors", "error"), ("warnings", "warning")):
        chosen = [f for f in ordered if f.severity == severity]
        if not chosen:
            continue
        rows = "".join(
            f'<tr data-rule="{escape(f.rule)}">'
            f'<td data-label="{w["row"]}">{f.row if f.row is not None else t["file"]}</td>'
            f'<td data-label="{w["column"]}">{escape(column_label(f.column, lang))}</td>'
            f'<td data-label="{w["rule"]}">'
            f"{escape((f.message_sv or f.message) if lang == 'sv' else f.message)}</td>"
            f'<td data-label="{w["value"]}">{escape(f.value or "")}</td></tr>'
            for f in chosen
        )
        parts.append(
            f'<table class="{severity}s"><caption>{w[key].format(n=len(chosen))}</caption>'
            f'<thead><tr><th scope="col">{w["row"]}</th><th scope="col">{w["column"]}</th>'
            f'<th scope="col">{w["rule"]}</th><th scope="col">{w["value"]}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    return "".join(parts)


def receipt_section(lang: str, receipt: Receipt, download: str, warnings: str = "") -> str:
    w = WORDS[lang]
    items = "".join(
        f"<dt>{w[key]}</dt><dd>{escape(str(value))}</dd>"
        for key, value in receipt_items(receipt, lang)
    )
    return (
        f'<section id="result" class="receipt" aria-labelledby="h-result" tabindex="-1">'
        f'<h2 id="h-result">{w["accepted"]}</h2><h3>{w["receipt"]}</h3><dl>{items}</dl>'
        f'<p class="actions"><button type="button" data-print>{w["print"]}</button> '
        f'<a href="{escape(download)}" download>{w["download"]}</a></p>{warnings}</section>'
    )


def receipt_items(receipt: Receipt, lang: str) -> list[tuple[str, str]]:
    w = WORDS[lang]
    return [
        ("file", receipt.file),
        ("stored_as", receipt.stored_as),
        ("rows", str(receipt.rows)),
        ("received", receipt.received),
        ("loaded", w["loaded_text"].format(when=receipt.loaded)),
        ("sha", receipt.sha256),
    ]


def receipt_text(receipt: Receipt, lang: str) -> str:
    """The receipt as a text file to keep."""
    w = WORDS[lang]
    lines = [f"{w['site']} – {w['receipt']}", "", w["accepted"], ""]
    lines += [f"{w[key]}: {value}" for key, value in receipt_items(receipt, lang)]
    return "\n".join(lines) + "\n"


def local_text(moment: datetime) -> str:
    """Swedish local time with the zone named, as the receipt's next-run time is."""
    return localtime.local(moment)
