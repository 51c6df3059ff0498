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
    "file_missing": ("找不到文件：{path}", "file not found: {path}"),
    "file_unreadable": ("无法读取文件 {path}：{why}", "cannot read {path}: {why}"),
    "not_workbook": ("{path}：不是有效的 Excel 工作簿（.xlsx/.xlsm）", "{path}: not an Excel workbook (.xlsx/.xlsm)"),
    "encrypted": ("{path}：文件已加密，或是旧版 .xls 格式，请另存为未加密的 .xlsx",
                  "{path}: the file is encrypted or in the old .xls format; save it as an unencrypted .xlsx"),
    "truncated": ("{path}：文件已损坏或不完整（{why}）", "{path}: the file is corrupt or truncated ({why})"),
    "too_large": ("{path}：解压后过大（{size} MB），疑似异常文件，已跳过",
                  "{path}: too large when unpacked ({size} MB); skipped as suspicious"),
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
    "unreadable": ("{n} 个文件无法读取（见“问题清单”）：", "{n} files could not be read (see 问题清单):"),
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
