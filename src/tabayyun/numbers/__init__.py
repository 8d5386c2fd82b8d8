"""Number reading for the quantities stage: tokens of the normalised view, number words, kinds."""
