"""Authorisation matrix rows. Public pages and the home page."""

from tests.authorisation.expect import Row, row

ROWS = {
    "accessibility": Row(
        get=row(200, 200, 200, 200, 200, 200, 200, 200),
        public="issue 2 and issue 14 item 8: the trust's accessibility statement, linked from every page's footer "
        "(public by law)",
    ),
    "feedback": Row(
        get=row(200, 200, 200, 200, 200, 200, 200, 200),
        public="issue 14 item 8: the feedback link in every page's phase banner (the trust's form, or its contact)",
    ),
    "health": Row(
        get=row(200, 200, 200, 200, 200, 200, 200, 200),
        public="issue 25 item 6: the load balancer's check that the database and cache answer (says only ok/failing)",
    ),
    "home": Row(
        get=row(302, 302, 200, 200, 200, 200, 200, 200),
    ),
    "privacy": Row(
        get=row(200, 200, 200, 200, 200, 200, 200, 200),
        public="issue 2 and issue 14 item 8: the trust's privacy notice, linked from every page's footer (to be read "
        "before signing in)",
    ),
}
