"""tabayyun (تبيّن): verify before you believe — sourced, offset-exact analysis of Arabic crisis news."""

from tabayyun._build import run_sources_if_stale

__version__ = "0.1.0"

run_sources_if_stale()  # before any compiled module is imported (see _build)
