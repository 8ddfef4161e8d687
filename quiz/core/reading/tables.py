"""The reading rules' data: reporting verbs, titles, idioms and the phrases that attribute nothing.

Every is plain data so a rule can be added without touching the engine; ``RULES_VERSION`` in
the package goes up with any change here, so stored readings are recomputed.
The reporting verbs follow the lists of journalism style guides and quote-extraction research
(the Gender Gap Tracker's verb list among them); each is given once, its forms are made below.
"""

import re

# Base forms of verbs that report what someone says, writes, thinks or finds.
REPORTING_VERBS = """
 accuse acknowledge add  admit advise affirm agree allege announce answer apologise apologize
argue ask assert assure attest aver boast  caution  cite claim comment complain concede
conclude confess confide confirm contend contest  criticise criticize declare decry demand deny
describe  disclose dispute doubt emphasise emphasize estimate explain expect forecast
grumble guarantee hint highlight imply indicate inform insist instruct joke lament maintain
mention note notify  observe opine outline plead pledge  posit  predict proclaim promise
propose protest  quip  reaffirm  reassure rebut recall recommend recount
reiterate reject rejoin remark remind repeat reply report  respond retort reveal say scoff shout
 speculate  stress suggest swear tell testify theorise theorize think threaten tweet underline
underscore urge vow warn whisper wonder write yell believe fear reckon disagree credit express concur blame
""".split()

# Verbs that report only with a clause after them: "a study found that", not "police found a car".
EXTRA_FORMS = {
    "called": "call",
    "stated": "state",
    "answered": "answer",
    "questioned": "question",
    "countered": "counter",
}
NEEDS_THAT = {"find", "show", "learn", "conclude", "feel", "know"}
REPORTING_VERBS += sorted(NEEDS_THAT - set(REPORTING_VERBS))

# Nouns for records that speak for their makers: "the figures show", "a survey found".
DATA_NOUNS = {
    "figures",
    "data",
    "records",
    "statistics",
    "results",
    "survey",
    "surveys",
    "study",
    "studies",
    "report",
    "reports",
    "analysis",
    "research",
    "documents",
    "poll",
    "polls",
    "census",
    "review",
    "audit",
    "tests",
    "numbers",
    "estimates",
    "evidence",
    "filings",
    "papers",
    "minutes",
}
# "Asked whether...", "asked about...": a question put, not a claim made.
QUESTION_WORDS = {"whether", "if", "about", "what", "how", "why", "when", "where", "who", "to", "for"}

IRREGULAR = {
    "say": ["said"],
    "tell": ["told"],
    "write": ["wrote", "written"],
    "think": ["thought"],
    "swear": ["swore", "sworn"],
    "find": ["found"],
    "show": ["shown"],
    "know": ["knew", "known"],
    "feel": ["felt"],
    "forecast": ["forecast"],
    "learn": ["learnt"],
    "speak": ["spoke", "spoken"],
}
DOUBLE_FINAL = {"admit", "commit", "quip", "rebut", "regret", "refer", "concur", "prefer", "submit", "signal"}

# Several-word cues; the engine matches the longest first.
PHRASES = [
    "according to",
    "point out",
    "points out",
    "pointed out",
    "pointing out",
    "raised the alarm",
    "raise the alarm",
    "called for",
    "calls for",
    "call for",
    "calling for",
    "went on to say",
    "in a statement",
    "in a letter",
    "in an interview",
    "in an email",
    "in a post",
    "in a report",
    "in a ruling",
    "in a filing",
    "in a briefing",
    "in a press release",
    "in his view",
    "in her view",
    "in their view",
    "is quoted as saying",
    "was quoted as saying",
    "took the view",
    "made clear",
    "raised concerns",
    "raised concern",
    "raise concerns",
    "expressed concern",
    "expressed concerns",
    "voiced concern",
    "voiced concerns",
    "made it clear",
]

# Phrases that look like cues and attribute nothing: the sentence stays the writer's own.
IDIOMS = [
    "truth be told",
    "needless to say",
    "suffice it to say",
    "suffice to say",
    "that is to say",
    "so to speak",
    "to say the least",
    "to say nothing of",
    "it goes without saying",
    "goes without saying",
    "have to say",
    "strange to say",
    "sad to say",
    "you could say",
    "one could say",
    "it is fair to say",
    "it's fair to say",
    "it is safe to say",
    "it's safe to say",
    "so-called",
    "called off",
    "called in",
    "called up",
    "called out",
    "called at",
    "as expected",
    "than expected",
    "was expected",
    "were expected",
    "is expected",
    "are expected",
    "be expected",
    "expected to",
    "as promised",
    "as advertised",
    "the report card",
    "tell-tale",
    "telltale",
    "all told",
    "time will tell",
    "hard to tell",
    "no telling",
    "i think",
]

