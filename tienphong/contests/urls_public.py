"""Public pages of contests: the contest page (behind its /q/ code), the entry form and the entrant's link."""

urlpatterns: list = []
