"""Routes of the event's faces pages (included by urls.py)."""

from django.urls import path

from . import face_views

urlpatterns = [
    path("<int:pk>/faces/", face_views.face_list, name="event_faces"),
    path("<int:pk>/faces/batch/", face_views.face_batch, name="event_face_batch"),
    path("<int:pk>/faces/jobs/<int:job_pk>/", face_views.face_job, name="event_face_job"),
    path("<int:pk>/faces/kiosk/", face_views.face_kiosk, name="event_face_kiosk"),
    path("<int:pk>/faces/<int:participant_pk>/", face_views.face_participant, name="event_face_participant"),
]
# The participant's own link (no login: the signed badge is the key).
public_urlpatterns = [
    path("e/p/<str:badge>/face/", face_views.personal_enrol, name="event_personal_face"),
    path("e/p/<str:badge>/face/erase/", face_views.personal_erase, name="event_personal_face_erase"),
]
