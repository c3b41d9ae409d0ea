"""Staff pages of contests (/contests/...): setup, rubric, jury, assignments, ranking, approval, exports."""

from django.urls import path

from . import views

app_name = "contests"

urlpatterns = [
    path("", views.contest_list, name="list"),
    path("new/", views.contest_create, name="create"),
    path("<int:pk>/", views.contest_detail, name="detail"),
    path("<int:pk>/status/", views.contest_status, name="status"),
    path("<int:pk>/edit/", views.contest_edit, name="edit"),
    path("<int:pk>/jurors/new/", views.juror_add, name="juror_add"),
    path("<int:pk>/assign/auto/", views.assign_auto, name="assign_auto"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/entries/", views.entry_list, name="entries"),
    path("<int:pk>/entries/<int:entry_pk>/", views.entry_sheet, name="sheet"),
    path("<int:pk>/ranking/<str:kind>/", views.ranking_page, name="ranking"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/scores.xlsx", views.scores_workbook, name="scores_xlsx"),
    path("<int:pk>/certificates.pdf", views.certificates, name="certificates"),
]
