"""Rulebook errors in Chinese: the validator's English message gets a Chinese sentence in front.

The English stays, in brackets, as it names YAML keys and values a rule author types (`match`, `applies_to`),
and it is what earlier versions printed. A message that is already Chinese, or one not listed here, passes
through unchanged.
"""
from __future__ import annotations

import re

_HINT = r"(?: \(did you mean '(?P<hint>[^']+)'\?\)| \(allowed: (?P<allowed>[^)]+)\))?"
MESSAGES = [
    (r"unknown key in (?P<what>.+?)" + _HINT, "{what} 中有不认识的键"),
    (r"unknown part (?P<v>'[^']*')" + _HINT, "没有这个部分 {v}"),
    (r"cannot disable unknown rule (?P<v>'[^']*')" + _HINT, "要停用的规则 {v} 不存在"),
    (r"(?P<what>.+?) lacks required key '(?P<key>[^']+)'", "{what} 缺少必填的键 {key}"),
    (r"(?P<what>.+?) must be a mapping", "{what} 应为键值对（mapping）"),
    (r"must be a string", "应为文字"),
    (r"must be a non-empty string", "应为非空的文字"),
    (r"must be a year such as 2022", "应为年份，如 2022"),
    (r"(?P<what>\w+) must be a number above (?P<low>\S+) and at most (?P<high>\S+)", "{what} 应为大于 {low}、不超过 {high} 的数"),
    (r"severity must be one of (?P<v>.+)", "severity 只能是 {v}"),
    (r"kind must be one of (?P<v>.+)", "kind 只能是 {v}"),
    (r"scope must be one of (?P<v>.+)", "scope 只能是 {v}"),
    (r"applies_to takes levels from: (?P<v>.+)", "applies_to 的层级只能是 {v}"),
    (r"status must be 原文, 转引 or 待核", "status 只能是 原文、转引 或 待核"),
    (r"rule id (?P<v>'[^']*') must look like .+", "规则编号 {v} 应写成“部分.短名”（小写字母、数字、点和连字符）"),
    (r"duplicate rule id (?P<v>'[^']*').*", "规则编号 {v} 重复（要修改内置规则请用 overrides）"),
    (r"duplicate part id (?P<v>'[^']*')", "部分编号 {v} 重复"),
    (r"needs at least one passing example .+", "至少要有一个通过的样例（examples 的 met 或 partial）"),
    (r"needs at least one failing example .+", "至少要有一个不通过的样例（examples 的 missing 或 planned）"),
    (r"examples are lists of texts", "样例应为文字的列表"),
    (r"basis must be a non-empty list", "basis（依据）应为非空的列表"),
    (r"criteria must be a non-empty list", "criteria（评分细项）应为非空的列表"),
    (r"criterion ids must be unique within a rule", "同一条规则中评分细项的 id 不能重复"),
    (r"exactly one criterion must have no 'match'.+", "评分细项中必须恰好有一项不写 match（代表规则本身的匹配）"),
    (r"parts must be a non-empty list", "parts（部分）应为非空的列表"),
    (r"rules must be a non-empty list", "rules（规则）应为非空的列表"),
    (r"no rules left", "停用之后没有剩下任何规则"),
    (r"disable takes a list of rule ids.*", "disable 应为规则编号的列表"),
    (r"a term list must hold non-empty strings", "词表中应为非空的文字"),
    (r"a pattern must be a mapping or a list of terms", "匹配条件应为键值对或词的列表"),
    (r"must be a non-empty list of patterns", "应为非空的匹配条件列表"),
    (r"empty pattern", "匹配条件为空"),
    (r"bad regular expression (?P<v>'.*?'): .+", "正则表达式 {v} 写错了"),
    (r"regular expression (?P<v>'.*?') repeats a group that itself repeats.+",
     "正则表达式 {v} 有嵌套的重复（如 (a+)+），在某些文本上会极慢，请改写成不嵌套的形式"),
    (r"regular expression longer than (?P<n>\d+) characters", "正则表达式超过 {n} 个字符"),
    (r"min_count takes .+", "min_count 写成 {{count: N, of: 条件}}，N 为 1 到 1000"),
    (r"'near' only goes with 'all'", "near 只能与 all 一起用"),
    (r"write 'quantified: true' or leave it out", "写 quantified: true，或者不写"),
    (r"short must be a column header of 1 to (?P<n>\d+) characters.*", "short（简称）应为 1 到 {n} 个字，不含空格"),
    (r"extends: no embedded rulebook or file named (?P<v>'[^']*')", "extends 指向的规则库 {v} 不存在"),
    (r"extends chain is too deep.*", "extends 层数太多（是否互相引用？）"),
    (r"YAML syntax error: .+", "YAML 格式错误"),
    (r"YAML error: .+", "YAML 错误"),
    (r"YAML aliases \(\*name\) are not allowed.*", "不允许 YAML 别名（*名称），请直接写出内容"),
    (r"nested more than (?P<n>\d+) levels deep", "嵌套超过 {n} 层"),
    (r"rulebook file not found", "规则库文件不存在"),
    (r"rulebook is not UTF-8 text", "规则库不是 UTF-8 文本"),
    (r"rulebook is nested too deeply", "规则库嵌套太深"),
    (r"a rulebook is a YAML mapping with .+", "规则库应为包含 rulebook、parts、rules 的 YAML 键值对"),
    (r"unknown section role .+", "不认识的部分角色"),
    (r"invalid rulebook .+", "规则库无效"),
]
_COMPILED = [(re.compile(p, re.S), c) for p, c in MESSAGES]


_WHAT = {"rule": "规则", "criterion": "评分细项", "basis": "依据", "rulebook": "rulebook（规则库信息）", "part": "部分",
         "lookalike": "易混淆说法", "pattern": "匹配条件", "applies_when": "applies_when", "override": "overrides"}


def _what(what: str) -> str:
    if what.startswith("override of "):
        return f"规则 {what[len('override of '):]} 的 overrides"
    return _WHAT.get(what, what)


def chinese(problem: str) -> str:
    """"unknown key in rule (did you mean 'match'?)" → "rule 中有不认识的键（是不是 'match'？）(unknown key in rule …)"."""
    if re.search(r"[\u4e00-\u9fff]", problem.split(": ", 1)[-1][:8]):
        return problem  # already Chinese
    for rx, template in _COMPILED:
        m = rx.fullmatch(problem)
        if m:
            groups = {k: (v or "") for k, v in m.groupdict().items()}
            if "what" in groups:
                groups["what"] = _what(groups["what"])
            text = template.format(**groups)
            if groups.get("hint"):
                text += f"（是不是 '{groups['hint']}'？）"
            elif groups.get("allowed"):
                text += f"（可用：{groups['allowed']}）"
            return f"{text} ({problem})"
    return problem
