"""Why school is hard: the check-in, its profile, signals from the records and the
supports matched to each purpose. Pure functions; the shipped tables are read from
data/why/ on first use.

- statements: the check-in's statements, for a parent and for the child
- profile: scoring, the leading purpose(s), a purpose set by hand, when to check in again
- signals: record entries that point to a purpose (data/why/signals.json)
- supports: supports matched to a purpose (data/why/supports.json)
"""

NOT_A_DIAGNOSIS = (
    "This is not a diagnosis. It is a way to think together about what staying home "
    "does for your child right now, so that the help offered fits."
)
