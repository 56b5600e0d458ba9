"""落实情况: whether the method was carried out, as of the site's day: 两个责任, 每月一课 and 廉洁谈话,
the activities of the cycle, meeting decisions followed up (the closed loop findings have), 考核单 and
专项整治 progress.  The rows are the reports' (pdca.engine.report_data.records), computed once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pdca.domain.periods import Period
from pdca.engine.report_data.records import campaign_progress, duties_done, education, follow_up

if TYPE_CHECKING:
    from pdca.site.register_site import RegisterSite


def page(site: RegisterSite) -> dict[str, Any]:
    """The cycle up to the site's day."""
    ctx = site.ctx
    so_far = Period("cycle", ctx.cycle.start, max(ctx.cycle.start, site.day), ctx.cycle.id)
    followed = follow_up(ctx, so_far)
    decisions = [{**row, "href": None} for row in followed["new"]]  # taken in the cycle, by meeting date
    return {
        "duties": duties_done(ctx),
        "activities": education(ctx, so_far)["activities"],
        "follow_up": {**followed, "decisions": decisions},
        "campaigns": campaign_progress(ctx),
    }
