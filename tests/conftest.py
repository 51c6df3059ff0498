"""Shared fixtures: LibreOffice recalculation and roster building."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from devtools.libreoffice import recalculated, soffice

ROOT = Path(__file__).resolve().parents[1]
FORM_HEAD = ["县区/单位", "表类型", "年度", "项目名称", "主管部门", "实施单位", "中央主管部门",
             "年初预算数", "全年预算数"]
IND_HEAD = ["县区/单位", "项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "分值"]


@pytest.fixture(scope="session")
def libreoffice() -> str:
    exe = soffice()
    if exe is None:
        # A missing engine is a broken set-up, not a reason to skip: scripts/test.sh installs it.
        pytest.fail("LibreOffice (soffice) is not installed; run scripts/test.sh")
    return exe


@pytest.fixture
def recalc(libreoffice, tmp_path):
    """Recalculate workbooks in LibreOffice (one call for all) and open the results data-only."""

    def run(*paths: Path):
        outs = recalculated(list(paths), tmp_path / "recalc")
        return [load_workbook(p, data_only=True) for p in outs]

    return run


def write_roster(path: Path, forms: list[list], indicators: list[list] | None,
                 form_head=FORM_HEAD, ind_head=IND_HEAD) -> Path:
    """A roster workbook with the given rows under the standard headers."""
    wb = Workbook()
    ws = wb.active
    ws.title = "表单"
    ws.append(form_head)
    for row in forms:
        ws.append(row)
    if indicators is not None:
        wi = wb.create_sheet("指标")
        wi.append(ind_head)
        for row in indicators:
            wi.append(row)
    wb.save(path)
    return path


# 金寨 医疗保障专项经费 as planned (seed 001): weights add to 90.
JZ = "金寨县医疗保障局"
JZ_FORM = [JZ, "项目支出", 2022, "医疗保障专项经费", "054-金寨县医疗保障局", "054001-金寨县医疗保障局",
           None, None, 176.77]
JZ_INDICATORS = [[JZ, "医疗保障专项经费", *r] for r in [
    ("产出指标", "数量指标", "定点医疗、医药机构监督检查覆盖率", "100%", 5),
    ("产出指标", "数量指标", "开展医保政策宣传", "12 次", 5),
    ("产出指标", "数量指标", "慢性病鉴定", "12 次", 5),
    ("产出指标", "质量指标", "城乡居民参保率", "99.80%", 5),
    ("产出指标", "质量指标", "医保经办服务能力", "有所提升", 5),
    ("产出指标", "质量指标", "监督检查覆盖率", "100%", 5),
    ("产出指标", "时效指标", "经费支出时效性", "及时", 10),
    ("产出指标", "成本指标", "项目成本", "≤176.77 万元", 10),
    ("效益指标", "社会效益指标", "保证本部门职能正常履行", "成效显著", 10),
    ("效益指标", "可持续影响指标", "完善医保服务体系", "显著提高", 10),
    ("效益指标", "生态效益指标", "开展医保服务网上办理", "显著提高", 10),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥95%", 10),
]]
GY = "广元市医疗保障局"
GY_FORM = [GY, "转移支付", 2023, "医疗服务与保障能力提升补助资金", "广元市医疗保障局",
           "各市（州）、县（区）医疗保障局", "国家医疗保障局", None, 674]
GY_INDICATORS = [[GY, "医疗服务与保障能力提升补助资金", "产出指标", "数量指标", "医保电子凭证激活率", "≥90%", None],
                 [GY, "医疗服务与保障能力提升补助资金", "满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", None]]
YJ = "沅江市医疗保障局"
YJ_FORM = [YJ, "部门整体", 2023, "部门整体支出", None, "沅江市医疗保障局", None, 649.76, 756.78]
YJ_INDICATORS = [[YJ, "部门整体支出", *r] for r in [
    ("产出指标", "数量指标", "基本医保综合参保率", "大于等于95%", 15),
    ("产出指标", "质量指标", "医保综合监管能力", "显著提升", 15),
    ("产出指标", "时效指标", "预决算及时公开性", "按财政要求及时公开", 10),
    ("效益指标", "社会效益指标", "参保人的合法权益得到保障", "较好", 30),
    ("满意度指标", "服务对象满意度指标", "参保人对医保服务满意度", "大于等于85%", 10),
    ("成本指标", "经济成本指标", "各项工作成本按预算执行", "100%", 10),
]]


@pytest.fixture
def roster(tmp_path) -> Path:
    """A valid three-unit roster (project, transfer, department)."""
    return write_roster(tmp_path / "roster.xlsx", [JZ_FORM, GY_FORM, YJ_FORM],
                        JZ_INDICATORS + GY_INDICATORS + YJ_INDICATORS)
