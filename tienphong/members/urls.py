from django.urls import path

from . import views, views_import

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("new/", views.member_create, name="member_create"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("<int:pk>/core/", views.member_core, name="member_core"),
    path("<int:pk>/delete/", views.member_delete, name="member_delete"),
    path("export.xlsx", views_import.member_export, name="member_export"),
    path("import/", views_import.member_import, name="member_import"),
    path("import/template.xlsx", views_import.member_import_template, name="member_import_template"),
]
