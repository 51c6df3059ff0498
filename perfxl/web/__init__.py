"""`perfxl serve`: everything perfxl does, from a browser page, and a bureau's collection point."""
