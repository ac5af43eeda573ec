"""Waivers: agreed exceptions, recorded with a justification, an approver and an expiry date.

A waived rule stays visible (status `waived`, with its justification) and leaves the
score's denominator; after its expiry date it counts again, and the report says so.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

WAIVER_KEYS = ("unit", "rule", "justification", "approved_by", "expires")
MAX_BYTES = 4 * 1024 * 1024


@dataclass
class Waiver:
    unit: str  # the unit's name as detected (城关镇), or "*" for every unit
    rule: str
    justification: str
    approved_by: str
    expires: dt.date
    source: str = ""
    line: int = 0

    def applies(self, unit: str | None, rule_id: str) -> bool:
        return self.rule == rule_id and (self.unit == "*" or (unit is not None and self.unit == unit))

    def active(self, today: dt.date) -> bool:
        return today <= self.expires

    def to_dict(self, today: dt.date) -> dict[str, object]:
        return {"unit": self.unit, "rule": self.rule, "justification": self.justification,
                "approved_by": self.approved_by, "expires": self.expires.isoformat(),
                "expired": not self.active(today)}


def load_waivers(path: str | os.PathLike, known_rules: set[str] | None = None) -> list[Waiver]:
    """Read and validate a waivers file; errors name file and line."""
    import yaml

    from .rulebook_yaml import LDict, load_yaml

    from .files import read_regular

    p = Path(path)
    if not os.path.lexists(p):
        raise InputError(p, "豁免文件不存在 (waivers file not found)")
    raw = read_regular(p, MAX_BYTES, InputError, "豁免文件")  # a FIFO or device is refused unread
    try:
        data = load_yaml(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(p, "豁免文件不是 UTF-8 文本 (not UTF-8)") from None
    except RecursionError:
        raise InputError(p, "豁免文件嵌套过深 (nested too deeply)") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{p}:{mark.line + 1}" if mark else str(p)
        detail = getattr(exc, "problem", None) or ""
        raise InputError(where, f"豁免文件不是有效的 YAML (invalid YAML{': ' + detail if detail else ''})") from None
    items = data.get("waivers") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(p, "豁免文件应为 'waivers:' 列表 (expected a 'waivers' list)")
    out: list[Waiver] = []
    for item in items:
        line = item.line if isinstance(item, LDict) else data.line_of("waivers")
        where = f"{p}:{line}"
        if not isinstance(item, dict):
            raise InputError(where, "每条豁免应为一个映射 (each waiver is a mapping)")
        unknown = [k for k in item if k not in WAIVER_KEYS]
        if unknown:
            raise InputError(f"{p}:{item.line_of(unknown[0])}", f"未知字段 {unknown[0]}（可用：{', '.join(WAIVER_KEYS)}）")
        missing = [k for k in WAIVER_KEYS if item.get(k) is None or item.get(k) == ""]
        if missing:
            raise InputError(where, f"缺少字段 {', '.join(missing)} (missing keys)")
        for key in ("unit", "rule", "justification", "approved_by"):
            value = item[key]
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise InputError(f"{p}:{item.line_of(key)}", f"{key} 应为一段文字 (must be text, not a list or mapping)")
        expires = item["expires"]
        if isinstance(expires, dt.datetime):
            raise InputError(f"{p}:{item.line_of('expires')}", "expires 应为日期（不带时刻），如 2025-12-31")
        if isinstance(expires, str):
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                raise InputError(f"{p}:{item.line_of('expires')}", "expires 应为日期，如 2025-12-31") from None
        if not isinstance(expires, dt.date):
            raise InputError(f"{p}:{item.line_of('expires')}", "expires 应为日期，如 2025-12-31")
        if known_rules is not None and str(item["rule"]) not in known_rules:
            raise InputError(f"{p}:{item.line_of('rule')}", f"规则库中没有规则 {item['rule']} (unknown rule)")
        out.append(Waiver(unit=str(item["unit"]), rule=str(item["rule"]), justification=str(item["justification"]),
                          approved_by=str(item["approved_by"]), expires=expires, source=str(p), line=line))
    return out

