"""The domain's words in one place: kinds, labels of fields, money and indicator columns, comparators, units, grades."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

PROJECT = "project"
TRANSFER = "transfer"
DEPARTMENT = "department"
KINDS = (PROJECT, TRANSFER, DEPARTMENT)
SCORE_TABLE = "score_table"  # an evaluation report's score table: read and checked, never generated

# Level-2 names under each level-1 category (national indicator framework, 财预〔2021〕101号).
OUTPUT_L2 = ("数量指标", "质量指标", "时效指标", "成本指标")
BENEFIT_L2 = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
SATISFACTION_L2 = ("服务对象满意度指标",)
COST_L2 = ("经济成本指标", "社会成本指标", "生态环境成本指标")

LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2_NAMES = OUTPUT_L2 + BENEFIT_L2 + SATISFACTION_L2 + COST_L2


@dataclass(frozen=True)
class KindSpec:
    """What distinguishes one form kind from another."""

    kind: str
    title: str            # the form's printed title
    roster_names: tuple[str, ...]  # how a roster may spell the kind
    scored: bool          # has 分值/得分 columns
    skeleton: tuple[tuple[str, tuple[str, ...]], ...]  # default (一级, (二级, ...)) of a blank form


SPECS: dict[str, KindSpec] = {
    PROJECT: KindSpec(
        PROJECT, "项目支出绩效自评表", ("项目支出", "项目", "project"), True,
        (("产出指标", OUTPUT_L2), ("效益指标", BENEFIT_L2), ("满意度指标", SATISFACTION_L2)),
    ),
    TRANSFER: KindSpec(
        TRANSFER, "转移支付区域（项目）绩效目标自评表", ("转移支付", "transfer"), False,
        (("产出指标", OUTPUT_L2), ("效益指标", BENEFIT_L2), ("满意度指标", SATISFACTION_L2)),
    ),
    DEPARTMENT: KindSpec(
        DEPARTMENT, "部门整体支出绩效自评表", ("部门整体", "部门整体支出", "department"), True,
        (("产出指标", OUTPUT_L2[:3]), ("效益指标", BENEFIT_L2), ("满意度指标", SATISFACTION_L2),
         ("成本指标", COST_L2)),
    ),
}

# a label's points: "产出指标（50分）", or written after the name without brackets ("数量指标15分", 湖北)
SPACES = re.compile(r"\s+")  # every kind of whitespace, which labels and targets drop
POINTS = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]|(?<=[^\d.\s])(\d+(?:\.\d+)?)分$")


def kind_from_text(text: str) -> str | None:
    """Map a roster's spelling of a form kind to its key, or None."""
    norm = SPACES.sub("", str(text)).lower()
    for spec in SPECS.values():
        if norm in spec.roster_names or norm == spec.kind:
            return spec.kind
    return None


def level1_name(text: str) -> str | None:
    """Normalise a 一级 label ("产出指标（50分）", "产出") to its canonical name, or None."""
    norm = POINTS.sub("", SPACES.sub("", str(text)))
    for name in LEVEL1_NAMES:
        if norm == name or norm == name[:-2] or norm == name.replace("指标", ""):
            return name
    return None

def level1_of_level2(text: str) -> str | None:
    """The 一级 category a 二级 name belongs to (数量指标 → 产出指标), for a 一级 cell that names
    none (a label of only its points, "(50分)"), else None."""
    norm = POINTS.sub("", SPACES.sub("", str(text)))
    for level1, names in (("产出指标", OUTPUT_L2), ("效益指标", BENEFIT_L2), ("满意度指标", SATISFACTION_L2)):
        if norm in names or norm + "指标" in names:
            return level1
    return None

def points_only(text: str) -> bool:
    """A label that shows only its points ("(50分)", "（30分）"): the name was lost or never typed."""
    return bool(POINTS.search(str(text))) and not POINTS.sub("", SPACES.sub("", str(text)))

# How the summary and messages name each kind to a clerk.
KIND_NAMES = {PROJECT: "项目支出", TRANSFER: "转移支付", DEPARTMENT: "部门整体"}


