"""Authorisation matrix rows. QI projects.

Staff-side roles read every project of their trust; a participant only those whose team they are on. Changing a
project is for its team, its coach and sponsor, QI advisors and administrators (issue 12, item 4): the rows say
so, and the cells that the code does not answer that way yet are pending (QI_SCOPE, a strict xfail).
"""

from tests.authorisation.expect import Pending, Row, row

_QI_SCOPE_REASON = (
    "issue 12 item 4: only the project team, its coach and sponsor, QI advisors and administrators change a "
    "project (fixed by the QI-scope change)"
)
# Not on the team: the lead for the directorate and the trust-wide lead (own project); and also the member of
# staff of another ward (the other project, whose team she is not on).
_NOT_ON_THE_TEAM = (
    ("own", "scoped_lead"),
    ("own", "lead"),
    ("other", "staff"),
    ("other", "scoped_lead"),
    ("other", "lead"),
)
QI_SCOPE = Pending(
    _QI_SCOPE_REASON, frozenset((method, side, role) for method in ("get", "post") for side, role in _NOT_ON_THE_TEAM)
)
QI_SCOPE_BY_POST = Pending(_QI_SCOPE_REASON, frozenset(("post", side, role) for side, role in _NOT_ON_THE_TEAM))

ROWS = {
    "improvement:add": Row(
        get=row(302, 403, 200, 200, 200, 200, 403, 200),
        post=row(302, 403, 200, 200, 200, 200, 403, 200),
    ),
    "improvement:annotation_add": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:annotation_delete": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 302, 302, 404, 404, 302, 404, 302),
        post_other=row(302, 404, 404, 404, 404, 302, 404, 302),
        pending=QI_SCOPE_BY_POST,
    ),
    "improvement:consultation_add": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:detail": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
        get_other=row(302, 404, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:diagram": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
        get_other=row(302, 404, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:edit": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:involvement": Row(
        get=row(302, 403, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:measure": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
        get_other=row(302, 404, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:measure_add": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:measure_csv": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
        get_other=row(302, 404, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:measure_edit": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:measure_png": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
        get_other=row(302, 404, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:measure_svg": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
        get_other=row(302, 404, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:mine": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:node_add": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:node_add_under": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:node_delete": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:node_move": Row(
        get=row(302, 404, 405, 405, 405, 405, 404, 405),
        get_other=row(302, 404, 405, 405, 405, 405, 404, 405),
        post=row(302, 404, 302, 404, 404, 302, 404, 302),
        post_other=row(302, 404, 404, 404, 404, 302, 404, 302),
        pending=QI_SCOPE_BY_POST,
    ),
    "improvement:node_rename": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:pdsa_add": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:pdsa_edit": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:point_add": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:point_delete": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 302, 302, 404, 404, 302, 404, 302),
        post_other=row(302, 404, 404, 404, 404, 302, 404, 302),
        pending=QI_SCOPE,
    ),
    "improvement:point_edit": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:points_import": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:portfolio": Row(
        get=row(302, 403, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:recalculation_add": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:recalculation_delete": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 302, 302, 404, 404, 302, 404, 302),
        post_other=row(302, 404, 404, 404, 404, 302, 404, 302),
        pending=QI_SCOPE_BY_POST,
    ),
    "improvement:suggestion_decline": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 302, 302, 404, 404, 302, 404, 302),
        post_other=row(302, 404, 404, 404, 404, 302, 404, 302),
        pending=QI_SCOPE_BY_POST,
    ),
    "improvement:stage": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:summaries": Row(
        get=row(302, 403, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:team_add": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:team_leave": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        pending=QI_SCOPE,
    ),
    "improvement:unit_summary": Row(
        get=row(302, 403, 200, 200, 200, 200, 200, 200),
        get_other=row(302, 403, 200, 200, 200, 200, 200, 200),
    ),
}
