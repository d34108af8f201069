"""Learning pages: courses, cohorts, enrolment, attendance, certificates, my learning, funnel."""
