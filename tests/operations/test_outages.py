"""A part that fails is skipped for a growing back-off and logged once per outage."""

import logging

import pytest

from operations import outages


@pytest.fixture(autouse=True)
def fresh():
    outages.reset()
    yield
    outages.reset()


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(outages.time, "monotonic", lambda: now[0])
    return now


def test_a_failed_part_is_skipped_until_its_retry_time_then_tried_again(clock):
    assert outages.should_try(outages.CACHE)
    outages.failed(outages.CACHE, ConnectionRefusedError("refused"))
    assert outages.is_down(outages.CACHE) and not outages.should_try(outages.CACHE)
    clock[0] += outages.RETRY_SECONDS[0]
    assert outages.should_try(outages.CACHE)
    assert not outages.is_down(outages.DATABASE) and outages.should_try(outages.DATABASE)


def test_each_failure_in_a_row_waits_longer_up_to_the_last_step(clock):
    waits = []
    for _ in range(len(outages.RETRY_SECONDS) + 2):
        outages.failed(outages.CACHE, TimeoutError())
        start = clock[0]
        while not outages.should_try(outages.CACHE):
            clock[0] += 0.5
        waits.append(clock[0] - start)
    assert waits == [*outages.RETRY_SECONDS, outages.RETRY_SECONDS[-1], outages.RETRY_SECONDS[-1]]


def test_an_outage_logs_one_line_when_it_starts_and_one_when_it_ends(clock, caplog):
    caplog.set_level(logging.INFO, logger=outages.__name__)
    for _ in range(50):
        outages.failed(outages.CACHE, ConnectionRefusedError("Connection refused\nhint: is it running?"))
    outages.fell_back(outages.CACHE, "rate limit open")
    clock[0] += 12.5
    outages.answered(outages.CACHE)
    outages.answered(outages.CACHE)
    lines = [record.getMessage() for record in caplog.records]
    assert lines == [
        "outage start: cache unavailable (ConnectionRefusedError: Connection refused); retrying in 1 s",
        "outage end: cache available again after 12.5 s (50 failed tries; fallbacks: rate limit open 1)",
    ]
    assert not outages.is_down(outages.CACHE)


def test_the_report_says_which_part_is_down_and_what_was_done_without_it(clock):
    outages.failed(outages.DATABASE, OSError("could not connect to server"))
    outages.fell_back(outages.DATABASE, "opinion spooled")
    outages.fell_back(outages.DATABASE, "opinion spooled")
    report = outages.report()
    assert list(report["down"]) == ["database"]
    assert report["down"]["database"]["error"] == "OSError: could not connect to server"
    assert report["fallbacks"] == {"opinion spooled": 2}
    outages.answered(outages.DATABASE)
    assert outages.report()["down"] == {}
    assert outages.report()["fallbacks"] == {"opinion spooled": 2}, "counts live as long as the process"


def test_the_report_carries_what_other_apps_add(monkeypatch):
    monkeypatch.setitem(outages.extra_reports, "opinions_waiting", lambda: 3)
    assert outages.report()["opinions_waiting"] == 3


def test_a_fallback_is_reported_first_once_per_outage_for_the_caller_to_log_it_once(clock):
    outages.failed(outages.CACHE, ConnectionRefusedError())
    firsts = [outages.fell_back(outages.CACHE, "rate limit on database") for _ in range(3)]
    assert firsts == [True, False, False]
    assert outages.fell_back(outages.CACHE, "duplicate check on database") is True
    outages.answered(outages.CACHE)
    outages.failed(outages.CACHE, ConnectionRefusedError())
    assert outages.fell_back(outages.CACHE, "rate limit on database") is True, "a new outage logs it again"
