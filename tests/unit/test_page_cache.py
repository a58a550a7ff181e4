"""The viewer's caches are bounded by bytes and forget the least recently used first."""

from __future__ import annotations

from ui.page_cache import ByteBudgetCache


def test_least_recently_used_values_leave_first_when_the_budget_is_exceeded() -> None:
    cache: ByteBudgetCache[str, bytes] = ByteBudgetCache(10, len)
    cache.put("a", b"1234")
    cache.put("b", b"1234")
    assert cache.get("a") == b"1234"  # "a" is now the most recently used
    cache.put("c", b"1234")  # 12 bytes: "b" must go
    assert "b" not in cache and cache.get("a") == b"1234" and cache.get("c") == b"1234"
    assert cache.used == 8 and len(cache) == 2


def test_replacing_a_value_counts_only_its_new_size() -> None:
    cache: ByteBudgetCache[str, bytes] = ByteBudgetCache(10, len)
    cache.put("a", b"123456")
    cache.put("a", b"12")
    assert cache.used == 2 and cache.get("a") == b"12"


def test_a_value_larger_than_the_whole_budget_is_not_kept_and_evicts_nothing() -> None:
    cache: ByteBudgetCache[str, bytes] = ByteBudgetCache(10, len)
    cache.put("small", b"123")
    cache.put("huge", b"x" * 11)
    assert "huge" not in cache and cache.get("small") == b"123" and cache.used == 3
