from django.urls import reverse

from ..factories import PASSWORD


def test_login_logout_and_password_change(client, world):
    response = client.post(reverse("login"), {"username": "bithu.phuly", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert "Phường Phủ Lý" in home.content.decode()

    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Doan-vien-moi-2026", "new_password2": "Doan-vien-moi-2026"})
    assert response.status_code == 302
    world.secretary.refresh_from_db()
    assert world.secretary.check_password("Doan-vien-moi-2026")

    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_is_refused_in_vietnamese(client, world):
    response = client.post(reverse("login"), {"username": "bithu.phuly", "password": "sai"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "tên đăng nhập" in response.content.decode().lower() or "username" in response.content.decode().lower()
