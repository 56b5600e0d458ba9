"""专项整治: the progress of each item of a campaign, from what is linked to it.  Pure; the rule, the
reports and `export` read it from here.

An item's progress is that of what it links, as of the date: its findings (completed = 整改完成 or 已销号),
its measures (done, dropped ones left out) and its risks (in stage C or A).  It is done when everything
linked is; overdue when a linked finding or measure is; empty when it links nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from pdca.domain.closed_loop import State, stage_as_of
from pdca.model.entities import COMPLETED, Campaign, CampaignItem
from pdca.model.register import Register

#: an item's progress, in the order a report lists the words
PROGRESS = ("empty", "overdue", "in_progress", "done")


@dataclass(frozen=True)
class ItemProgress:
    campaign: Campaign
    item: CampaignItem
    risks: int
    risks_checked: int  # in stage C (检查) or A (处置) on the date
    measures: int  # linked and not dropped
    measures_done: int
    findings: int  # linked and found by the date
    findings_completed: int
    overdue: int  # linked findings and measures overdue on the date

    @property
    def empty(self) -> bool:
        return not (self.item.risks or self.item.findings or self.item.measures)

    @property
    def progress(self) -> str:
        """empty | overdue | in_progress | done."""
        if self.empty:
            return "empty"
        if self.overdue:
            return "overdue"
        complete = (self.risks_checked == self.risks and self.measures_done == self.measures
                    and self.findings_completed == self.findings)
        return "done" if complete else "in_progress"


def progress(register: Register, state: State) -> list[ItemProgress]:
    """Every item of every campaign, in pdca.yaml order.  Links to ids the register does not have count
    for nothing (unknown-reference reports them)."""
    config = register.config
    assert config is not None
    index = register.index
    out = []
    for campaign in config.campaigns:
        for item in campaign.items:
            stages = [stage_as_of(index.risks[r], state.as_of) for r in dict.fromkeys(item.risks) if r in index.risks]
            stages = [s for s in stages if s is not None]  # identified by the date and not retired
            measures = [state.measure(index.measures[m][1]) for m in dict.fromkeys(item.measures)
                        if m in index.measures]
            measures = [m for m in measures if m.status != "dropped"]
            findings = [state.finding(index.findings[f][1]) for f in dict.fromkeys(item.findings)
                        if f in index.findings]
            findings = [f for f in findings if f.status is not None]
            out.append(ItemProgress(
                campaign, item, len(stages), sum(1 for s in stages if s in ("C", "A")),
                len(measures), sum(1 for m in measures if m.status == "done"),
                len(findings), sum(1 for f in findings if f.status in COMPLETED),
                sum(1 for m in measures if m.overdue) + sum(1 for f in findings if f.overdue),
            ))
    return out
