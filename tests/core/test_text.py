from tienphong.core.text import clean_name, collation_key, fold, name_sort_key, split_name


def test_fold_strips_diacritics_case_and_spaces():
    assert fold("  Nguyễn   Văn A ") == "nguyen van a"
    assert fold("ĐẶNG Thị Thuỷ") == "dang thi thuy"
    assert fold(None) == ""


def test_clean_name_composes_decomposed_unicode():
    decomposed = "Nguye\u0302\u0303n"  # what some phones and Excel send
    assert clean_name(decomposed) == "Nguyễn"


def test_split_name_family_first_given_last():
    assert split_name("Trần Thị Bích Ngọc") == ("Trần", "Thị Bích", "Ngọc")
    assert split_name("An") == ("", "", "An")


def test_vietnamese_alphabet_order():
    words = ["Đức", "Dung", "Ân", "An", "Ăn", "Ơn", "Ôn", "On", "Uy", "Ưng", "Bình"]
    ordered = sorted(words, key=collation_key)
    assert ordered == ["An", "Ăn", "Ân", "Bình", "Dung", "Đức", "On", "Ôn", "Ơn", "Uy", "Ưng"]


def test_tones_only_break_ties():
    assert sorted(["Hà", "Há", "Ha", "Hai"], key=collation_key) == ["Ha", "Hà", "Há", "Hai"]


def test_names_sort_by_given_name_then_family_name():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn An", "Đỗ Minh Anh"]
    assert sorted(names, key=name_sort_key) == ["Lê Văn An", "Trần Thị An", "Đỗ Minh Anh", "Nguyễn Văn Bình"]
