"""Authorisation matrix rows. Accreditation (issue 18): the programme, a review, an assessor's ratings, moving a
review on and the panel's decision. Own = Willow Ward's review (Ben on its team); other = Marsh District Nursing's
(Amara on its team), so the participant reaches the other side's review and rating page and not the own side's."""

from tests.authorisation.expect import Row, row

ROWS = {
    "accreditation:mine": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "accreditation:programme": Row(
        get=row(302, 404, 200, 200, 200, 200, 404, 200),
    ),
    "accreditation:review": Row(
        get=row(302, 404, 200, 200, 200, 200, 404, 200),
        get_other=row(302, 200, 404, 404, 200, 200, 404, 200),
    ),
    "accreditation:rate": Row(
        get=row(302, 404, 404, 404, 404, 404, 404, 404),
        get_other=row(302, 200, 404, 404, 404, 404, 404, 404),
        post=row(302, 404, 404, 404, 404, 404, 404, 404),
        post_other=row(302, 200, 404, 404, 404, 404, 404, 404),
    ),
    "accreditation:self_review": Row(
        get=row(302, 404, 200, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 200, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "accreditation:team": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "accreditation:new": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
    ),
    "accreditation:agree": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "accreditation:advance": Row(
        get=row(302, 404, 404, 405, 405, 404, 404, 405),
        get_other=row(302, 404, 404, 405, 405, 404, 404, 405),
        post=row(302, 404, 404, 302, 302, 404, 404, 302),
        post_other=row(302, 404, 404, 404, 302, 404, 404, 302),
    ),
    "accreditation:decide": Row(
        get=row(302, 404, 404, 405, 405, 404, 404, 405),
        get_other=row(302, 404, 404, 405, 405, 404, 404, 405),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    # Later steps (issue 18, ADR 25): leads and administrators record them; the report is for whoever sees the review.
    "accreditation:report_agreed": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "accreditation:su_panel": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "accreditation:action": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "accreditation:action_project": Row(
        get=row(302, 404, 404, 405, 405, 404, 404, 405),
        get_other=row(302, 404, 404, 405, 405, 404, 404, 405),
        post=row(302, 404, 404, 302, 302, 404, 404, 302),
        post_other=row(302, 404, 404, 404, 302, 404, 404, 302),
    ),
    "accreditation:appeal": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "accreditation:appeal_hear": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "accreditation:report_pdf": Row(
        get=row(302, 404, 200, 200, 200, 200, 404, 200),
        get_other=row(302, 200, 404, 404, 200, 200, 404, 200),
    ),
    "accreditation:unit_public": Row(
        get=row(200, 200, 200, 200, 200, 200, 200, 200),
        get_other=row(200, 200, 200, 200, 200, 200, 200, 200),
        public="issue 18 item 6: a unit's award, date and expiry, open to anyone (never ratings or assessors)",
    ),
    "accreditation:rules": Row(
        get=row(302, 404, 404, 404, 404, 404, 404, 200),
    ),
    "accreditation:rule": Row(
        get=row(302, 404, 404, 404, 404, 404, 404, 200),
        post=row(302, 404, 404, 404, 404, 404, 404, 200),
        trust_wide=True,
    ),
    # Standards (issue 18 item 1, ADR 35): trust-wide. Everyone who sees the programme reads them; leads (a scoped
    # lead too) and administrators draft. The matrix's edition is a draft copied from the published one; starting
    # another while it is drafted is refused with a message (302), and an empty form is shown again with errors.
    "accreditation:standards": Row(
        get=row(302, 404, 200, 200, 200, 200, 404, 200),
    ),
    "accreditation:edition_new": Row(
        get=row(302, 404, 404, 405, 405, 404, 404, 405),
        post=row(302, 404, 404, 302, 302, 404, 404, 302),
        trust_wide=True,
    ),
    "accreditation:edition": Row(
        get=row(302, 404, 200, 200, 200, 200, 404, 200),
        trust_wide=True,
    ),
    "accreditation:edition_changes": Row(
        get=row(302, 404, 200, 200, 200, 200, 404, 200),
        trust_wide=True,
    ),
    "accreditation:theme_new": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "accreditation:theme": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "accreditation:standard_new": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "accreditation:standard": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "accreditation:standard_remove": Row(
        get=row(302, 404, 404, 405, 405, 404, 404, 405),
        post=row(302, 404, 404, 302, 302, 404, 404, 302),
        trust_wide=True,
    ),
    "accreditation:edition_review": Row(
        get=row(302, 404, 404, 405, 405, 404, 404, 405),
        post=row(302, 404, 404, 302, 302, 404, 404, 302),
        trust_wide=True,
    ),
    "accreditation:edition_publish": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
}