# --- How forms label their parts (docs/forms.md): what the reader looks for, all in one place. ---
# Labels are compared after the reader's normalisation: whitespace removed, full-width brackets and
# colons folded ("项目资金（万元）：" reads "项目资金(万元)"). One C-level pass does it.
BRACKET_FOLD = {"（": "(", "）": ")", "：": None, ":": None}  # full-width brackets, colons: WPS vs Excel
LABEL_FOLD = str.maketrans({**BRACKET_FOLD, " ": None, "\n": None, "\t": None, "\r": None, "\u3000": None,
                            "\xa0": None})
# The names a clerk sees for the fields and columns the reader knows (messages name them so).
FIELD_NAMES = {"project": "项目名称", "dept": "主管部门", "unit": "实施单位", "central_dept": "中央主管部门"}
COLUMN_NAMES = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "target": "年度指标值",
                "actual": "实际完成值", "weight": "分值", "score": "得分"}

# Header fields: (label prefix, field); longer prefixes first.
FIELD_LABELS = (
    ("转移支付(项目)名称", "project"), ("转移支付名称", "project"), ("专项资金名称", "project"),
    ("项目名称", "project"), ("评价对象", "project"),   # an evaluation report's cover names its object
    ("中央主管部门", "central_dept"), ("地方主管部门", "dept"), ("县级主管部门", "dept"), ("项目主管单位", "dept"),
    ("主管部门", "dept"),
    ("被评价单位", "unit"), ("资金使用单位", "unit"), ("项目实施单位", "unit"), ("项目单位", "unit"),
    ("实施单位", "unit"), ("预算部门名称", "unit"),
    ("一级预算单位名称", "unit"), ("预算部门、单位名称", "unit"), ("预算单位名称", "unit"), ("单位名称", "unit"),
    ("自评总分", "total"), ("自评得分", "total"),   # the total some provinces print above the tables
)
# Columns of the money block: (word the header contains, role); the first that matches wins.
FUND_COLUMNS = (
    ("年初预算", "initial"), ("全年预算", "budget"), ("调整后预算", "budget"), ("调整预算", "budget"),
    ("年度预算申请", "budget"),
    ("预算数(A)", "budget"), ("年度预算数", "budget"),
    ("全年执行", "spent"), ("预算执行数", "spent"), ("执行数", "spent"), ("实际支出", "spent"),
    ("实际投入", "spent"),
    ("执行率", "rate"), ("分值", "weight"), ("权重", "weight"), ("得分", "score"),
    ("计划安排", "budget"), ("到位资金", "received"),   # 湖南's older report: 计划安排 / 实际到位 / 实际支出
    ("计划投资", "budget"), ("实际使用", "spent"),       # 海南's: 计划投资额 / 实际到位资金 / 实际使用情况
)
# The words that make a row the money block's header: a budget column and a spent column.
BUDGET_WORDS = ("全年预算", "调整后预算", "调整预算", "预算数", "年初预算", "年度预算")
SPENT_WORDS = ("全年执行", "预算执行数", "执行数", "实际支出", "实际投入")
# Rows of the money block: (word the label contains, role); the first that matches wins.
FUND_ROWS = (
    ("资金总额", "total"), ("总额", "total"), ("合计", "total"),
    ("财政拨款", "current"), ("上年结转", "carryover"),
    ("中央补助", "central"), ("中央财政资金", "central"), ("中央资金", "central"),
    ("地方资金", "local"), ("地方财政资金", "local"),
    ("财政专户管理资金", "special"), ("单位资金", "own"), ("财政资金", "current"),
    ("省级资金", "province"), ("市级资金", "city"), ("县级资金", "county"), ("本级资金", "local"),
    ("其他资金", "other"), ("中央财政", "central"), ("其它", "other"),
)
# The splits under a department form's money block that must add up to 年度资金总额 (PX103): a
# heading (按收入性质分: …, 按支出性质分: …) over its parts, side by side or one under the other.
SPLIT_HEADINGS = (("按收入性质", "income"), ("按支出性质", "expense"))
# Parts that are always lines of another part (人员经费 and 公用经费 of 基本支出), and the funding
# roles that may stand as 其中 lines under a source (财政拨款: 其中 中央资金, 省级资金 …).
SUB_LINE_WORDS = ("人员经费", "公用经费")
SUB_FUND_ROLES = frozenset(("central", "province", "city", "county", "local"))
# Rows that end a split: the next block of the form.
SPLIT_STOPS = ("年度总体目标", "总体目标", "年度目标", "绩效指标", "年度绩效目标", "一级指标", "资金管理")
# Short heads of sources written across a row (中央 | 省、地 | 本级 | 其他 over one row of amounts, or
# 其中:中央财政 / 省财政 / 市财政 / 区财政 under 计划安排资金): matched at the start of a label.
FUND_SOURCE_HEADS = (("中央", "central"), ("省", "province"), ("市", "city"), ("县", "county"), ("区", "county"),
                     ("本级", "local"), ("其他", "other"), ("其它", "other"))
