from django.urls import path

from . import views

app_name = "competence"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("me/", views.mine, name="mine"),
    path("members/<int:pk>/", views.member_page, name="member"),
    path("members/<int:pk>/assess/", views.assess, name="assess"),
    path("members/<int:pk>/courses/new/", views.course_new, name="course_new"),
    path("courses/<int:pk>/delete/", views.course_delete, name="course_delete"),
]
