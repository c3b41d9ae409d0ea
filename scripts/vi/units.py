"""Vietnamese texts for moving units in the tree (merged by scripts/vi_catalogue.py)."""

VI = {
    "A province union stands at the top of the tree; it cannot be moved.":
        "Tỉnh Đoàn là cấp cao nhất của cây đơn vị, không thể chuyển.",
    "%(unit)s cannot be moved under itself or under one of its own units.":
        "Không thể chuyển %(unit)s vào chính nó hoặc vào một đơn vị trực thuộc nó.",
    "%(unit)s cannot join %(parent)s: some of its records clash with records already there (the same phone or email, for example).":
        "%(unit)s không thể chuyển về %(parent)s: một số dữ liệu trùng với dữ liệu đã có ở đó "
        "(ví dụ cùng số điện thoại hoặc email).",
}