# Columns of the indicator table: (word the header contains, role); the first that matches wins,
# so "实际完成指标值" is an actual before "指标值" could make it a target.
INDICATOR_COLUMNS = (
    ("一级", "level1"), ("二级", "level2"), ("三级", "level3"), ("指标名称", "level3"), ("指标内容", "level3"),
    ("指标性质", "comparator"), ("度量单位", "unit"), ("计量单位", "unit"),
    ("完成值", "actual"), ("实际完成", "actual"), ("实际值", "actual"),
    ("指标值", "target"), ("目标值", "target"), ("指标(目标)值", "target"),
    ("得分率", "rate"), ("分值", "weight"), ("权重", "weight"), ("自评分", "score"), ("得分", "score"),
    ("原因", "reason"), ("改进措施", "reason"),
    # the national checklist transfer form: 指标解释, and 记录 split into 自评内容 / 完成情况
    ("指标解释", "explain"), ("自评内容", "target"), ("完成情况", "actual"), ("记录", "record"),
    ("支撑材料", "evidence"),
)
TOTAL_WORDS = ("总分", "合计", "总计", "总得分", "合计得分")
STOP_WORDS = ("填表人", "填报日期", "联系电话", "单位负责人", "说明", "备注", "评价结论", "存在问题")
# A row of remarks between the indicators and the 总分 row (云南's 其他需要说明事项 | 无): no indicator,
# and no end either, as the 总分 row under it still closes the table.
NOTE_WORDS = ("其他需要说明", "其他说明")
NOT_APPLICABLE = "本指标不适用"
# A form with no 偏差原因 column may have one cell for the whole form under its table.
FORM_REASON_LABELS = ("偏差大或目标未完成原因分析", "偏差原因分析", "未完成原因分析", "偏差原因")
# The evaluation framework's 一级 beside 产出 and 效益 (项目决策 / 项目管理 or 过程 / 项目绩效 over 项目产出
# and 项目效益; 海南's older 自评表): a form with one of them is scored on that framework.
EVALUATION_LEVEL1 = ("决策", "管理", "过程")
GRADE_LABELS = ("评价等级", "绩效等级", "等级")
# Words that say a form is a transfer-payment or a whole-department form (else: a project form).
TRANSFER_WORDS = ("转移支付", "中央主管部门")
DEPARTMENT_WORDS = ("预算部门名称", "部门整体支出绩效", "部门整体绩效", "一级预算单位名称")
# A header note giving the amounts' unit: money typed in 元 is read in 万元.
YUAN_HEADS = ("(元)", "单位:元", "单位元", "金额单位:元")