# "According to" followed by one of these names a plan or a rule, not a source.
NOT_SOURCES_AFTER_ACCORDING_TO = {
    "plan",
    "plans",
    "schedule",
    "timetable",
    "the timetable",
    "the schedule",
    "the plan",
    "the rules",
    "rules",
    "tradition",
    "custom",
    "the book",
    "script",
    "the script",
    "form",
    "expectations",
    "the law",
    "law",
    "the recipe",
    "recipe",
    "the map",
    "size",
    "age",
    "height",
    "weight",
    "need",
    "the weather",
    "the season",
    "the calendar",
    "the programme",
    "the program",
    "taste",
}

# A cue after one of these reports something nobody said: "did not say", "declined to comment".
NEGATIONS = re.compile(
    r"\b(?:not|n't|never|no longer|declined to|refused to|failed to|without|unable to|did not|would not|"
    r"could not|cannot|can't|won't|wouldn't|didn't|couldn't|hasn't|haven't|hadn't)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# A named person or body not making a claim: these phrases attribute nothing to them.
NON_CLAIMS = re.compile(
    r"\b(?:did not|didn't|has not|hasn't|have not|haven't|had not|could not|couldn't|would not|wouldn't|"
    r"declined to|refused to|failed to)\s+(?:immediately\s+)?(?:respond|reply|return|comment|answer|"
    r"be reached|say|confirm|elaborate|give|provide|speak)|"
    r"\b(?:could not be reached|was not available|were not available|not available for comment|"
    r"no comment|request for comment|requests for comment|for comment)\b",
    re.IGNORECASE,
)

# Titles that come before a name and may end in a full stop that ends no sentence.
TITLES = """
Dr Mr Mrs Ms Mx Prof Gov Sen Rep Sgt Lt Col Gen Capt Cmdr Det Insp Supt Cllr Rev Fr St Hon Maj Cpl Pte Adm
Atty Pres Supt Const Judge Justice Mayor Councillor Chief Inspector Detective Sergeant Officer Professor
Doctor President Governor Senator Minister Secretary Director Chancellor Superintendent Commissioner Coach
Principal Headteacher Captain Dame Sir Lord Lady
""".split()
ABBREVIATED_TITLES = {
    t for t in TITLES if len(t) <= 5 and t not in {"Judge", "Mayor", "Chief", "Coach", "Dame", "Sir", "Lord", "Lady"}
}

# Times: a full stop after one ends the sentence unless a word of TIME_FOLLOWERS (or a small letter) comes next.
TIME_ABBREVIATIONS = {"a.m.", "p.m.", "a.m", "p.m", "A.M.", "P.M."}
# Words that follow a time inside a sentence: "at 9 a.m. Monday", "8 a.m. GMT".
TIME_FOLLOWERS = set(
    """
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun January February March
April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov
Dec GMT BST UTC EST EDT CST CDT PST PDT CET CEST IST Eastern Pacific Central Mountain Local
""".split()
)

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their"}
# Words that can start a noun phrase of a vague but real source: "critics say", "officials warned".
SUBJECT_STOP = {
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "and",
    "but",
    "or",
    "as",
    "while",
    "since",
    "after",
    "before",
    "when",
    "because",
    "although",
    "though",
    "if",
    "so",
    "than",
    "then",
    "where",
    "what",
    "how",
    "why",
}
AUXILIARIES = {
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "also",
    "then",
    "later",
    "again",
    "did",
    "does",
    "do",
    "been",
    "be",
    "being",
    "can",
    "could",
    "may",
    "might",
    "must",
    "should",
    "shall",
    "once",
    "repeatedly",
    "publicly",
    "privately",
    "recently",
    "previously",
    "earlier",
    "today",
    "yesterday",
    "now",
    "still",
    "often",
    "already",
    "first",
    "last",
    "further",
    "even",
    "just",
}
DETERMINERS = {
    "the",
    "a",
    "an",
    "no",
    "any",
    "every",
    "each",
    "some",
    "this",
    "that",
    "these",
    "those",
    "its",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
}
# Clause words after which a reported account goes on: "she said the plan would..." carries into the next.
CARRY_MARKERS = re.compile(
    r"^(?:(?:it|he|she|they|the \w+(?: \w+)?) (?:also|further|additionally)\b|also\b|in addition\b|"
    r"under the (?:plan|proposal|rules|scheme|deal|agreement)\b|according to the same\b)",
    re.IGNORECASE,
)
REPORTED_MODALS = re.compile(r"\b(?:would|could|might|had been|were to|was to)\b", re.IGNORECASE)


def verb_forms(base: str) -> set[str]:
    """Every tense and person of a reporting verb: ``warn`` → warn, warns, warned, warning."""
    forms = {base, *IRREGULAR.get(base, [])}
    if base.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(base + "es")
    elif base.endswith("y") and base[-2] not in "aeiou":
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    if base in DOUBLE_FINAL:
        stem = base + base[-1]
        forms |= {stem + "ed", stem + "ing"}
    elif base.endswith("e"):
        forms |= {base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ied", base + "ing"}
    else:
        forms |= {base + "ed", base + "ing"}
    if base in IRREGULAR:
        forms.discard(base + "ed")
        forms.discard(base + "d")
    return forms


VERB_BASE: dict[str, str] = {form: base for base in REPORTING_VERBS for form in verb_forms(base)} | EXTRA_FORMS
