"""tabayyun (تبيّن): verify before you believe — sourced, offset-exact analysis of Arabic crisis news."""

__version__ = "0.1.0"
