"""Staff pages of contests (/contests/...): setup, rubric, jury, assignments, ranking, approval, exports."""

urlpatterns: list = []
