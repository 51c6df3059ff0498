"""perfxl: generate, lint and consolidate 绩效自评表 workbooks."""

__version__ = "0.1.0"
