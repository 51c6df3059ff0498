"""Tools for developing perfxl (LibreOffice conversions, README images, previews): not shipped."""
