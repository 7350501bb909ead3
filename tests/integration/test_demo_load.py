"""`fieldops demo --load-only` loads into FIELDOPS_DATABASE_URL when it is set (and empty)."""

from __future__ import annotations


def test_load_only_goes_into_the_configured_database_and_never_over_real_data(db, fieldops):
    first = fieldops("demo", "--load-only")
    assert first.exit_code == 0, first.output
    assert db.count("township") == 1 and db.count("staff_member") == 80
    assert db.url.split("?")[0] in first.stdout  # it says where the township went
    before = db.snapshot()
    again = fieldops("demo", "--load-only")
    assert again.exit_code == 1 and "已有乡镇" in again.output and "nothing written" in again.output
    assert db.snapshot() == before