# --- Targets and values (docs/scoring.md): comparators, units, how a missed or met target reads. ---
# Comparator glyphs folded to one spelling before a target is parsed.
COMPARATOR_GLYPHS = [
    (r"\geqslant", "≥"), (r"\geq", "≥"), (r"\ge", "≥"), (r"\leqslant", "≤"), (r"\leq", "≤"), (r"\le", "≤"),
    (r"\%", "%"), (r"\sim", "~"), ("$", ""), ("≧", "≥"), ("⩾", "≥"), ("≦", "≤"), ("⩽", "≤"), ("═", "="),
    ("﹦", "="), (">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"), ("〜", "~"), ("～", "~"), ("−", "-"),
]
# Comparator words before and after the number (≥95%, 不低于95%, 95%以上).
COMPARATOR_WORDS_BEFORE = {
    "≥": ">=", "大于等于": ">=", "大于或等于": ">=", "不低于": ">=", "不少于": ">=", "不小于": ">=",
    "不得低于": ">=", "不得少于": ">=", "至少": ">=", "最少": ">=", "达到": ">=", "达": ">=",
    "≤": "<=", "小于等于": "<=", "小于或等于": "<=", "不高于": "<=", "不超过": "<=", "不多于": "<=",
    "不大于": "<=", "不得超过": "<=", "不得高于": "<=", "未超过": "<=", "最多": "<=", "控制在": "<=",
    ">": ">", "大于": ">", "超过": ">", "高于": ">", "多于": ">",
    "<": "<", "小于": "<", "低于": "<", "少于": "<", "不足": "<", "=": "=", "等于": "=", "约": "=", "≈": "=",
}
SOFT_COMPARATOR_WORDS = {"达到", "达", "约", "≈", "控制在"}  # a post word (以内, 以上) is more specific than these
COMPARATOR_WORDS_AFTER = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<=", "之内": "<=",
                          "内": "<=", "左右": "="}
# Units: scale words, synonyms, and the base units a value may carry.
UNIT_SCALES = {"千万": Decimal(10**7), "百万": Decimal(10**6), "万": Decimal(10**4), "亿": Decimal(10**8)}
UNIT_SYNONYMS = {"平米": "平方米", "m2": "平方米", "月": "个月", "日": "天", "工作日": "个工作日",
                 "公里": "千米", "千克": "公斤", "百分点": "个百分点", "人民币": "元"}
BASE_UNITS = (
    "个工作日 工作日 平方米 个百分点 百分点 人民币 人次 户次 个月 小时 分钟 平米 公里 千米 厘米 公斤 千克 m2 "
    "元 人 户 次 个 家 条 套 台 项 件 份 期 月 天 日 秒 年 周 所 间 张 本 册 场 批 篇 部 辆"
    " 床 例 名 位 座 处 吨 亩 米 分 轮 类 种 % ‰"
).split()
# Words that say a qualitative target was missed, or reached.
NOT_MET_WORDS = ("未完成", "未达到", "未达成", "未达标", "未实现", "未支付", "未到位", "未及时", "不及时",
                 "未按时", "待支付", "待完成", "尚未", "没有完成", "部分完成", "滞后", "延期", "逾期", "未开展")
ACHIEVED_WORDS = ("完成", "达到", "达成", "达标", "实现", "及时", "按时", "显著", "明显", "有效", "全覆盖",
                  "到位", "合格", "无扣分")
# Qualitative bands: share of 分值 at 达成 / 部分达成 / 未达成, and their other spellings.
QUALITATIVE_BANDS = {"达成": (0.8, 1.0), "部分达成": (0.6, 0.8), "未达成": (0.0, 0.6)}
QUALITATIVE_BAND_ALIASES = {"已达成": "达成", "完全达成": "达成", "全部达成": "达成", "基本达成": "部分达成",
                 "没有达成": "未达成", "未能达成": "未达成"}
# Grade scales: national four levels; the five-level scale some provinces use.
GRADE_SCALES: dict[str, tuple[tuple[float, str], ...]] = {
    "national": ((90, "优"), (80, "良"), (60, "中"), (-math.inf, "差")),
    "five": ((90, "优秀"), (80, "良好"), (70, "合格"), (60, "基本合格"), (-math.inf, "不合格")),
}


# --- A bureau's own wording (perfxl.toml, docs/vocabulary.md): added before the built-in words. ---
EXTENSIBLE = {  # section of perfxl.toml -> (table here, the roles its words may name)
    "fields": ("FIELD_LABELS", {"project", "dept", "unit", "central_dept", "total"}),
    "fund_columns": ("FUND_COLUMNS", {"initial", "budget", "received", "spent", "rate", "weight", "score"}),
    "fund_rows": ("FUND_ROWS", {"total", "current", "carryover", "central", "local", "other", "special",
                                "own", "province", "city", "county"}),
    "indicator_columns": ("INDICATOR_COLUMNS", {"level1", "level2", "level3", "target", "actual", "weight",
                                                "score", "reason", "comparator", "unit", "rate", "explain",
                                                "record", "evidence"}),
}
WORD_LISTS = {"totals": "TOTAL_WORDS", "stops": "STOP_WORDS", "transfer": "TRANSFER_WORDS",
              "department": "DEPARTMENT_WORDS", "yuan": "YUAN_HEADS"}
