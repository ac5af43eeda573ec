"""Is a statement reported as done, only planned, only a problem, or negated?

Works on one sentence of normalized text and a position inside it. A cue
counts when it stands in the clause of the match or in an earlier clause of the
same sentence ("下一步，将聘请法律顾问"), never when it only follows it
("聘请法律顾问1名，下一步将继续发挥其作用" is done).
"""
from __future__ import annotations

import re

_CLAUSE_SEP = re.compile(r"[,，:：、]")

# "将" marks the future ("将进一步完善") unless it marks the object, like 把:
# "将法治建设纳入年度计划", "将普法宣传渗透到执法全过程".
_BA_VERBS = re.compile(
    r"纳入|列入|列为|作为|融入|贯穿|渗透|落实到|写入|编入|放在|摆在|转化为|视为|当作|当成|作为|覆盖|延伸|"
    r"结合|与[^,，。;；]{0,20}(?:结合|衔接|挂钩)|交由|交给|移交|移送|报送|上报|录入|上传|分解|细化|打造成|建成|"
    r"落到|落实在|推送|发放|送达|装订|汇编|公示|公布|公开|张贴|制作成|制成"
)
# ...but 将 straight before an adverb of what is still to come is the future whatever verb follows
# ("将进一步深化政务公开", "将继续做好信息公布工作")
_FUTURE_ADVERB = re.compile(r"将(?:进一步|继续|持续|不断|更加|逐步)")  # not 深入/全面: they also begin objects ("将深入学习…作为")
# 现将/兹将/特将…如下 is the formula that presents the report ("现将有关情况报告如下"), not a plan
_NOT_FUTURE_JIANG = re.compile(r"将(?:军|领|士|近|就|心比心)|即将|必将|行将|终将|将来|现将|兹将|特将")
_PLAN_CUES = re.compile(
    r"下一步|下步|下一阶段|下一年度?|下年度?|明年|来年|今后|接下来|未来|新的一年|"
    r"计划(?=于|在|到|将|开展|建立|聘请|组织|实施|完成|推进|推动|出台|制定|举办|召开|对|编制|修订|配备|配齐|新增|购置|"
    r"完善|健全|开通|启动)|^计划|"
    # a clause that begins with 计划 ("2024年，计划新聘请……"), but not 计划生育, 计划单列 and the like
    r"(?<=[,，;；:：])计划(?!生育|单列|经济|内|外|书|表|中|性|数|任务|目标)|"
    # 拟 of intent, not 拟定/拟制 (drafting: 拟制定 is intent again) nor 拟 that qualifies a noun: "拟作出较大数额罚款的
    # 案件", "对拟公开信息进行审查" (what is about to be decided or disclosed, the review of it done now)
    r"(?<![模虚草比])拟(?![定订稿写就])(?!制(?!定))(?![^,，。;；的]{1,12}的)(?!公开(?:信息|文件|事项|内容|政府信息|公文)|发布(?:信息|内容))"
    r"|打算|力争|争取|预计|着力推动|即将|必将|将来"
)
_PROBLEM_CUES = re.compile(
    r"有待(?:进一步)?|还?不够|(?<![弥补克服])不足(?!\d)|欠缺|不到位|薄弱|尚需|仍需|还需|亟需|亟待|差距|"
    r"存在[^,，。;；]{0,12}(?:问题|不足|短板|困难|差距)|不强|不高|不深|不浓|不平衡|不充分|滞后|"
    r"不完善|不健全|不规范|不明晰|不清晰|短板|缺乏|缺少|匮乏"
)
_PROBLEM_EXEMPT = re.compile(r"整改|解决|化解|弥补|补齐|补足|克服|破解|针对|查找|查摆|梳理")

NEGATORS = re.compile(r"尚未|未能|暂未|仍未|还未|从未|并未|均未|没有|无法|暂无|不曾|(?<![毫])无(?![论缝纸偿证障人一条差死遗盲违疑私])|未(?![来成经])")
_NEG_WINDOW = 12


def _clause_start(sentence: str, rel: int) -> int:
    cut = 0
    for m in _CLAUSE_SEP.finditer(sentence, 0, rel):
        cut = m.end()
    return cut


def _future_jiang(text: str, upto: int | None = None) -> bool:
    """True if some "将" in text[:upto] marks the future rather than the object. The verb that makes it
    mark the object may stand after `upto` ("将…问题，通过政府网站…公开政府信息")."""
    for m in re.finditer("将", text[:upto]):
        i = m.start()
        if _NOT_FUTURE_JIANG.match(text, max(0, i - 1)) or _NOT_FUTURE_JIANG.match(text, i):
            # 即将/必将 are future: handled by _PLAN_CUES; 将军/将近 are not cues at all
            continue
        if _FUTURE_ADVERB.match(text, i):
            return True
        rest = text[i + 1:]
        clause = re.split(r"[。;；!?！？]", rest, maxsplit=1)[0]
        # the object stands between 将 and the verb: "将纳入考核" (will be included) is future
        if _BA_VERBS.search(clause[:40], 1):
            continue
        return True
    return False


def is_plan(sentence: str, rel: int) -> bool:
    """A plan cue in the match's clause or before it in the sentence."""
    end = _clause_end(sentence, rel)
    if _PLAN_CUES.search(sentence, 0, end):
        return True
    return _future_jiang(sentence, end)


def _clause_end(sentence: str, rel: int) -> int:
    m = _CLAUSE_SEP.search(sentence, rel)
    return m.start() if m else len(sentence)


_SOME_OF_THEM = re.compile(r"(?:部分|个别|少数|一些|有的)(?!村|社区)")


def is_problem(sentence: str, rel: int) -> bool:
    """A statement of shortcomings around the match (outside a shortcomings section). A sentence about "部分/个别…"
    is one whole statement of a shortcoming when it names one anywhere ("部分乡镇主要负责人述法……尚不规范")."""
    head = sentence if _SOME_OF_THEM.match(sentence) else sentence[: _clause_end(sentence, rel)]
    for m in _PROBLEM_CUES.finditer(head):
        clause_from = _clause_start(head, m.start())
        if not _PROBLEM_EXEMPT.search(head[clause_from:m.start()]):
            return True
    return False


def negation(sentence: str, rel: int) -> str | None:
    """The negator governing the match at `rel` ("尚未聘请法律顾问"), if any."""
    start = max(0, rel - _NEG_WINDOW)
    start += _clause_start(sentence[start:rel], rel - start)  # only the window is searched
    window = sentence[start:rel]
    found = None
    for m in NEGATORS.finditer(window):
        found = m.group(0)
    return found
