from django.urls import path

from . import views

urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("new/", views.class_create, name="class_create"),
    path("<int:pk>/", views.class_detail, name="class_detail"),
    path("<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("<int:pk>/status/", views.class_status, name="class_status"),
    path("<int:pk>/attendance/", views.class_attendance, name="class_attendance"),
    path("<int:pk>/attendance/<int:attendee_pk>/", views.class_attendance_toggle, name="class_attendance_toggle"),
    path("<int:pk>/attendance/walk-in/", views.class_walk_in, name="class_walk_in"),
    path("<int:pk>/sheet.pdf", views.class_sheet_pdf, name="class_sheet_pdf"),
    path("<int:pk>/certificates.pdf", views.class_certificates_pdf, name="class_certificates_pdf"),
    path("<int:pk>/certificates/<int:attendee_pk>.pdf", views.class_certificate_pdf, name="class_certificate_pdf"),
    # Public: no login, reached from a poster or a shared link.
    path("s/<str:code>/", views.class_signup, name="class_signup"),
    path("s/<str:code>/ok/<str:token>/", views.class_signup_done, name="class_signup_done"),
    path("s/<str:code>/qr.png", views.class_qr, name="class_qr"),
]
