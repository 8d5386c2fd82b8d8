"""Readable terminal summaries of a run and of a database."""

from __future__ import annotations

from typing import Any

from tabayyun.model import Claim
from tabayyun.runner import RunReport
from tabayyun.safety import terminal_label
from tabayyun.store import ClaimFilter, Found, Page, Store


def run_report_text(report: RunReport, store: Store) -> str:
    lines = []
    saved = report.saved
    reanalyzed = f"{saved['reanalyzed']} re-analysed, " if saved.get("reanalyzed") else ""
    lines.append(f"documents: {saved.get('added', 0)} added, {saved.get('updated', 0)} updated, {reanalyzed}"
                 f"{saved.get('unchanged', 0)} already stored, {len(report.problems)} not read")
    for problem in report.problems:
        lines.append(f"  not read: {terminal_label(problem.path)}: {terminal_label(problem.message)}")
    for warning in report.warnings:
        lines.append(f"  warning: {terminal_label(warning.path)}: {terminal_label(warning.message)}")
    for failure in report.failures:
        lines.append(f"  stage failed: {failure.stage} on {terminal_label(failure.doc_id)}: "
                     f"{terminal_label(failure.error)}")
    if report.failures:
        lines.append("  (a failed stage is a bug: those documents are stored without what the stage and the "
                     "stages after it add; please report it with the article)")
    counts = store.counts()
    layers = ", ".join(f"{n} {layer}" for layer, n in sorted(counts.spans.items()))
    rebuilt = f"{report.corpus_attached} new documents attached" if report.corpus_attached else \
        "rebuilt" if report.corpus_rebuilt else "up to date"
    lines.append(f"database {store.location}: {counts.documents} documents; {layers or 'no spans'}; "
                 f"{report.corpus_records} cross-outlet records ({rebuilt})")
    if report.stale:
        lines.append(f"  {report.stale} stored documents were analysed by another version of the pipeline or its "
                     f"knowledge files: `tabayyun refresh --db {store.location}` re-analyses them")
    return "\n".join(lines)


def _interval(low: float | None, high: float | None, approximate: bool) -> str:
    def fmt(v: float | None) -> str:
        return "?" if v is None else f"{v:,.0f}"

    if low is not None and high is not None and low == high:
        text = fmt(low)
    elif high is None:
        text = f"≥{fmt(low)}"
    elif low is None:
        text = f"≤{fmt(high)}"
    else:
        text = f"{fmt(low)}–{fmt(high)}"
    return ("~" if approximate else "") + text


def claim_line(found: Found[Claim]) -> str:
    claim = found.span
    who = claim.claimant or (found.outlet or "the outlet")
    via = f" via {', '.join(claim.via)}" if claim.via else ""
    when = f" on {claim.date.isoformat()}" if claim.date else ""
    return (f"{_interval(claim.low, claim.high, claim.approximate):>12} {claim.unit:8} "
            f"{found.outlet or found.doc_id}: {who}{via}{when}  «{claim.text}»")


def corpus_summary_text(store: Store, max_claims: int = 8) -> str:
    """The summary from counts and queries: no document is loaded whole."""
    outlets = store.outlets()
    lines = [f"{sum(outlets.values())} documents from {len(outlets)} outlets"]
    lines.append("  " + "; ".join(f"{o or 'unknown outlet'}: {n}" for o, n in outlets.items()))
    measures = store.measures()
    if measures:
        lines.append("\nNumeric claims by measure (value, unit, outlet: claimant, date, evidence):")
    for measure, n in measures.items():
        lines.append(f"  {measure} ({n} claims)")
        for found in store.claims(ClaimFilter(measure=measure), Page(limit=max_claims)):
            lines.append("    " + claim_line(found))
        if n > max_claims:
            lines.append(f"    … {n - max_claims} more")
    findings = store.corpus_records("finding", limit=20)
    if findings:
        lines.append("\nFindings across outlets:")
        for f in findings:
            lines.append("  " + finding_line(f))
    reuse = store.corpus_records("reuse", limit=10)
    if reuse:
        lines.append("\nText reuse:")
        for r in reuse:
            lines.append(f"  {' ↔ '.join(r.get('doc_ids', []))} (similarity {r.get('similarity', '?')})")
    failures = store.counts().failures
    if failures:
        lines.append(f"\n{failures} stage failures recorded (see the HTML report)")
    return "\n".join(lines)


def finding_line(f: dict[str, Any]) -> str:
    parts = []
    for c in f.get("claims", []):
        parts.append(f"{c.get('doc_id')}: {_interval(c.get('low'), c.get('high'), bool(c.get('approximate')))}"
                     + (f" ({c['claimant']})" if c.get("claimant") else ""))
    return f"{f.get('kind', '?'):14} {f.get('measure', '')}: " + " vs ".join(parts)
