from tienphong.core.paths import child_path, outermost, subtree_q


def test_child_path():
    assert child_path(None, 1) == "/1/"
    assert child_path("/1/", 45) == "/1/45/"


def test_subtree_range_excludes_siblings_with_common_prefix():
    q = subtree_q("/1/45/")
    lo, hi = q.children[0][1], q.children[1][1]
    for inside in ["/1/45/", "/1/45/300/", "/1/45/9/9/"]:
        assert lo <= inside < hi
    for outside in ["/1/450/", "/1/46/", "/1/4/", "/2/"]:
        assert not (lo <= outside < hi)


def test_outermost_drops_nested_paths():
    assert outermost(["/1/45/", "/1/", "/2/3/", "/2/3/4/"]) == ["/1/", "/2/3/"]


def test_ancestor_paths_are_every_path_at_or_above():
    from tienphong.core.paths import ancestor_paths

    assert ancestor_paths("/1/2/3/", "/1/5/") == ["/1/", "/1/2/", "/1/2/3/", "/1/5/"]
    assert ancestor_paths() == []
