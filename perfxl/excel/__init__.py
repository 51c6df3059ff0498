"""perfxl inside Excel: xlwings Lite scripts and functions, classic xlwings UDFs and the .xlsm add-in."""