VERSION = [0]  # bumped by extend(): caches built from these tables start again
_IN_USE = ["{}"]  # the wording read with now, as JSON ("{}": the built-in words only)


def extension_problems(extra: dict) -> list[str]:
    """What is wrong with a [vocabulary] table: unknown sections, roles, or words that are not text."""
    problems = []
    for section, entries in extra.items():
        if section in EXTENSIBLE:
            roles = EXTENSIBLE[section][1]
            if not isinstance(entries, dict):
                problems.append(f"[vocabulary.{section}]: expected word = role pairs")
                continue
            for word, role in entries.items():
                if not str(word).translate(LABEL_FOLD):
                    problems.append(f"[vocabulary.{section}]: an empty word")
                if role not in roles:
                    problems.append(f"[vocabulary.{section}] {word!r} = {role!r}: role must be one of "
                                    + ", ".join(sorted(roles)))
        elif section == "words":
            if not isinstance(entries, dict):
                problems.append("[vocabulary.words]: expected a table of word lists")
                continue
            for key, words in entries.items():
                if key not in WORD_LISTS or not isinstance(words, list) or not all(
                        isinstance(w, str) and w.translate(LABEL_FOLD) for w in words):
                    problems.append(f"[vocabulary.words] {key!r}: expected one of {', '.join(WORD_LISTS)}"
                                    " with a list of words (none empty)")
        else:
            problems.append(f"[vocabulary.{section}]: unknown section; sections are "
                            + ", ".join([*EXTENSIBLE, "words"]))
    return problems


def added(table: str) -> tuple:
    """The words a bureau added to a table (a bureau's word for a kind settles the kind by itself)."""
    words = globals()[table]
    return words[:len(words) - len(_BUILT_IN[table])]


def derived(make):
    """A value worked out from the tables here, kept until a bureau's wording changes them."""
    memo: list = [-1, None]

    def value():
        if memo[0] != VERSION[0]:
            memo[:] = [VERSION[0], make()]
        return memo[1]

    return value


def use(extra: dict) -> None:
    """Read with the built-in words and this wording from now on (nothing to do when already so)."""
    if not extra and _IN_USE[0] == "{}":
        return  # the built-in words, as almost every run reads: nothing to compare
    import json  # a bureau's words only: the built-in ones return above

    key = json.dumps(extra or {}, sort_keys=True, ensure_ascii=False)
    if key != _IN_USE[0]:
        extend(extra or {})
        _IN_USE[0] = key


def extend(extra: dict) -> None:
    """Put a bureau's words before the built-in ones (checked by extension_problems first).
    Words added before are dropped first: the built-in words and these, never an accumulation."""
    here = globals()
    here.update(_BUILT_IN)
    for section, (table, _) in EXTENSIBLE.items():
        pairs = tuple((str(w).translate(LABEL_FOLD), r) for w, r in extra.get(section, {}).items())
        here[table] = pairs + here[table]
        if section == "fund_columns":  # a new budget or spent word also marks the money block's header
            here["BUDGET_WORDS"] = tuple(w for w, r in pairs if r in ("budget", "initial")) + here["BUDGET_WORDS"]
            here["SPENT_WORDS"] = tuple(w for w, r in pairs if r == "spent") + here["SPENT_WORDS"]
    for key, name in WORD_LISTS.items():
        words = tuple(w.translate(LABEL_FOLD) for w in extra.get("words", {}).get(key, ()))
        here[name] = words + here[name]
    VERSION[0] += 1


_BUILT_IN = {name: globals()[name] for name in (*(t for t, _ in EXTENSIBLE.values()), *WORD_LISTS.values(),
                                                  "BUDGET_WORDS", "SPENT_WORDS")}
