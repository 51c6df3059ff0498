"""Shared labels of the 金寨县医疗保障局 2022 forms (seed 001)."""

UNIT_GROUP = "金寨县医疗保障局"
DEPT = "054-金寨县医疗保障局"
UNIT = "054001-金寨县医疗保障局"
TITLES = ["项目支出绩效自评表", "（2022年度）"]
P = "产出指标(50分)"
B = "效益指标(30分)"
S = "满意度指标(10分)"
NA = "本指标不适用"
SAT = "满意度指标"


def funds(initial, budget, spent, rate, score):
    """The usual 项目资金 block: all money is 本年财政拨款, nothing carried over or other."""
    zero = None if initial is None else "0"
    return [
        ("年度资金总额：", initial, budget, spent, "10", rate, score),
        ("其中：本年财政拨款", initial, budget, spent, "—", None, None),
        ("上年结转资金", zero, "0", "0", "—", None, None),
        ("其他资金", zero, "0", "0", "—", None, None),
    ]


# 项目清单 (seed 001, first page): 13 projects; the PDF prints only the first 12 自评表.
PROJECT_LIST = [
    (1, "医疗保障专项经费"),
    (2, "人员经费"),
    (3, "信息网络维护费用"),
    (4, "租赁费"),
    (5, "固定资产采购"),
    (6, "城乡医疗救助"),
    (7, "中央专项彩票公益金支持城乡医疗救助资金（转移性支付）"),
    (8, "医疗救助补助资金"),
    (9, "医疗服务与能力提升专项经费"),
    (10, "城乡医疗救助资金"),
    (11, "上年结转(医疗服务与能力提升补助资金、转移支付)"),
    (12, "离退休人员一次性奖励"),
    (13, "县区域医疗信息系统对接省医保系统接口费用"),
]
