"""Run by a Python with LibreOffice's uno (devtools/typing.py): a job as JSON on stdin — open a
workbook in headless LibreOffice, setString into cells of its first sheet, export a PDF."""

import json
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    job = json.load(sys.stdin)
    office = subprocess.Popen([job["soffice"], "-env:UserInstallation=" + job["profile"], "--headless",
                               "--norestore", "--invisible", f"--accept=pipe,name={job['pipe']};urp;"])
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={job['pipe']};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice did not answer")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(job["doc"], "_blank", 0, (prop("Hidden", True),))
        sheet = doc.Sheets.getByIndex(0)
        for ref, text in job["texts"].items():
            sheet.getCellRangeByName(ref).setString(text)
        doc.storeToURL(job["pdf"], (prop("FilterName", "calc_pdf_Export"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge goes down with the office
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
