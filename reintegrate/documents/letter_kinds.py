"""The kinds of letter and the supports a letter can ask for, by name.

Apart from `letters` so that the command line can list them (in its help and to check
`letter KIND`) without loading the letters' statements and templates.
"""

import json

from reintegrate.resources import data_file

LETTER_KINDS: dict[str, str] = {
    "notify_unable_to_attend": "Tell the school attending is not possible at the moment",
    "request_meeting": "Ask for a team meeting",
    "request_evaluation": "Ask for an evaluation",
    "request_supports": "Ask for temporary supports",
    "ask_homebound_hybrid": "Ask about home or hybrid teaching",
    "follow_up": "Follow up on a request with no answer",
    "plan_not_working": "Ask to review the plan",
}

# The temporary supports a family can tick, in the words the letter uses.
SUPPORTS: dict[str, str] = {
    "shortened_day": "a shortened school day for now",
    "flexible_arrival": "flexible arrival times, with no pressure about arriving late",
    "safe_space": "a safe, quiet space to go to, with an adult {child} trusts",
    "reduced_workload": "a reduced workload while attendance is rebuilt",
    "transport": "a different transport arrangement",
}


def table_supports(side: str) -> list[str]:
    """The supports of data/why/supports.json on one side ("school" or "home"), once
    each, in the table's order: read without the models, for the command line's help."""
    document = json.loads(data_file("why", "supports.json").read_text(encoding="utf-8"))
    rows = [row for key, value in document.items() if key != "about" and isinstance(value, list) for row in value]
    return list(dict.fromkeys(row["support"] for row in rows if (row.get("side") == "home") == (side == "home")))
