"""Authorisation matrix rows. Payments: claims, finance batches, the rate card and my payments."""

from tests.authorisation.expect import Row, row

ROWS = {
    "payments:batch": Row(
        get=row(302, 404, 404, 404, 404, 404, 200, 200),
        trust_wide=True,
    ),
    "payments:batch_csv": Row(
        get=row(302, 404, 404, 404, 404, 404, 200, 200),
        trust_wide=True,
    ),
    "payments:batch_paid": Row(
        get=row(302, 404, 404, 404, 404, 404, 405, 405),
        post=row(302, 404, 404, 404, 404, 404, 200, 200),
        trust_wide=True,
    ),
    "payments:batch_remittance": Row(
        get=row(302, 404, 404, 404, 404, 404, 405, 405),
        post=row(302, 404, 404, 404, 404, 404, 200, 200),
        trust_wide=True,
    ),
    "payments:batch_xlsx": Row(
        get=row(302, 404, 404, 404, 404, 404, 200, 200),
        trust_wide=True,
    ),
    "payments:batches": Row(
        get=row(302, 404, 404, 404, 404, 404, 200, 200),
        post=row(302, 404, 404, 404, 404, 404, 200, 404),
    ),
    "payments:benefit_add": Row(
        get=row(302, 404, 404, 404, 404, 404, 200, 200),
        post=row(302, 404, 404, 404, 404, 404, 200, 200),
    ),
    "payments:claim": Row(
        get=row(302, 200, 404, 200, 200, 404, 200, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 200, 200),
    ),
    "payments:claim_approve": Row(
        get=row(302, 404, 404, 404, 404, 404, 405, 404),
        get_other=row(302, 404, 404, 404, 404, 404, 405, 404),
        post=row(302, 404, 404, 404, 404, 404, 302, 404),
        post_other=row(302, 404, 404, 404, 404, 404, 302, 404),
    ),
    "payments:claim_expense_add": Row(
        get=row(302, 200, 404, 200, 200, 404, 200, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 200, 200),
        post=row(302, 200, 404, 200, 200, 404, 200, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 200, 200),
    ),
    "payments:claim_line_lower": Row(
        get=row(302, 200, 404, 200, 200, 404, 200, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 200, 200),
        post=row(302, 200, 404, 200, 200, 404, 200, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 200, 200),
    ),
    "payments:claim_line_remove": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 302, 404, 302, 302, 404, 302, 302),
        post_other=row(302, 404, 404, 404, 302, 404, 302, 302),
    ),
    "payments:claim_new": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        post=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "payments:claim_reject": Row(
        get=row(302, 404, 404, 404, 404, 404, 200, 404),
        get_other=row(302, 404, 404, 404, 404, 404, 200, 404),
        post=row(302, 404, 404, 404, 404, 404, 200, 404),
        post_other=row(302, 404, 404, 404, 404, 404, 200, 404),
    ),
    "payments:claim_submit": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 302, 404, 302, 302, 404, 302, 302),
        post_other=row(302, 404, 404, 404, 302, 404, 302, 302),
    ),
    # Returning a sent claim to change it: finance approvers, and leads for the people they support.
    "payments:claim_return": Row(
        get=row(302, 404, 404, 200, 200, 404, 200, 404),
        get_other=row(302, 404, 404, 404, 200, 404, 200, 404),
        post=row(302, 404, 404, 200, 200, 404, 200, 404),
        post_other=row(302, 404, 404, 404, 200, 404, 200, 404),
    ),
    "payments:claim_void": Row(
        get=row(302, 200, 404, 200, 200, 404, 200, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 200, 200),
        post=row(302, 200, 404, 200, 200, 404, 200, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 200, 200),
    ),
    "payments:claims": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "payments:lateness": Row(
        get=row(302, 404, 404, 200, 200, 404, 200, 200),
        post=row(302, 404, 404, 404, 404, 404, 200, 200),
    ),
    "payments:my_limit_add": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        post=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "payments:my_limit_remove": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 302, 404, 404, 404, 404, 404, 404),
        post_other=row(302, 404, 404, 404, 404, 404, 404, 404),
    ),
    "payments:my_payments": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    # Only ever the signed-in person's own summary: the URL names a tax year, never a person.
    "payments:my_tax_year_summary": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "payments:my_preference": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        post=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "payments:person_preference": Row(
        get=row(302, 404, 404, 200, 200, 404, 200, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 200, 200),
        post=row(302, 404, 404, 200, 200, 404, 200, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 200, 200),
    ),
    # Recorded by those who set how a person is paid: their leads, finance and administrators.
    "payments:advance_add": Row(
        get=row(302, 404, 404, 200, 200, 404, 200, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 200, 200),
        post=row(302, 404, 404, 200, 200, 404, 200, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 200, 200),
    ),
    "payments:rate_add": Row(
        get=row(302, 404, 404, 404, 404, 404, 200, 200),
        post=row(302, 404, 404, 404, 404, 404, 200, 200),
    ),
    "payments:rates": Row(
        get=row(302, 404, 404, 200, 200, 404, 200, 200),
    ),
    "payments:receipt": Row(
        get=row(302, 200, 404, 200, 200, 404, 200, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 200, 200),
    ),
}
