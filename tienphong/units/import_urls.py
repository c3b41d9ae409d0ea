"""Excel import and export of the union tree, mounted under tree/ next to the tree pages."""

from django.urls import path

from . import views_import

urlpatterns = [
    path("import/", views_import.tree_import, name="tree_import"),
    path("import/template.xlsx", views_import.tree_import_template, name="tree_import_template"),
    path("export/", views_import.tree_export, name="tree_export"),
]
