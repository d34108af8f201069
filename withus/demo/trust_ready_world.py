"""The demo's part of issue 14: the trust's published information (privacy notice, accessibility statement, team
contact, feedback), a named People Participation lead for the people in the register, and one invitation that has
not been taken up yet. Idempotent, like the rest of the demo."""

import datetime

from withus.accounts.models import Role, User
from withus.accounts.services import RoleChoice, user_invite
from withus.organisations.models import TrustInformation, WcagStatus
from withus.organisations.services import trust_information_save
from withus.people.models import Person, PersonKind

DEMO_INFORMATION = {
    "team_name": "People Participation team",
    "team_phone": "020 7946 0990",
    "team_email": "people.participation@riverside-marsh.example.nhs.uk",
    "team_hours": "Monday to Friday, 9am to 5pm (not bank holidays)",
    "feedback_url": "https://www.riverside-marsh.example.nhs.uk/withus/feedback",
    "controller": "Riverside and Marsh NHS Foundation Trust\nTrust Headquarters, 1 River Road, London E1 1AA",
    "dpo_name": "Jo Adeyemi, Data Protection Officer",
    "dpo_email": "dpo@riverside-marsh.example.nhs.uk",
    "dpo_phone": "020 7946 0991",
    "lawful_basis_details": "UK GDPR Article 6(1)(e): we need it to carry out a task in the public interest, "
    "involving the people we serve in improving our services.",
    "lawful_basis_special": "UK GDPR Article 9(2)(h): health and social care; and Article 9(2)(g) with the Data "
    "Protection Act 2018 Schedule 1, for equality of opportunity monitoring.",
    "lawful_basis_payments": "UK GDPR Article 6(1)(c): we must keep payment records by law (HMRC), and Article "
    "6(1)(b): paying you for the time you give.",
    "lawful_basis_stories": "UK GDPR Article 6(1)(a) and Article 9(2)(a): your consent, which you can withdraw "
    "at any time.",
    "retention": "Payment and claim records: 6 years after the end of the financial year\n"
    "Your register record, training and involvement: 3 years after you were last involved\n"
    "Equality monitoring answers: while you are involved, then deleted\n"
    "The audit log: 8 years",
    "wcag_status": WcagStatus.PARTIAL,
    "known_problems": "Some charts on QI project pages are pictures; the numbers are in a table beside each one\n"
    "Certificates and reports downloaded as PDFs may not read in the right order in every screen reader",
    "report_problem": "Phone 020 7946 0990 or e-mail people.participation@riverside-marsh.example.nhs.uk. "
    "We reply within 5 working days.",
    "statement_prepared_on": datetime.date(2026, 9, 1),
    "statement_reviewed_on": datetime.date(2026, 12, 1),
}


def build_trust_ready(*, trust, users: dict) -> None:
    if not TrustInformation.objects.filter(organisation=trust).exists():
        trust_information_save(organisation=trust, values=DEMO_INFORMATION, actor=None)
    lead = users.get("lead")
    if lead is None:
        return
    # Priya Shah is the named lead of the service users and carers in the register who have none yet.
    Person.objects.for_organisation(trust.pk).filter(
        participation_lead=None, kind__in=[PersonKind.SERVICE_USER, PersonKind.CARER]
    ).update(participation_lead=lead)
    admin = users.get("admin")
    invited = "kwame.asante@demo.withus.local"
    if admin is not None and not User.objects.filter(email=invited).exists():
        user_invite(
            organisation=trust,
            email=invited,
            full_name="Kwame Asante",
            roles=[RoleChoice(Role.FINANCE_APPROVER)],
            actor=admin,
        )
