"""`perfxl excel-addin --lite`: the folder an xlwings Lite user needs (main.py, requirements.txt, personal/perfxl)."""

from __future__ import annotations

from pathlib import Path

from ..atomic import check_writable, output_folder, write_atomic

PACKAGE = Path(__file__).resolve().parents[1]   # the perfxl package
LITE = Path(__file__).resolve().parent / "lite"
# What Lite runs: the checker and the worksheet functions, and what they import (tests/test_layers.py
# keeps the list closed under imports). Not the command line, the summary writer, classic xlwings'
# UDFs and add-in writer (they would register the PX_ functions a second time) or the Lite files.
KIT = ("__init__.py", "errors.py", "i18n.py", "findings.py", "targets.py", "scoring.py", "xlsxio.py", "vocabulary.py",
       "ooxml.py", "limits.py", "zipparts.py", "lightimport.py", "evaluate.py", "formula.py",
       "forms/", "reader/", "rules/", "profiles/",
       "lint/__init__.py", "lint/discover.py", "lint/check.py", "lint/guard.py", "lint/run.py", "lint/report.py",
       "lint/results.py", "lint/suppress.py",
       "template/__init__.py", "template/markers.py", "template/logic.py", "template/layout.py",
       "excel/__init__.py", "excel/adapter.py", "excel/check.py", "excel/functions.py")

README = """perfxl 绩效自评表检查 — xlwings Lite 安装包

1. 在 Excel（开始 → 加载项）中搜索并添加 xlwings Lite。
2. xlwings Lite 菜单 → Files → Import/Export：把本文件夹里的 personal 文件夹整个拖进去
  （其中的 perfxl 文件夹就是检查程序），然后 菜单 → Restart。每台电脑只做一次。
3. 打开要检查的工作簿，在 xlwings Lite 里：
   - requirements.txt 标签：换成本文件夹 requirements.txt 的内容，按提示 Restart；
   - main.py 标签：换成本文件夹 main.py 的内容。
4. 在 xlwings Lite 的运行按钮下拉框选“检查本工作簿”，点运行；“清除标记”恢复原样。
工作表函数：=PX_SCORE(年度指标值, 实际完成值, 分值)、=PX_GRADE(总分)、=PX_PARSE(指标值) 等。
"""


def kit_files() -> dict[str, bytes]:
    """Relative path -> content of every file of the kit."""
    files = {"main.py": (LITE / "main.py").read_bytes(),
             "requirements.txt": (LITE / "requirements.txt").read_bytes(),
             "使用说明.txt": README.encode("utf-8")}
    for src in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.glob("profiles/*.toml")]):  # the profiles are data
        rel = src.relative_to(PACKAGE).as_posix()
        if "__pycache__" in rel or not any(rel == x or x.endswith("/") and rel.startswith(x) for x in KIT):
            continue
        files[f"personal/perfxl/{rel}"] = src.read_bytes()
    return files


def write_lite_kit(outdir: Path, force: bool = False) -> Path:
    """Write the kit into outdir; never overwrites a file without force. Returns outdir."""
    outdir = output_folder(outdir)
    files = kit_files()
    for rel in files:
        check_writable(outdir / rel, force)
    for rel, data in files.items():
        write_atomic(outdir / rel, lambda tmp, data=data: tmp.write_bytes(data))
    return outdir
