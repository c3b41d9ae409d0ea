from django.urls import path

from . import views

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/targets/", views.campaign_targets, name="campaign_targets"),
    path("<int:pk>/targets/copy/", views.campaign_targets_copy, name="campaign_targets_copy"),
    path("works/", views.work_list, name="work_list"),
    path("works/new/", views.work_create, name="work_create"),
    path("works/<int:pk>/", views.work_detail, name="work_detail"),
    path("works/<int:pk>/edit/", views.work_edit, name="work_edit"),
    path("works/<int:pk>/submit/", views.work_submit, name="work_submit"),
    path("works/<int:pk>/approve/", views.work_approve, name="work_approve"),
    path("works/<int:pk>/return/", views.work_return, name="work_return"),
    path("works/<int:pk>/delete/", views.work_delete, name="work_delete"),
    path("works/<int:pk>/photos/<int:photo_pk>/", views.work_photo, name="work_photo"),
    path("works/<int:pk>/photos/<int:photo_pk>/delete/", views.work_photo_delete, name="work_photo_delete"),
]

# Public pages, no login (first in the root URLconf).
public_urlpatterns = [
    path("visit/work/<int:pk>/", views.visit_work, name="visit_work"),
]
