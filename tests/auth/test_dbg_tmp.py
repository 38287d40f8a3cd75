from tests.auth.test_second_factor import *  # noqa


def test_dbg(client_as, admin, member):
    client = client_as(admin)
    r = client.post(f"/en/admin/users/{member.id}", data={})
    print(r.status_code, r.headers.get("Location"))
    r = client.get(r.headers.get("Location"))
    print(r.get_data(as_text=True)[:3000])
