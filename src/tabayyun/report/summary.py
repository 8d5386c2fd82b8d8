"""Readable terminal summaries of a run and of a database."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from tabayyun.model import AnalyzedDoc, Claim
from tabayyun.runner import RunReport
from tabayyun.safety import terminal_label
from tabayyun.store import SQLiteStore


def run_report_text(report: RunReport, store: SQLiteStore) -> str:
    lines = []
    saved = report.saved
    lines.append(f"documents: {saved.get('added', 0)} added, {saved.get('updated', 0)} updated, "
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
    lines.append(f"database {store.path}: {counts.documents} documents; {layers or 'no spans'}; "
                 f"{report.corpus_records} cross-outlet records")
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


def claim_line(doc: AnalyzedDoc, claim: Claim) -> str:
    who = claim.claimant or (doc.document.outlet or "the outlet")
    via = f" via {', '.join(claim.via)}" if claim.via else ""
    when = f" on {claim.date.isoformat()}" if claim.date else ""
    return (f"{_interval(claim.low, claim.high, claim.approximate):>12} {claim.unit:8} "
            f"{doc.document.outlet or doc.document.doc_id}: {who}{via}{when}  «{claim.text}»")


def corpus_summary_text(store: SQLiteStore, max_claims: int = 8) -> str:
    docs = list(store.analyzed())
    lines = [f"{len(docs)} documents from {len({d.document.outlet for d in docs})} outlets"]
    outlets = Counter(d.document.outlet or "unknown outlet" for d in docs)
    lines.append("  " + "; ".join(f"{o}: {n}" for o, n in outlets.most_common()))
    by_measure: dict[str, list[tuple[AnalyzedDoc, Claim]]] = defaultdict(list)
    for doc in docs:
        for claim in doc.layer("claims"):
            by_measure[claim.measure].append((doc, claim))
    if by_measure:
        lines.append("\nNumeric claims by measure (value, unit, outlet: claimant, date, evidence):")
    for measure, items in sorted(by_measure.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"  {measure} ({len(items)} claims)")
        for doc, claim in items[:max_claims]:
            lines.append("    " + claim_line(doc, claim))
        if len(items) > max_claims:
            lines.append(f"    … {len(items) - max_claims} more")
    records = store.corpus_records()
    findings = [r for r in records if r.get("type") == "finding"]
    if findings:
        lines.append("\nFindings across outlets:")
        for f in findings[:20]:
            lines.append("  " + finding_line(f))
    reuse = [r for r in records if r.get("type") == "reuse"]
    if reuse:
        lines.append("\nText reuse:")
        for r in reuse[:10]:
            lines.append(f"  {' ↔ '.join(r.get('doc_ids', []))} (similarity {r.get('similarity', '?')})")
    failures = store.failures()
    if failures:
        lines.append(f"\n{len(failures)} stage failures recorded (see the HTML report)")
    return "\n".join(lines)


def finding_line(f: dict[str, Any]) -> str:
    parts = []
    for c in f.get("claims", []):
        parts.append(f"{c.get('doc_id')}: {_interval(c.get('low'), c.get('high'), bool(c.get('approximate')))}"
                     + (f" ({c['claimant']})" if c.get("claimant") else ""))
    return f"{f.get('kind', '?'):14} {f.get('measure', '')}: " + " vs ".join(parts)
