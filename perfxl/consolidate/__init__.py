"""`perfxl consolidate`: many units' workbooks into one city summary workbook."""
