"""The editorial roles: the groups a data migration of this app creates (0008_editorial_groups)."""

WRITERS_GROUP = "Rédacteurs"
# Its members check articles before publication, and are reminded of overdue medical reviews.
REVIEWERS_GROUP = "Relecteurs médicaux"
