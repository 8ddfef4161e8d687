"""The words the quiz teaches with: the kinds of statement and the reading skills.

Labels are shown to students and teachers; keys are what question files and the database store.
"""

CATEGORIES: dict[str, str] = {
    "sourced": "Sourced factual claim",
    "opinion": "Opinion or value judgement",
    "unsourced": "The writer’s own unsourced assertion",
    "prediction": "Prediction or warning",
}

CATEGORY_HINTS: dict[str, str] = {
    "sourced": "a statement that can be checked, and the text says who makes it",
    "opinion": "beliefs or values, even when a named official says them",
    "unsourced": "stated in the writer’s own voice with no source given",
    "prediction": "about what will or could happen",
}

SKILLS: dict[str, str] = {
    "classify": "Classifying statements",
    "source": "Naming the source",
    "cue": "Attribution cues",
    "loaded": "Loaded wording",
    "numbers": "Reading the numbers",
    "reasoning": "Reasoning from evidence",
    "missing": "What is missing and how to check",
    "lateral": "Checking beyond the article",
}

DIFFICULTIES = ("easy", "medium", "hard")
