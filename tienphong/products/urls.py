from django.urls import path

from . import views

urlpatterns = [
    # Staff pages (login, scoped).
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/labels/", views.product_labels, name="product_labels"),
    path("products/<int:pk>/", views.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("products/<int:pk>/publish/", views.product_publish, name="product_publish"),
    path("products/<int:pk>/unpublish/", views.product_unpublish, name="product_unpublish"),
    path("products/<int:pk>/photos/", views.product_photos, name="product_photos"),
    path("products/<int:pk>/photos/<int:photo_pk>/", views.product_photo_update, name="product_photo_update"),
    path("products/<int:pk>/photos/<int:photo_pk>/move/", views.product_photo_move, name="product_photo_move"),
    path("products/<int:pk>/photos/<int:photo_pk>/delete/", views.product_photo_delete,
         name="product_photo_delete"),
    path("products/<int:pk>/links/", views.product_link_add, name="product_link_add"),
    path("products/<int:pk>/links/<int:link_pk>/delete/", views.product_link_remove, name="product_link_remove"),
    path("products/producers/", views.producer_list, name="producer_list"),
    path("products/producers/new/", views.producer_create, name="producer_create"),
    path("products/producers/<int:pk>/", views.producer_detail, name="producer_detail"),
    path("products/producers/<int:pk>/edit/", views.producer_edit, name="producer_edit"),
    path("products/producers/<int:pk>/publish/", views.producer_publish, name="producer_publish"),
    path("products/producers/<int:pk>/unpublish/", views.producer_unpublish, name="producer_unpublish"),
]

# Public pages, no login (first in the root URLconf).
public_urlpatterns = [
    path("visit/products/", views.product_catalogue, name="product_catalogue"),
    path("visit/product/<int:pk>/", views.visit_product, name="visit_product"),
    path("visit/producer/<int:pk>/", views.visit_producer, name="visit_producer"),
]
