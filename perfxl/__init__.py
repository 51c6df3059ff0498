"""perfxl: generate, lint and consolidate 绩效自评表 workbooks."""

__version__ = "0.1.0"

from . import lightimport

lightimport.install()  # openpyxl without numpy, when a command imports it (lightimport.py says why)
