"""The web: one blueprint per area (taking, teacher, classes, summaries, auth) and what pages share."""
