"""Authorisation matrix rows. QI projects.

Staff-side roles read every project of their trust; a participant only those whose team they are on. Changing a
project is for its team, its coach and sponsor, QI advisors and administrators (issue 12, item 4; ADR 0016):
everyone else who reads the project gets 404 on its change pages. The lead for the directorate and the trust-wide
lead are not on the own project's team; the member of staff of another ward is not on the other project's team.
"""

from tests.authorisation.expect import Row, row

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
    ),
    "improvement:annotation_delete": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 302, 302, 404, 404, 302, 404, 302),
        post_other=row(302, 404, 404, 404, 404, 302, 404, 302),
    ),
    "improvement:consultation_add": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
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
    ),
    "improvement:node_add_under": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:node_delete": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:node_move": Row(
        get=row(302, 404, 405, 405, 405, 405, 404, 405),
        get_other=row(302, 404, 405, 405, 405, 405, 404, 405),
        post=row(302, 404, 302, 404, 404, 302, 404, 302),
        post_other=row(302, 404, 404, 404, 404, 302, 404, 302),
    ),
    "improvement:node_rename": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:pdsa_add": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:pdsa_edit": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:point_add": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:point_delete": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 302, 302, 404, 404, 302, 404, 302),
        post_other=row(302, 404, 404, 404, 404, 302, 404, 302),
    ),
    "improvement:point_edit": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:points_import": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:portfolio": Row(
        get=row(302, 403, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:recalculation_add": Row(
        get=row(302, 200, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 200, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:recalculation_delete": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 302, 302, 404, 404, 302, 404, 302),
        post_other=row(302, 404, 404, 404, 404, 302, 404, 302),
    ),
    "improvement:stage": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:summaries": Row(
        get=row(302, 403, 200, 200, 200, 200, 200, 200),
    ),
    "improvement:team_add": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:team_leave": Row(
        get=row(302, 404, 200, 404, 404, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 404, 200, 404, 200),
        post=row(302, 404, 200, 404, 404, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "improvement:unit_summary": Row(
        get=row(302, 403, 200, 200, 200, 200, 200, 200),
        get_other=row(302, 403, 200, 200, 200, 200, 200, 200),
    ),
}
