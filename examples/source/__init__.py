"""Data literals transcribed from the seed PDFs, one module (or a few) per seed.

Indicator rows are tuples in form order; 一级/二级 are repeated on every row and merged by the
writer. Findings are (rule, position, note[, "extra"]) with positions resolved by
``render.locate``; "extra" marks a violation DOMAIN.md §5 does not list.
"""
