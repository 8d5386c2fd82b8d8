"""The static HTML report: right-to-left, self-contained (inline CSS and JS, no network).

Every number, name and source is highlighted in the article text at its original
offsets; clicking a claim in a table jumps to the characters that said it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import IO, Any

from tabayyun.model import AnalyzedDoc, Claim, Span
from tabayyun.pipeline import StageFailure
from tabayyun.report.summary import _interval
from tabayyun.store import Found, Page, Store

# the layers the report highlights in each article
REPORT_LAYERS = ("claims", "attributions", "events", "mentions")

_CSS = """
body{font-family:"Noto Naskh Arabic","Amiri","Segoe UI",Tahoma,sans-serif;margin:0;background:#f6f5f1;color:#1d1d1d}
header{background:#22313f;color:#fff;padding:1rem 2rem}header h1{margin:0;font-size:1.6rem}
main{padding:1rem 2rem;max-width:1200px;margin:auto}section{background:#fff;border-radius:8px;padding:1rem 1.5rem;
margin:1rem 0;box-shadow:0 1px 3px #0002}table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:right;vertical-align:top}
th{background:#eef1f4}.ltr{direction:ltr;unicode-bidi:embed}
.doc{white-space:pre-wrap;line-height:1.9;font-size:1.02rem}
mark{padding:0 2px;border-radius:3px}mark.claim{background:#ffd54f}mark.mention{background:#c8e6c9}
mark.attribution{background:#bbdefb}mark.event{background:#f8bbd0}mark:target{outline:3px solid #e53935}
.kind-contradiction{color:#c62828;font-weight:bold}.kind-corroboration{color:#2e7d32;font-weight:bold}
.kind-progression{color:#1565c0;font-weight:bold}.tail{color:#999}
details summary{cursor:pointer;font-weight:bold}small{color:#666}
"""


def _span_id(doc_id: str, layer: str, span: Span) -> str:
    return f"{doc_id}-{layer}-{span.start}-{span.end}"


def _highlight(doc: AnalyzedDoc) -> str:
    """The article text with non-overlapping highlights; claims win over mentions and sources."""
    text = doc.text
    chosen: list[tuple[int, int, str, str, str]] = []
    taken = [False] * (len(text) + 1)
    for layer in ("claims", "attributions", "events", "mentions"):
        for span in doc.layer(layer):
            if span.end <= span.start or any(taken[span.start:span.end]):
                continue
            for i in range(span.start, span.end):
                taken[i] = True
            chosen.append((span.start, span.end, layer[:-1], _span_id(doc.document.doc_id, layer, span),
                           _tooltip(layer, span)))
    chosen.sort()
    out: list[str] = []
    cursor = 0
    body_end = doc.document.extraction_end
    for start, end, cls, sid, tip in chosen:
        out.append(escape(text[cursor:start]))
        out.append(f'<mark class="{cls}" id="{escape(sid)}" title="{escape(tip)}">{escape(text[start:end])}</mark>')
        cursor = end
    if cursor < body_end:
        out.append(escape(text[cursor:body_end]))
        cursor = body_end
    if cursor < len(text):
        out.append(f'<span class="tail">{escape(text[cursor:])}</span>')
    return "".join(out)


def _tooltip(layer: str, span: Any) -> str:
    if layer == "claims":
        via = f" via {', '.join(span.via)}" if span.via else ""
        return (f"{span.measure} {_interval(span.low, span.high, span.approximate)} {span.unit} — "
                f"{span.claimant or 'outlet'} ({span.claimant_kind}){via}")
    if layer == "attributions":
        return f"source: {span.source_text} ({span.kind})" + (f" via {', '.join(span.via)}" if span.via else "")
    if layer == "events":
        return f"{span.event_type} / {span.sub_event_type}"
    if layer == "mentions":
        return f"{span.label} {span.entity_id or ''}"
    return layer


def _claims_table(claims: Iterable[Found[Claim]]) -> str:
    """Claims sorted by measure and date (``claims`` comes sorted so from the store)."""
    rows = []
    for found in claims:
        c = found.span
        sid = _span_id(found.doc_id, "claims", c)
        d = c.date.isoformat() if c.date else ""
        rows.append(
            f"<tr><td>{escape(c.measure)}</td><td class='ltr'>{escape(_interval(c.low, c.high, c.approximate))}</td>"
            f"<td>{escape(c.unit)}</td><td class='ltr'>{escape(d)}</td>"
            f"<td>{escape(found.outlet or found.doc_id)}</td>"
            f"<td>{escape(c.claimant or 'صوت الوسيلة')} <small>{escape(str(c.claimant_kind))}</small></td>"
            f"<td>{escape(' ← '.join(c.via))}</td><td><a href='#{escape(sid)}'>{escape(c.text)}</a></td></tr>")
    return ("<table><tr><th>measure</th><th>value</th><th>unit</th><th>date</th><th>outlet</th><th>claimant</th>"
            f"<th>via</th><th>evidence</th></tr>{''.join(rows)}</table>") if rows else "<p>No numeric claims.</p>"


def _findings_table(records: list[dict[str, Any]]) -> str:
    findings = [r for r in records if r.get("type") == "finding"]
    if not findings:
        return "<p>No cross-outlet findings.</p>"
    rows = []
    for f in findings:
        claims = "<br>".join(
            f"<a href='#{escape(str(c.get('doc_id')))}'>{escape(str(c.get('doc_id')))}</a>: "
            f"<span class='ltr'>{escape(_interval(c.get('low'), c.get('high'), bool(c.get('approximate'))))}</span> "
            f"{escape(str(c.get('claimant') or ''))}" for c in f.get("claims", []))
        kind = str(f.get("kind", ""))
        rows.append(f"<tr><td class='kind-{escape(kind)}'>{escape(kind)}</td><td>{escape(str(f.get('measure', '')))}"
                    f"</td><td>{claims}</td><td>{escape(str(f.get('reasoning', '')))}</td></tr>")
    return ("<table><tr><th>finding</th><th>measure</th><th>claims</th><th>reasoning</th></tr>"
            + "".join(rows) + "</table>")


def _timeline(records: list[dict[str, Any]]) -> str:
    timelines = [r for r in records if r.get("type") == "timeline"]
    if not timelines:
        return "<p>No timeline.</p>"
    parts = []
    for t in timelines:
        entries = t.get("entries") or t.get("claims") or []
        items = "".join(
            f"<li><span class='ltr'>{escape(str(e.get('date') or '?'))}</span> — "
            f"<span class='ltr'>{escape(_interval(e.get('low'), e.get('high'), bool(e.get('approximate'))))}</span> "
            f"{escape(str(e.get('claimant') or ''))} <small>{escape(str(e.get('doc_id', '')))}</small></li>"
            for e in entries)
        # a timeline follows one count of one incident (older stores: of one story)
        where = t.get("incident_id") or t.get("story_id") or ""
        parts.append(f"<details><summary>{escape(str(t.get('measure', '')))} — {escape(str(where))}"
                     f"</summary><ul>{items}</ul></details>")
    return "".join(parts)


def _framing(records: list[dict[str, Any]]) -> str:
    framing = [r for r in records if r.get("type") == "framing"]
    if not framing:
        return "<p>No framing profile.</p>"
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in framing:
        by_outlet[str(r.get("outlet"))].append(r)
    rows = []
    for outlet, items in sorted(by_outlet.items()):
        for r in items:
            terms = ", ".join(f"{k} ×{v}" for k, v in (r.get("designations") or {}).items())
            rows.append(f"<tr><td>{escape(outlet)}</td><td>{escape(str(r.get('entity_id')))}</td>"
                        f"<td>{escape(terms)}</td><td>{escape(str(r.get('neutral', '')))}</td></tr>")
    return ("<table><tr><th>outlet</th><th>actor</th><th>loaded designations</th><th>neutral</th></tr>"
            + "".join(rows) + "</table>")


def _document_section(d: AnalyzedDoc) -> str:
    return (f"<section id='{escape(d.document.doc_id)}'><h3>{escape(d.document.title or d.document.doc_id)}</h3>"
            f"<small>{escape(d.document.outlet or 'outlet unknown')} · "
            f"{escape(d.document.published.isoformat() if d.document.published else 'date unknown')} · "
            f"{escape(d.document.doc_id)}</small><div class='doc'>{_highlight(d)}</div></section>")


def render_html(out: IO[str], docs: Iterable[AnalyzedDoc], outlets: dict[str | None, int],
                claims: Iterable[Found[Claim]], records: list[dict[str, Any]], failures: list[StageFailure]) -> None:
    """Write the report to ``out``; the articles are written one at a time as ``docs`` yields them."""
    names = sorted({o or "?" for o in outlets})
    failure_rows = "".join(f"<li>{escape(f.doc_id)} — {escape(f.stage)}: {escape(f.error)}</li>" for f in failures)
    out.write(f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>tabayyun — تقرير</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head>
<body><header><h1>تبيّن · tabayyun</h1><div>{sum(outlets.values())} تقارير من {len(names)} وسائل إعلام:
{escape('، '.join(names))}</div></header><main>
<section><h2>الأرقام المتنازع عليها · Findings across outlets</h2>{_findings_table(records)}</section>
<section><h2>الخط الزمني · Timeline</h2>{_timeline(records)}</section>
<section><h2>الادعاءات الرقمية · Numeric claims</h2>{_claims_table(claims)}</section>
<section><h2>التأطير · Framing by outlet</h2>{_framing(records)}</section>
{f"<section><h2>Stage failures</h2><ul>{failure_rows}</ul></section>" if failures else ""}
<h2>النصوص · Articles</h2>""")
    for doc in docs:
        out.write(_document_section(doc))
    out.write("""
</main></body></html>
""")


def write_html_report(store: Store, path: Path) -> Path:
    """Write the report beside ``path`` and rename it into place (no half-written report)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as out:
        # the kinds of cross-outlet record the report shows (not stories, reuse or estimates)
        records = [r for kind in ("finding", "timeline", "framing") for r in store.corpus_records(kind)]
        render_html(out, store.analyzed(REPORT_LAYERS), store.outlets(), store.claims(page=Page(sort="measure_date")),
                    records, store.failures())
    partial.replace(path)
    return path
