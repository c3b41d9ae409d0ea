from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/", views.user_list_view, name="user_list"),
    path("accounts/new/", views.user_create_view, name="user_create"),
    path("accounts/<int:pk>/", views.user_detail_view, name="user_detail"),
    path("accounts/<int:pk>/roles/<int:role_pk>/remove/", views.role_revoke_view, name="role_revoke"),
    path("accounts/<int:pk>/active/", views.user_active_view, name="user_active"),
    path("accounts/lockouts/", views.lockout_list_view, name="lockout_list"),
    path("accounts/lockouts/reset/", views.lockout_reset_view, name="lockout_reset"),
]
