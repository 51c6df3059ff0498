"""PX001: a file that cannot be read as a workbook."""

from . import Rule, register


@register
class PX001(Rule):
    """无法读取文件：{reason}

    Anti-pattern: a file that is not an .xlsx workbook (a renamed text or PDF file), a truncated
    download, an encrypted workbook, an empty file, or Excel's ~$ lock file of an open workbook.
    Fix: save the form again from Excel or WPS as an unencrypted .xlsx workbook, and close Excel
    before collecting files so no ~$ lock files are sent.
    """

    code, severity, scope = "PX001", "error", "file"
    fix_zh = "用 Excel 或 WPS 重新另存为未加密的 .xlsx 工作簿后再报送；报送前关闭 Excel，不要附带 ~$ 开头的临时文件。"
    message_en = "cannot read the file: {reason_en}"
