"""Staff roles. Each is a group; a person may hold several."""

REVIEWER = "reviewer"
ISSUER = "issuer"
CENTRE_ADMIN = "centre_admin"
ALL = [REVIEWER, ISSUER, CENTRE_ADMIN]
