"""`perfxl fix`: a corrected copy of a workbook where arithmetic decides, every change listed."""
