from django.urls import path

from . import urls_faces, urls_kiosk, urls_people, views

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("<int:pk>/sessions/new/", views.session_edit, name="event_session_add"),
    path("<int:pk>/sessions/<int:session_pk>/", views.session_edit, name="event_session_edit"),
    path("<int:pk>/points/new/", views.point_edit, name="event_point_add"),
    path("<int:pk>/points/<int:point_pk>/", views.point_edit, name="event_point_edit"),
    path("<int:pk>/points/<int:point_pk>/views/", views.online_views, name="event_online_views"),
    path("<int:pk>/participants/", views.participant_list, name="event_participants"),
    path("<int:pk>/participants/new/", views.participant_edit, name="event_participant_add"),
    path("<int:pk>/participants/members/", views.participant_add_members, name="event_participant_members"),
    path("<int:pk>/participants/<int:participant_pk>/", views.participant_edit, name="event_participant_edit"),
    path("<int:pk>/documents/", views.documents, name="event_documents"),
    path("<int:pk>/poster.pdf", views.poster, name="event_poster"),
    *urls_kiosk.urlpatterns,
    *urls_people.urlpatterns,
    *urls_faces.urlpatterns,
]

# Public: no login. The poster's QR (all documents), each document's QR, a participant's own link.
public_urlpatterns = [
    path("e/<int:pk>/", views.public_documents, name="event_documents_public"),
    path("e/doc/<int:pk>/", views.public_document, name="event_document_public"),
    path("e/p/<str:badge>/", views.personal, name="event_personal"),
    *urls_kiosk.public_urlpatterns,
    *urls_people.public_urlpatterns,
    *urls_faces.public_urlpatterns,
]
