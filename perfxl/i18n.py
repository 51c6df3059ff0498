"""Clerk-facing messages in Chinese (default) and English, looked up by key."""

from __future__ import annotations

from dataclasses import dataclass, field

# key -> (Chinese, English). Parameters use str.format names.
CATALOG: dict[str, tuple[str, str]] = {
    # files and output
    "output_exists": ("输出文件已存在：{path}（如需覆盖请加 --force）",
                      "output file exists: {path} (use --force to overwrite)"),
    "output_is_input": ("输出文件与输入文件相同，拒绝覆盖：{path}",
                        "refusing to overwrite an input file: {path}"),
    "output_failed": ("无法写出 {path}：{why}", "cannot write {path}: {why}"),
    "output_is_folder": ("输出路径是一个文件夹：{path}（请给出文件名，如 {path}/汇总.xlsx）",
                         "the output is a folder: {path} (give a file name, e.g. {path}/summary.xlsx)"),
    "output_no_space": ("{path} 所在磁盘空间不足：需要约 {need} MB，仅剩 {free} MB",
                        "not enough space for {path}: about {need} MB needed, {free} MB free"),
    "output_busy": ("另一个 perfxl 正在写出 {path}，请等它结束后再运行",
                    "another perfxl run is writing {path}; wait for it to finish"),
    # a file that took its worker down (lint/guard.py)
    "worker_killed": ("读取时进程异常终止（{signal}，可能超出内存上限或解析器崩溃），疑似异常文件",
                      "reading it ended the worker ({signal}: out of memory or a parser crash); suspicious file"),
    "worker_exited": ("读取时进程异常退出（{code}），疑似异常文件", "reading it ended the worker (exit {code}); suspicious file"),
    "worker_timeout": ("检查超时（超过 {seconds} 秒），疑似异常文件", "took longer than {seconds} s; suspicious file"),
    "worker_memory": ("读取时超出内存上限，疑似异常文件", "ran out of memory while reading; suspicious file"),
    "worker_error": ("无法解析（{why}）", "cannot be parsed ({why})"),
    "worker_lost": ("检查结果无法传回（{why}）", "its result was lost ({why})"),
    "annotated": ("已写出标注副本：{path}", "annotated copy: {path}"),
    "interrupted": ("已中断；先前的输出文件保持不变", "interrupted; earlier outputs left as they were"),
    "terminated": ("已终止；先前的输出文件保持不变", "terminated; earlier outputs left as they were"),
    "file_missing": ("找不到文件：{path}", "file not found: {path}"),
    "file_unreadable": ("无法读取文件 {path}：{why}", "cannot read {path}: {why}"),
    "not_workbook": ("{path}：不是有效的 Excel 工作簿（.xlsx/.xlsm）", "{path}: not an Excel workbook (.xlsx/.xlsm)"),
    "encrypted": ("{path}：文件已加密，或是旧版 .xls 格式，请另存为未加密的 .xlsx",
                  "{path}: the file is encrypted or in the old .xls format; save it as an unencrypted .xlsx"),
    "truncated": ("{path}：文件已损坏或不完整（{why}）", "{path}: the file is corrupt or truncated ({why})"),
    "too_large": ("{path}：解压后过大（{size} MB），疑似异常文件，已跳过",
                  "{path}: too large when unpacked ({size} MB); skipped as suspicious"),
    "beyond_excel": ("{path}：单元格位置超出 Excel 的行列范围（第{row}行第{col}列），疑似异常文件",
                     "{path}: a cell lies beyond Excel's rows and columns (row {row}, column {col}); suspicious file"),
    "too_many_cells": ("{path}：单元格过多（约 {n} 个），超出绩效自评表的合理范围，疑似异常文件",
                       "{path}: too many cells (about {n}), far beyond any form workbook; suspicious file"),
    "too_wide": ("{path}：表格范围过大（A1 至第{row}行第{col}列，约 {n} 个单元格），疑似异常文件",
                 "{path}: the grid is too large (A1 to row {row}, column {col}: about {n} cells); suspicious file"),
    "too_much_text": ("{path}：文字解压后过大（约 {n} 百万字），疑似异常文件",
                      "{path}: its text expands to too much (about {n} million characters); suspicious file"),
    "too_many_sheets": ("{path}：工作表过多（{n} 张），疑似异常文件", "{path}: too many sheets ({n}); suspicious file"),
    "not_regular": ("{path}：不是普通文件（可能是管道或设备），已跳过", "{path}: not a regular file (a pipe or a device); skipped"),
    "lock_file": ("{path}：这是 Excel 打开文件时生成的临时锁文件（~$），不是工作簿",
                  "{path}: an Excel lock file (~$), not a workbook"),
    "empty_file": ("{path}：文件为空", "{path}: the file is empty"),
    "spool_unwritable": ("无法在临时文件夹 {folder} 中写入汇总的中间文件：{why}（可设置环境变量 TMPDIR 指向其他文件夹）",
                         "cannot write the summary's working files in the temporary folder {folder}: {why} "
                         "(set TMPDIR to another folder)"),
    "needs_pyarrow": ("输出 parquet 需要安装 pyarrow：pip install \"perfxl[parquet]\"",
                      'writing parquet needs pyarrow: pip install "perfxl[parquet]"'),
    "consolidated": ("已汇总 {files} 个文件、{forms} 张表：{errors} 个错误，{warnings} 个警告 → {output}",
                     "consolidated {files} files, {forms} forms: {errors} errors, {warnings} warnings → {output}"),
    "other_years": ("按 --year {year} 只汇总 {year} 年度的表：另有 {n} 张其他年度的表未计入（仍在“问题清单”中检查）",
                    "--year {year}: only forms of {year} are counted; {n} forms of other years are left out "
                    "(still checked in 问题清单)"),
    "unreadable": ("{n} 个文件无法读取（见“问题清单”）：", "{n} files could not be read (see 问题清单):"),
    "feedback_in_input": ("反馈文件夹 {path} 位于输入 {input} 之中（下次汇总会把标注副本当作报送的表），请另选文件夹",
                          "the feedback folder {path} lies inside the input {input} (the next roll-up would read "
                          "its annotated copies as forms); choose another folder"),
    "feedback_done": ("已写出 {units} 个单位的反馈（反馈表和标注副本）→ {folder}",
                      "feedback for {units} units (feedback workbooks and annotated copies) → {folder}"),
    "feedback_copy_failed": ("未能写出标注副本 {path}：{why}（反馈表中的问题仍逐项列出，但不带链接）",
                             "could not write the annotated copy {path}: {why} (its findings are still listed in "
                             "the feedback workbook, without links)"),
    # a bureau's own wording (perfxl.toml)
    "vocab_unreadable": ("{path}：无法读取词表（{why}）", "{path}: cannot read the vocabulary ({why})"),
    "vocab_bad": ("{path}：{problem}", "{path}: {problem}"),
    # roster
    "roster_bad_type": ("{path}：名单须为 .xlsx 工作簿或 .csv 文件",
                        "{path}: a roster must be an .xlsx workbook or .csv files"),
    "roster_no_sheet": ("{path}：缺少工作表“{sheet}”", "{path}: sheet '{sheet}' is missing"),
    "roster_no_column": ("{path} 工作表“{sheet}”：缺少列“{column}”",
                         "{path} sheet '{sheet}': column '{column}' is missing"),
    "roster_empty": ("{path} 工作表“{sheet}”：没有数据行", "{path} sheet '{sheet}': no data rows"),
    "roster_required": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：不能为空",
                        "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): must not be empty"),
    "roster_not_number": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：“{value}”不是数字",
                          "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): '{value}' is not a number"),
    "roster_bad_kind": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：表类型“{value}”无法识别，应为 项目支出/转移支付/部门整体",
                        "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): form kind '{value}' unknown; use 项目支出/转移支付/部门整体"),
    "roster_bad_year": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：年度“{value}”应为四位年份",
                        "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): year '{value}' must be a 4-digit year"),
    "roster_duplicate": ("{path} 工作表“{sheet}” 第{row}行：项目“{project}”（{unit}）与第{first}行重复",
                         "{path} sheet '{sheet}' row {row}: project '{project}' ({unit}) duplicates row {first}"),
    "roster_unknown_project": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：项目“{project}”不在“表单”工作表中",
                               "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): project '{project}' is not in sheet '表单'"),
    "roster_ambiguous_project": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：项目“{project}”在多个县区/单位中出现，请填写“县区/单位”列",
                                 "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): project '{project}' exists in several units; fill column '县区/单位'"),
    "roster_weights": ("{path} 工作表“{sheet}” 第{rows}行 列“{column}”：项目“{project}”的指标分值合计为{total}，应为90（另有预算执行率10分）",
                       "{path} sheet '{sheet}' rows {rows} column '{column}': the indicator weights of '{project}' add up to {total}, not 90 (budget execution carries the other 10)"),
    "roster_level1": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：一级指标“{value}”无法识别",
                      "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): unknown first-level indicator '{value}'"),
    "roster_bad_weight": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：分值{value}应在0到100之间",
                          "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): weight {value} must be between 0 and 100"),
    "roster_control_char": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：第{pos}个字符是看不见的控制字符（{code}），请删除（可清空后重新输入该单元格）",
                            "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): invisible control character(s) at position {pos_en} ({code_en}); delete them (clear the cell and type it again)"),
    "roster_too_long": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：内容有{length}个字符，超过 Excel 单元格上限 {limit}",
                        "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): {length} characters, more than an Excel cell holds ({limit})"),
    "roster_bad_amount": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：金额“{value}”应在0到{limit}万元之间",
                          "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): amount '{value}' must be between 0 and {limit} (万元)"),
    "roster_same_file": ("{path} 工作表“{sheet}” 第{row}行 列“{column}”（{cell}）：单位“{unit}”与第{first}行的单位“{other}”会生成同一个文件“{file}”（文件名中的空格和符号会变成“_”，且不区分大小写），后写的会覆盖先写的；请修改单位名称使二者可区分",
                         "{path} sheet '{sheet}' row {row} column '{column}' ({cell}): unit '{unit}' and unit '{other}' of row {first} would get the same file '{file}' (file names turn spaces and symbols into '_' and ignore case), one overwriting the other; make the unit names distinct"),
    "roster_header": ("名单有误，未生成任何文件：", "the roster has errors; nothing was written:"),
    # templates
    "template_markers": ("模板 {path} 缺少 perfxl 标记：{missing}（请保留名称管理器中的 PX_ 名称）",
                         "template {path} lacks perfxl markers: {missing} (keep the PX_ defined names)"),
    "unknown_kind": ("未知的表类型：{value}", "unknown form kind: {value}"),
    # generation summary
    "new_done": ("已生成 {files} 个工作簿、{forms} 张表，保存在 {outdir}",
                 "wrote {files} workbooks with {forms} forms to {outdir}"),
    "blank_done": ("已生成空白表：{path}", "wrote blank form: {path}"),
}


@dataclass(frozen=True)
class Msg:
    """A message key with parameters, rendered in the reader's language late."""

    key: str
    params: dict = field(default_factory=dict)

    def render(self, lang: str = "zh") -> str:
        zh, en = CATALOG[self.key]
        return (en if lang == "en" else zh).format(**self.params)

    def __str__(self) -> str:
        return self.render("zh")


def msg(key: str, **params) -> Msg:
    """Shorthand constructor that checks the key exists at the call site."""
    if key not in CATALOG:
        raise KeyError(key)
    return Msg(key, params)
