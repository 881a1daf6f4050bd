"""Page objects: what a user sees and does on each page, so journeys read like the user's steps.

Each page object's expect_loaded() waits for its page, then audits it (axe, title rules) through
Site.check(), so every page a journey visits is audited without the journey having to remember.
"""

from tests.e2e.pages.actions import ActionPage, ActionsPage
from tests.e2e.pages.engagements import ActionRow, EngagementPage, LogContactPage
from tests.e2e.pages.organisations import OrganisationFormPage, OrganisationPage, OrganisationsPage
from tests.e2e.pages.scorecard import CommitmentPage, ScorecardPage
from tests.e2e.pages.sign_in import DEMO_USERS, DashboardPage, SignInPage, sign_in_as

__all__ = [
    "DEMO_USERS",
    "ActionPage",
    "ActionRow",
    "ActionsPage",
    "CommitmentPage",
    "DashboardPage",
    "EngagementPage",
    "LogContactPage",
    "OrganisationFormPage",
    "OrganisationPage",
    "OrganisationsPage",
    "ScorecardPage",
    "SignInPage",
    "sign_in_as",
]
