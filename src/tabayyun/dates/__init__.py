"""Date knowledge: calendar conversion, date expressions, their resolution and the date of a fact."""
