"""Date knowledge for the times stage: calendar conversion and date expressions."""
