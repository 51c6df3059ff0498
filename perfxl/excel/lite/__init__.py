"""What a clerk pastes into xlwings Lite: main.py and requirements.txt (see docs/excel.md)."""
