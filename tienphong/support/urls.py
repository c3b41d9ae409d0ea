from django.urls import path

from . import views

urlpatterns = [
    path("new/", views.support_new, name="support_new"),
    path("repeat/", views.support_repeat, name="support_repeat"),
    path("records/", views.support_list, name="support_list"),
    path("<int:pk>/edit/", views.support_edit, name="support_edit"),
    path("<int:pk>/delete/", views.support_delete, name="support_delete"),
    path("manifest.webmanifest", views.manifest, name="support_manifest"),
]
