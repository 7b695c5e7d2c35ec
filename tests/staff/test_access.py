def test_the_records_admin_login_sends_staff_to_the_one_staff_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/staff/records/login/?next=/staff/records/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=")
