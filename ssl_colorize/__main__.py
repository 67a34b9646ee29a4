"""`python -m ssl_colorize ...`: the same commands as the `ssl-colorize` script (also for torchrun)."""

from ssl_colorize.cli import app

app()
