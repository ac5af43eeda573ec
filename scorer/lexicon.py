"""Domain vocabulary shared by line-joining and jieba.

These words must stay one token ("法律顾问", not 法律/顾问) and a line break
inside any of them is always a broken line, never a paragraph boundary.
The rulebook's own terms are added to jieba on top of these.
"""
from __future__ import annotations

DOMAIN_TERMS: tuple[str, ...] = (
    "法治政府", "法治建设", "法治政府建设", "依法行政", "依法治国", "依法治县", "依法治镇", "依法治区",
    "第一责任人", "党政主要负责人", "主要负责人", "主要负责同志", "述法", "年终述法", "述职述法",
    "法律顾问", "常年法律顾问", "政府法律顾问", "法律顾问团", "公职律师", "首席公职律师",
    "行政执法", "三项制度", "行政执法公示", "执法公示", "全过程记录", "执法全过程记录",
    "法制审核", "重大执法决定", "合法性审查", "合法性审核", "公平竞争审查", "保密审查",
    "政府信息公开", "政务公开", "信息公开", "主动公开", "依申请公开", "三审三校", "先审后发",
    "发布审核", "重大行政决策", "规范性文件", "行政复议", "行政诉讼", "出庭应诉", "行政应诉",
    "权责清单", "裁量基准", "执法记录仪", "三重一大", "四议两公开", "双随机", "双公示",
    "安全生产", "意识形态", "党风廉政建设", "法律明白人", "法治副主任", "习近平法治思想",
    "存在的问题", "不足和原因", "下一年度", "下一步", "主要举措", "工作成效",
)
