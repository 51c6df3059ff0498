"""`perfxl lint`: read 绩效自评表 workbooks by their labels and check them against the rule catalog."""
