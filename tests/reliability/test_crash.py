"""Issue 11, item 6 (short version; `make bench` runs 1,000 writes): kill -9 the real server
during writes; every acknowledged write exists afterwards and the audit chain verifies. Runs
on the database DATABASE_URL names (a scratch database beside it on PostgreSQL)."""

from tools.crash import run


def test_no_acknowledged_write_is_lost_when_the_server_is_killed():
    result = run(writes=24, kills=2)
    assert result["kills"] == 2
    assert result["acknowledged"] >= 18
    assert result["missing"] == 0
    assert result["audit_ok"] and result["audit_entries"] >= 1
