"""Staff pages of the innovation ecosystem (/ecosystem/...): experts, mentor requests, projects, startups."""

from django.urls import path

from . import views

app_name = "ecosystem"

urlpatterns = [
    path("", views.project_list, name="projects"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/support/", views.project_support, name="project_support"),
    path("projects/<int:pk>/milestones/", views.project_milestone, name="project_milestone"),
    path("projects/<int:pk>/milestones/<int:milestone_pk>/done/", views.project_milestone_done,
         name="project_milestone_done"),
    path("projects/<int:pk>/stop/", views.project_stop, name="project_stop"),
    path("projects/<int:pk>/follow-up/", views.project_follow_up, name="project_follow_up"),
    path("projects/<int:pk>/realise/", views.project_realise, name="project_realise"),
    path("projects/from-entry/<int:entry_pk>/", views.project_from_entry, name="project_from_entry"),
    path("experts/", views.expert_list, name="experts"),
    path("experts/new/", views.expert_create, name="expert_create"),
    path("experts/<int:pk>/", views.expert_detail, name="expert"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert_edit"),
    path("mentors/", views.match_list, name="matches"),
    path("mentors/new/", views.match_create, name="match_create"),
    path("mentors/<int:pk>/answer/", views.match_answer, name="match_answer"),
    path("startups/", views.startup_list, name="startups"),
    path("startups/new/", views.startup_create, name="startup_create"),
    path("startups/<int:pk>/edit/", views.startup_edit, name="startup_edit"),
]
