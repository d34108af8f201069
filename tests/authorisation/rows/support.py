"""Authorisation matrix rows. Support (issue 21): a person's own agreement, support plan, debriefs, pause and
monthly survey (/me/...), and the participation team's pages. Own = Amara's (Willow Ward), other = Ben's (Marsh
District Nursing). Support plans and debriefs are for the person and the People Participation leads for their units
only: staff, improvement advisors, finance and administrators get 404. The staff member (Ellen) is in the register,
so her own /me/ pages answer her."""

from tests.authorisation.expect import Row, row

NOBODY = row(302, 404, 404, 404, 404, 404, 404, 404)
LEADS = row(302, 404, 404, 200, 200, 404, 404, 404)
TRUST_LEAD = row(302, 404, 404, 404, 200, 404, 404, 404)

ROWS = {
    "support:my_agreement": Row(get=row(302, 200, 200, 404, 404, 404, 404, 404)),
    "support:my_agreement_agree": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 200, 404, 404, 404, 404, 404, 404),
        post_other=NOBODY,
    ),
    "support:my_support": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        post=row(302, 302, 302, 404, 404, 404, 404, 404),
    ),
    "support:my_debrief": Row(
        get=row(302, 200, 404, 404, 404, 404, 404, 404),
        get_other=NOBODY,
        post=row(302, 200, 404, 404, 404, 404, 404, 404),
        post_other=NOBODY,
    ),
    "support:my_pause": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        post=row(302, 302, 302, 404, 404, 404, 404, 404),
    ),
    "support:my_profile": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        post=row(302, 302, 302, 404, 404, 404, 404, 404),
    ),
    "support:my_survey": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        post=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "support:person": Row(get=LEADS, get_other=TRUST_LEAD),
    "support:agreement_new": Row(get=LEADS, get_other=TRUST_LEAD, post=LEADS, post_other=TRUST_LEAD),
    "support:person_profile": Row(
        get=LEADS,
        get_other=TRUST_LEAD,
        post=row(302, 404, 404, 302, 302, 404, 404, 404),
        post_other=row(302, 404, 404, 404, 302, 404, 404, 404),
    ),
    "support:paper_survey": Row(get=LEADS, get_other=TRUST_LEAD, post=LEADS, post_other=TRUST_LEAD),
    # Answering this month's survey for someone (issue 26 item 5): the leads who support them; an empty form is
    # refused with errors (200).
    "support:survey_for": Row(get=LEADS, get_other=TRUST_LEAD, post=LEADS, post_other=TRUST_LEAD),
    "support:debriefs": Row(get=LEADS),
    "support:debrief_held": Row(get=LEADS, get_other=TRUST_LEAD, post=LEADS, post_other=TRUST_LEAD),
    "support:buddies": Row(get=LEADS, post=LEADS),
    "support:buddy_check_ins": Row(get=LEADS, get_other=TRUST_LEAD, post=LEADS, post_other=TRUST_LEAD),
    "support:experience": Row(get=row(302, 404, 404, 200, 200, 200, 404, 200)),
    "support:check_ins": Row(get=LEADS),
}
