"""perfxl 绩效自评表检查：把本文件整个粘贴到 xlwings Lite 的 main.py（说明见 perfxl 的 docs/excel.md）。"""
import xlwings as xw
from xlwings import arg, func, script

from perfxl.excel import functions as F
from perfxl.excel.check import check_workbook_async, clear_marks, summary_line


@script(name="检查本工作簿")
async def check_this_workbook(book: xw.Book):
    """检查本工作簿的绩效自评表：问题列在“检查结果”表（点单元格地址可跳转），
    有问题的单元格标红（错误）或标黄（警告）；没有问题时写“未发现问题”。"""
    result = await check_workbook_async(book)
    print(summary_line(result, book.name))


@script(name="清除标记")
def clear_this_workbook(book: xw.Book):
    """恢复被标色单元格原来的底色，删除“检查结果”表。"""
    print(f"已恢复 {clear_marks(book)} 个单元格的底色")


@func
@arg("target", doc="年度指标值，如 ≥95%、≤176.77万元")
@arg("actual", doc="实际完成值")
@arg("weight", doc="分值")
@arg("reverse", doc="可选：纯数字目标为成本上限时填 成本")
@arg("method", doc="可选：计分方法 national（默认）或 all_or_nothing")
def px_score(target, actual, weight, reverse=False, method="national"):
    """定量指标的标准得分：正向指标完成得满分、未完成按比例；成本指标超出按比例扣分；超额不加分。"""
    return F.px_score(target, actual, weight, reverse, method)


@func
@arg("total", doc="总分")
@arg("scale", doc="可选：四级（默认）或 五级")
def px_grade(total, scale="national"):
    """由总分得出评价等级（四级：优/良/中/差；五级：优秀/良好/合格/基本合格/不合格）。"""
    return F.px_grade(total, scale)


@func
@arg("text", doc="指标值文字，如 ≥5.26万人次")
def px_parse(text):
    """拆出指标值的数字和单位（一行两格），单位换算到基本单位：≥5.26万人次 → 52600 | 人次。"""
    return F.px_parse(text)


@func
@arg("budget", doc="全年预算数")
@arg("spent", doc="全年执行数")
def px_rate(budget, spent):
    """执行率 = 全年执行数 ÷ 全年预算数（请把单元格设为百分比格式）。"""
    return F.px_rate(budget, spent)


@func
@arg("budget", doc="全年预算数")
@arg("spent", doc="全年执行数")
@arg("weight", doc="可选：分值，默认 10")
def px_fundscore(budget, spent, weight=10):
    """资金得分 = 分值 × min(执行率, 100%)，保留两位小数，超支不加分。"""
    return F.px_fundscore(budget, spent, weight)


@func
@arg("level", doc="达成 / 部分达成 / 未达成")
@arg("weight", doc="分值")
def px_band(level, weight):
    """定性指标的分数段 [最低分, 最高分]：达成 80–100%，部分达成 60–80%，未达成 0–60%。"""
    return F.px_band(level, weight)
