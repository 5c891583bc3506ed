"""The family's records, as pydantic models.

Every boundary (forms, the data file, imports) validates through these models, so a
record that exists at all is a valid one. Field titles are the words a parent would
use; `plain_errors` turns a ValidationError into sentences built from them.

- base: the shared base model, ids, text and tag types
- kinds: outcomes, kinds of day, the suggestions forms offer
- student: the student, their ladder, calendar, plan and planner settings
- records: attempts, days, decisions, barriers, contacts, the household
- checkins: the four purposes and the 'why is school hard?' check-in
- errors: plain_errors
"""

from reintegrate.models.base import (  # noqa: F401
    ChangedAt,
    Distress,
    LongText,
    Minutes,
    Model,
    ShortText,
    Tag,
    Tags,
    clean_tags,
    has_tag,
    new_id,
    tag_key,
    tag_keys,
)
from reintegrate.models.checkins import (  # noqa: F401
    PURPOSE_LABELS,
    PURPOSE_SHORT,
    CheckIn,
    Purpose,
)
from reintegrate.models.errors import (  # noqa: F401
    plain_errors,
)
from reintegrate.models.kinds import (  # noqa: F401
    CAME_TRUE_LABELS,
    COMMON_MORNING,
    COMMON_SUPPORTS,
    COMMON_SYMPTOMS,
    COMMON_TRIGGERS,
    DAY_LABELS,
    OUTCOME_LABELS,
    CameTrue,
    DayKind,
    Outcome,
)
from reintegrate.models.records import (  # noqa: F401
    Attempt,
    Barrier,
    BarrierStatus,
    Channel,
    Contact,
    DayStatus,
    Decision,
    Direction,
    Household,
    Morning,
    ProposalKind,
    Tombstone,
)
from reintegrate.models.student import (  # noqa: F401
    Closure,
    HomeSupport,
    Ladder,
    Plan,
    PlannerSettings,
    SchoolCalendar,
    SchoolInfo,
    StaffMember,
    Step,
    Student,
    home_supports_on,
    name_in_use,
)
