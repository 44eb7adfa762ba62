"""The words of a judgement: statuses, RAG ratings, directions of travel, confidence."""

from __future__ import annotations

import enum
from typing import TypeAlias

__all__ = [
    "RAG",
    "RAG_OF_STATUS",
    "ActionStatus",
    "Confidence",
    "DirectionOfTravel",
    "Status",
    "Travel",
]

_SYMBOLS = {
    "green": "\N{HEAVY CHECK MARK}",
    "amber": "!",
    "red": "\N{HEAVY MULTIPLICATION X}",
    "grey": "\N{EN DASH}",
}
_SEVERITY = {"grey": 0, "green": 1, "amber": 2, "red": 3}


class RAG(enum.Enum):
    """The :term:`RAG` rating: red, amber, green, or grey when nothing could be judged.

    Each has a :attr:`symbol` that does not rely on colour (a check mark, ``!``, a cross,
    an en dash) and a :attr:`label`.

    Example:
        >>> RAG.AMBER.symbol, RAG.AMBER.label
        ('!', 'Amber')
    """

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"

    @property
    def symbol(self) -> str:
        """The colour-blind-safe mark (a check mark, ``!``, a cross or an en dash)."""
        return _SYMBOLS[self.value]

    @property
    def label(self) -> str:
        """``"Green"``, ``"Amber"``, ``"Red"`` or ``"Grey"``."""
        return self.value.capitalize()

    @property
    def severity(self) -> int:
        """How bad it is, for ordering (grey 0, green 1, amber 2, red 3)."""
        return _SEVERITY[self.value]


class Status(enum.Enum):
    """The judgement of a target (or of a qualitative outcome).

    MET and NOT_MET once the target's period has ended; ON_TRACK, AT_RISK and OFF_TRACK
    before; NO_DATA, NO_BASELINE and SUPPRESSED when it cannot be judged.

    Example:
        >>> Status.NOT_MET.label, Status.NOT_MET.judged
        ('not met', True)
    """

    MET = "met"
    NOT_MET = "not_met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NO_BASELINE = "no_baseline"
    SUPPRESSED = "suppressed"

    @property
    def label(self) -> str:
        """In plain words, such as ``"on track"`` or ``"no baseline"``."""
        return self.value.replace("_", " ")

    @property
    def judged(self) -> bool:
        """Whether a judgement was made (not NO_DATA, NO_BASELINE or SUPPRESSED)."""
        return self not in (Status.NO_DATA, Status.NO_BASELINE, Status.SUPPRESSED)


RAG_OF_STATUS = {
    Status.MET: RAG.GREEN,
    Status.ON_TRACK: RAG.GREEN,
    Status.AT_RISK: RAG.AMBER,
    Status.OFF_TRACK: RAG.RED,
    Status.NO_DATA: RAG.GREY,
    Status.NO_BASELINE: RAG.GREY,
    Status.SUPPRESSED: RAG.GREY,
}
"""The RAG of each status whose RAG does not depend on a tolerance (not NOT_MET)."""


class ActionStatus(enum.Enum):
    """The state of an action as at a date.

    Example:
        >>> ActionStatus.NOT_STARTED.label
        'not started'
    """

    COMPLETE = "complete"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    OVERDUE = "overdue"
    NO_UPDATE = "no_update"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        """In plain words, such as ``"in progress"``."""
        return self.value.replace("_", " ")


class Travel(enum.Enum):
    """Direction of travel against the previous value of the same granularity.

    Example:
        >>> Travel.IMPROVING.label
        'improving'
    """

    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """In plain words, such as ``"no change"``."""
        return self.value.replace("_", " ")


DirectionOfTravel: TypeAlias = Travel
"""Another name for :class:`Travel`."""


class Confidence(enum.Enum):
    """Whether a small sample settles the judgement.

    CONCLUSIVE when the whole 95% :term:`Wilson score interval` lies on one side of the
    value compared with; INCONCLUSIVE otherwise.

    Example:
        An audit found 12 of 16 adults asked about their outcomes (75%, target at least
        80%); the interval is too wide to say the target was missed:

        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> audit = Observation(indicator="msp-asked", period="2023/24",
        ...                     numerator=12, denominator=16)
        >>> report = evaluate(stockport_2023_26(), [audit], as_of=date(2024, 6, 30))
        >>> result = report.target("msp-asked-2023-24")
        >>> result.actual, result.confidence.name, 80 in result.interval
        (75.0, 'INCONCLUSIVE', True)
    """

    CONCLUSIVE = "conclusive"
    INCONCLUSIVE = "inconclusive"
