from django.urls import path

from . import views

urlpatterns = [
    path("", views.team_list, name="team_list"),
    path("new/", views.team_create, name="team_create"),
    path("<int:pk>/", views.team_detail, name="team_detail"),
    path("<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("<int:pk>/members/add/", views.team_add_member, name="team_add_member"),
    path("<int:pk>/members/remove/", views.team_remove_member, name="team_remove_member"),
]
