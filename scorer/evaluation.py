"""Corpus-level self-test: the scorer's verdicts against a reader's labels.

A label file is a TSV with a `file` column and one column per labelled requirement.
Concept columns hold done / plan / absent, structure columns yes / no; a value such as
`done|absent` marks a debatable label where either verdict is accepted; an empty cell
is not labelled. Columns map to rule ids by header: the seeds' codes (FR, LA, TS, DR,
DS, SA, SP, SL, SN) map as in the seeds' README, a header that is a rule id maps to
itself, and `COL=rule.id` mappings given by the caller add or replace mappings.
Every other column (unit, year, notes, split, …) is ignored, except `split`, which
can select part of the corpus.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .files import read_regular
from .rules.model import Rulebook

# The seeds' README: concept and structure codes → rule ids.
DEFAULT_COLUMNS = {
    "FR": "leadership.first-responsible-person",
    "LA": "decision.legal-adviser",
    "TS": "enforcement.three-systems",
    "DR": "openness.disclosure-review",
    "DS": "openness.disclosure",
    "SA": "report.measures-and-results",
    "SP": "report.shortcomings",
    "SL": "report.leader-duty",
    "SN": "report.next-year-plan",
}
CONCEPT_VALUES = ("done", "plan", "absent")
STRUCTURE_VALUES = ("yes", "no")
# A scorer status read as a label value (done ⇔ met or partial, plan ⇔ planned, absent ⇔ missing).
CONCEPT_OF_STATUS = {"met": "done", "partial": "done", "planned": "plan", "missing": "absent"}
STRUCTURE_OF_STATUS = {"met": "yes", "partial": "yes", "planned": "no", "missing": "no"}
MAX_LABEL_BYTES = 20 * 1024 * 1024
NOT_SCORED = "n/a"  # not applicable, waived, or an error: never agrees with a label


@dataclass
class LabelRow:
    file: str
    line: int
    gold: dict[str, frozenset[str]]  # column → accepted values
    split: str = ""


@dataclass
class LabelSet:
    path: str
    columns: dict[str, str]  # label column → rule id
    rows: list[LabelRow]


@dataclass
class Verdict:
    file: str
    column: str
    rule_id: str
    gold: frozenset[str]
    predicted: str
    status: str
    reason: str = ""  # the evidence or near miss that decided it, and the scorer's message

    @property
    def agrees(self) -> bool:
        return self.predicted in self.gold

    @property
    def gold_text(self) -> str:
        return "|".join(sorted(self.gold, key=_value_order))


@dataclass
class ColumnReport:
    column: str
    rule_id: str
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def agreement(self) -> float:
        return sum(v.agrees for v in self.verdicts) / len(self.verdicts) if self.verdicts else 1.0

    def confusion(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {}
        for v in self.verdicts:
            row = table.setdefault(v.gold_text, {})
            row[v.predicted] = row.get(v.predicted, 0) + 1
        return table

    def precision_recall(self) -> tuple[float | None, float | None]:
        """Of `done` (or `yes`): precision over predictions, recall over unambiguous gold labels."""
        pos = "yes" if self.is_structure else "done"
        predicted = [v for v in self.verdicts if v.predicted == pos]
        gold = [v for v in self.verdicts if v.gold == {pos}]
        precision = sum(pos in v.gold for v in predicted) / len(predicted) if predicted else None
        recall = sum(v.predicted == pos for v in gold) / len(gold) if gold else None
        return precision, recall

    @property
    def is_structure(self) -> bool:
        return any(v.gold <= set(STRUCTURE_VALUES) for v in self.verdicts)


@dataclass
class EvalReport:
    labels: str
    rulebook: str
    columns: list[ColumnReport]
    errors: list[tuple[str, str]]  # (file, problem) for files that could not be scored

    @property
    def verdicts(self) -> list[Verdict]:
        return [v for c in self.columns for v in c.verdicts]

    @property
    def agreement(self) -> float:
        vs = self.verdicts
        return sum(v.agrees for v in vs) / len(vs) if vs else 1.0

    @property
    def disagreements(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.agrees]

    @property
    def files(self) -> int:
        return len({v.file for v in self.verdicts} | {f for f, _ in self.errors})

    @property
    def debatable(self) -> int:
        return sum(len(v.gold) > 1 for v in self.verdicts)

    def to_dict(self) -> dict:
        cols = []
        for c in self.columns:
            p, r = c.precision_recall()
            cols.append({"column": c.column, "rule": c.rule_id, "labels": len(c.verdicts),
                         "agreement": round(c.agreement, 4), "precision_done": _round(p), "recall_done": _round(r),
                         "confusion": c.confusion()})
        return {
            "labels": self.labels, "rulebook": self.rulebook, "files": self.files,
            "verdicts": len(self.verdicts), "debatable_labels": self.debatable,
            "agreement": round(self.agreement, 4), "columns": cols,
            "disagreements": [{"file": v.file, "column": v.column, "rule": v.rule_id, "gold": v.gold_text,
                               "predicted": v.predicted, "status": v.status, "reason": v.reason}
                              for v in self.disagreements],
            "errors": [{"file": f, "error": e} for f, e in self.errors],
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _value_order(v: str) -> int:
    order = CONCEPT_VALUES + STRUCTURE_VALUES
    return order.index(v) if v in order else len(order)


def parse_mapping(items: list[str], where: str = "--map") -> dict[str, str]:
    """`COL=rule.id` pairs as given on the command line."""
    out: dict[str, str] = {}
    for item in items:
        col, sep, rid = item.partition("=")
        if not sep or not col.strip() or not rid.strip():
            raise InputError(where, f"{item!r}: expected COLUMN=rule.id")
        out[col.strip()] = rid.strip()
    return out


def load_labels(path: str | os.PathLike, rulebook: Rulebook, mapping: dict[str, str] | None = None) -> LabelSet:
    """Read and check a label file: every label column maps to a rule, every value is known."""
    p = Path(path)
    raw = read_regular(p, MAX_LABEL_BYTES, what="标注文件")  # a FIFO or device is refused, not read
    try:
        lines = raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise InputError(p, "标注文件不是 UTF-8 编码 (label file is not UTF-8)") from None
    lines = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise InputError(p, "标注文件为空 (empty label file)")
    reader = csv.reader(lines, delimiter="\t")
    header = [h.strip() for h in next(reader)]
    if "file" not in header:
        raise InputError(f"{p}:1", "标注文件缺少 file 列 (no 'file' column)")
    rule_ids = {r.id for r in rulebook.rules}
    mapping = dict(mapping or {})
    columns: dict[str, str] = {}
    for h in header:
        rid = mapping.pop(h, None) or DEFAULT_COLUMNS.get(h) or (h if h in rule_ids else None)
        if rid is None:
            continue
        if rid not in rule_ids:
            raise InputError(f"{p}:1", f"列 {h} 对应的规则 {rid} 不在规则库 {rulebook.id} 中 (no such rule)")
        columns[h] = rid
    if mapping:
        raise InputError(f"{p}:1", "标注文件没有这些列 (no such column): " + ", ".join(mapping))
    if not columns:
        raise InputError(f"{p}:1", "没有可对应到规则的标注列 (no label column maps to a rule; use --map COL=rule.id)")
    idx = {h: i for i, h in enumerate(header)}
    rows: list[LabelRow] = []
    seen: set[str] = set()
    for lineno, cells in enumerate(reader, start=2):
        if len(cells) > len(header):
            raise InputError(f"{p}:{lineno}", f"{len(cells)} 列，表头只有 {len(header)} 列 (too many cells)")
        cells += [""] * (len(header) - len(cells))
        name = cells[idx["file"]].strip()
        if not name:
            raise InputError(f"{p}:{lineno}", "file 为空 (empty file name)")
        if name in seen:
            raise InputError(f"{p}:{lineno}", f"{name} 重复标注 (labelled twice)")
        seen.add(name)
        gold: dict[str, frozenset[str]] = {}
        for col in columns:
            raw = cells[idx[col]].strip()
            if not raw:
                continue
            values = frozenset(v.strip() for v in raw.split("|"))
            known = set(CONCEPT_VALUES) if values & set(CONCEPT_VALUES) else set(STRUCTURE_VALUES)
            if not values <= known:
                raise InputError(f"{p}:{lineno}", f"{col}: {raw!r} 不是 done/plan/absent 或 yes/no (unknown label)")
            gold[col] = values
        split = cells[idx["split"]].strip() if "split" in idx else ""
        rows.append(LabelRow(file=name, line=lineno, gold=gold, split=split))
    return LabelSet(path=str(p), columns=columns, rows=rows)


def _reason(res) -> str:
    """What decided a verdict: the first evidence, else the first near miss with its reason."""
    if res.evidence:
        return f"证据：{res.evidence[0].text[:80]}"
    if res.near_misses:
        nm = res.near_misses[0]
        return f"近似未计（{nm.detail}）：{nm.text[:80]}"
    return res.message


def evaluate(labels: LabelSet, folder: str | os.PathLike, rulebook: Rulebook, split: str | None = None,
             max_bytes: int | None = None) -> EvalReport:
    """Score every labelled file in `folder` and compare with its labels."""
    from .api import check_file
    from .errors import ScorerError
    from .reading import DEFAULT_MAX_BYTES

    base = Path(folder)
    if not base.is_dir():
        raise InputError(base, "不是文件夹 (not a folder)")
    if split is not None and not any(r.split for r in labels.rows):
        raise InputError(labels.path, f"没有 split 列，不能只评测 {split!r} (no 'split' column)")
    reports = {col: ColumnReport(col, rid) for col, rid in labels.columns.items()}
    errors: list[tuple[str, str]] = []
    for row in labels.rows:
        if split is not None and row.split != split:
            continue
        try:
            result = check_file(base / row.file, rulebook, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
        except ScorerError as err:
            errors.append((row.file, err.problem))
            continue
        by_id = {r.id: r for r in result.rules}
        for col, gold in row.gold.items():
            res = by_id[labels.columns[col]]
            table = STRUCTURE_OF_STATUS if gold <= set(STRUCTURE_VALUES) else CONCEPT_OF_STATUS
            predicted = table.get(res.status, NOT_SCORED)
            reports[col].verdicts.append(Verdict(file=row.file, column=col, rule_id=res.id, gold=gold,
                                                 predicted=predicted, status=res.status, reason=_reason(res)))
    return EvalReport(labels=labels.path, rulebook=rulebook.id, columns=list(reports.values()), errors=errors)
