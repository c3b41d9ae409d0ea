from django.urls import path

from . import views

urlpatterns = [
    path("", views.tree, name="tree"),
    path("new/", views.unit_new, name="tree_unit_new"),
    path("<int:pk>/", views.unit_edit, name="tree_unit"),
    path("<int:pk>/move/", views.unit_move, name="tree_unit_move"),
    path("<int:pk>/merge/", views.unit_merge, name="tree_unit_merge"),
    path("<int:pk>/active/", views.unit_active, name="tree_unit_active"),
]
