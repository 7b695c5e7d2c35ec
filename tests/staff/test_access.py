def test_the_records_admin_login_sends_staff_to_the_one_staff_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/staff/records/login/?next=/staff/records/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=")


def test_centre_administrators_read_the_audit_trail_and_nobody_edits_it(
    client, reviewer, db
) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Group

    from certportal.accounts import roles
    from certportal.audit.models import AuditEvent
    from certportal.audit.services import record

    event = record("test.event", actor_label="someone")
    client.force_login(reviewer)
    assert client.get("/staff/records/audit/auditevent/").status_code == 403
    reviewer.groups.add(Group.objects.get(name=roles.CENTRE_ADMIN))
    assert client.get("/staff/records/audit/auditevent/").status_code == 200
    change = client.post(
        f"/staff/records/audit/auditevent/{event.pk}/delete/", {"post": "yes"}
    )
    assert change.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_centre_administrator_keeps_the_records_but_cannot_delete(
    client, reviewer, org_a
) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Group

    from certportal.accounts import roles

    reviewer.groups.add(Group.objects.get(name=roles.CENTRE_ADMIN))
    client.force_login(reviewer)
    assert client.get("/staff/records/organizations/organization/").status_code == 200
    assert (
        client.get(
            f"/staff/records/organizations/organization/{org_a.pk}/change/"
        ).status_code
        == 200
    )
    assert client.get("/staff/records/certificates/certificate/").status_code == 200
    assert (
        client.get(
            f"/staff/records/organizations/organization/{org_a.pk}/delete/"
        ).status_code
        == 403
    )
