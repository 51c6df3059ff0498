"""`python -m perfxl`: the command line, as the `perfxl` script runs it."""

from .entry import run

run()
