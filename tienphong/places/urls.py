from django.urls import path

from . import views

urlpatterns = [
    # Staff pages: the places of the user's communes, their stories, photos and publishing.
    path("places/", views.place_list, name="place_list"),
    path("places/new/", views.place_create, name="place_create"),
    path("places/<int:pk>/", views.place_detail, name="place_detail"),
    path("places/<int:pk>/edit/", views.place_edit, name="place_edit"),
    path("places/<int:pk>/story/<str:lang>/", views.place_story, name="place_story"),
    path("places/<int:pk>/photos/", views.place_photos, name="place_photos"),
    path("places/<int:pk>/photos/<int:photo_pk>/", views.place_photo_update, name="place_photo_update"),
    path("places/<int:pk>/photos/<int:photo_pk>/delete/", views.place_photo_delete, name="place_photo_delete"),
    path("places/<int:pk>/publish/", views.place_publish, name="place_publish"),
    path("places/<int:pk>/unpublish/", views.place_unpublish, name="place_unpublish"),
    # Public pages (no login) are in public_urlpatterns.
]

# Public pages, no login: the root URLconf puts them first (the resolver tries patterns in order,
# and these are what a crowd at a relic loads).
public_urlpatterns = [
    path("visit/place/<int:pk>/", views.visit_place, name="visit_place"),
    path("visit/map/", views.visit_map, name="visit_map"),
]
