"""Word lists for the demo province (`tienphong.demo.tree`): Vietnamese names and place names.

Frequencies are rough shares for the Red River delta (Ninh Bình, formerly also Nam Định and
Hà Nam): Nguyễn is about 38% of the country; Hoàng and Vũ are the northern spellings (Huỳnh
and Võ are rare here); Đinh is common in Ninh Bình, the homeland of Đinh Tiên Hoàng.
"""

# (family name, weight in %)
FAMILY_NAMES = [
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 4.0), ("Huỳnh", 0.4),
    ("Phan", 3.0), ("Vũ", 3.6), ("Võ", 0.4), ("Đặng", 2.1), ("Bùi", 2.2), ("Đỗ", 1.8),
    ("Hồ", 1.0), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 1.6), ("Trịnh", 1.0),
    ("Mai", 0.8), ("Đào", 0.8), ("Lương", 0.5), ("Cao", 0.5), ("Tạ", 0.4), ("Hà", 0.5),
    ("Lại", 0.3), ("Tống", 0.4), ("Đoàn", 0.5), ("Vương", 0.3), ("Lưu", 0.3), ("Triệu", 0.2),
    ("Phùng", 0.3), ("Nghiêm", 0.2), ("Quách", 0.2), ("Lã", 0.1),
]

# Middle names: (name, weight). "Văn" and "Thị" are less common among people born after 2000
# than among their parents, but still the single most frequent choice.
MALE_MIDDLE_NAMES = [
    ("Văn", 24), ("Đức", 10), ("Minh", 10), ("Quang", 6), ("Hữu", 5), ("Công", 5), ("Xuân", 4),
    ("Thành", 4), ("Tiến", 3), ("Trọng", 3), ("Duy", 4), ("Hoàng", 3), ("Mạnh", 3), ("Ngọc", 2),
    ("Gia", 3), ("Bảo", 2), ("Thế", 2), ("Việt", 2), ("Hải", 2), ("Anh", 2), ("Trung", 2),
    ("Tuấn", 2), ("Đình", 3), ("Nhật", 2),
]
FEMALE_MIDDLE_NAMES = [
    ("Thị", 30), ("Thu", 8), ("Ngọc", 8), ("Thanh", 6), ("Minh", 5), ("Phương", 5), ("Thùy", 5),
    ("Hồng", 4), ("Khánh", 4), ("Bảo", 3), ("Hà", 3), ("Mai", 3), ("Diệu", 2), ("Hải", 2),
    ("Kim", 3), ("Quỳnh", 3), ("Lan", 2), ("Hoài", 2), ("Thảo", 2), ("Tú", 2),
]

MALE_GIVEN_NAMES = [
    ("Anh", 6), ("Hùng", 4), ("Dũng", 4), ("Tuấn", 5), ("Minh", 5), ("Hoàng", 3), ("Huy", 5),
    ("Khánh", 3), ("Long", 4), ("Nam", 5), ("Phong", 3), ("Quân", 4), ("Sơn", 4), ("Thắng", 3),
    ("Trung", 3), ("Tùng", 3), ("Đạt", 4), ("Đức", 4), ("Hiếu", 4), ("Hải", 3), ("Kiên", 2),
    ("Lâm", 2), ("Nghĩa", 2), ("Phúc", 3), ("Quang", 2), ("Tài", 2), ("Thành", 3), ("Thịnh", 2),
    ("Toàn", 2), ("Trường", 2), ("Vinh", 2), ("Việt", 2), ("Vũ", 2), ("Bảo", 2), ("Duy", 3),
    ("Khôi", 2), ("Lộc", 2), ("Mạnh", 2), ("Nhật", 2), ("Tiến", 2), ("Cường", 3), ("Hưng", 3),
    ("Thái", 2), ("Công", 1), ("Hậu", 1), ("Quý", 1), ("Bình", 2), ("Chiến", 1), ("Giang", 1),
]
FEMALE_GIVEN_NAMES = [
    ("Anh", 6), ("Trang", 6), ("Linh", 6), ("Hương", 4), ("Huyền", 4), ("Hà", 4), ("Lan", 3),
    ("Mai", 3), ("Ngọc", 3), ("Nhung", 2), ("Phương", 4), ("Thảo", 5), ("Thủy", 3), ("Trâm", 2),
    ("Vân", 2), ("Yến", 3), ("Hằng", 3), ("Hạnh", 2), ("Hiền", 3), ("Hoa", 2), ("Giang", 3),
    ("Dung", 2), ("Chi", 3), ("My", 3), ("Nga", 2), ("Ngân", 3), ("Nhi", 3), ("Oanh", 2),
    ("Quỳnh", 3), ("Tâm", 2), ("Thư", 3), ("Trinh", 1), ("Uyên", 2), ("Vy", 3), ("Ly", 2),
    ("Loan", 1), ("Diệp", 1), ("Nhàn", 1), ("Hậu", 1), ("Lụa", 1), ("Nguyệt", 2), ("Duyên", 2),
]

# Mobile prefixes by network, weighted by rough market share (Viettel about half).
MOBILE_PREFIXES = [
    # Viettel
    ("086", 4), ("096", 6), ("097", 7), ("098", 7), ("032", 3), ("033", 3), ("034", 3),
    ("035", 3), ("036", 3), ("037", 3), ("038", 3), ("039", 3),
    # VinaPhone
    ("088", 3), ("091", 5), ("094", 4), ("081", 2), ("082", 2), ("083", 2), ("084", 2), ("085", 2),
    # MobiFone
    ("089", 2), ("090", 4), ("093", 3), ("070", 2), ("076", 1), ("077", 1), ("078", 1), ("079", 1),
    # Vietnamobile, Gmobile
    ("092", 1), ("056", 1), ("058", 1), ("099", 1), ("059", 1),
]

EMAIL_DOMAIN = "example.com"  # reserved for examples (RFC 2606): demo mail never reaches anyone

# Villages: hamlets in the delta carry auspicious Sino-Vietnamese names or a compass word.
VILLAGE_NAMES = [
    "Đông", "Đoài", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Yên Thịnh", "Phú Thôn", "An Lạc",
    "Bình Hòa", "Đại Phong", "Tân Lập", "Văn Lâm", "Hải Nham", "Đông Thịnh", "Tân Thành",
    "Hưng Long", "Xuân Thủy", "Phúc Lai", "Quang Trung", "Thống Nhất", "Đồng Tâm", "Hòa Bình",
    "Tiền Phong", "Lạc Thiện", "Yên Phú", "Vân Lâm", "Thanh Khê", "Kim Thái", "Bình Hải",
    "Phú Lộc", "An Hòa", "Đông Hải", "Trung Hậu", "Nội", "Ngoại", "Cầu", "Chợ", "Đình",
    "Phương Đông", "Vĩnh Lộc", "Khánh Hòa", "Thọ Cam", "Đức Hậu", "Mỹ Hạ", "Lạc Hồng",
    "Đông Xuyên", "Tây Sơn", "Cổ Loan", "Văn Miếu", "Hoàng Long", "Trường Yên", "Đồng Quan",
]

# Names given to upper-secondary schools after famous people (each used once in the province).
SCHOOL_HONOUR_NAMES = [
    "Lương Văn Tụy", "Trần Hưng Đạo", "Nguyễn Khuyến", "Lê Quý Đôn", "Đinh Tiên Hoàng",
    "Trương Hán Siêu", "Nguyễn Công Trứ", "Lê Hồng Phong", "Nguyễn Huệ", "Trần Nhân Tông",
    "Tô Hiến Thành", "Lý Tự Trọng", "Nguyễn Trãi", "Chu Văn An", "Hoàng Văn Thụ",
]

# Branches of a commune police youth union.
POLICE_BRANCHES = ["Chi đoàn Tổ Cảnh sát khu vực", "Chi đoàn Tổ An ninh trật tự"]

# Fixed names for the staff accounts that are not members.
STAFF_NAMES = {
    "province_admin": "Đinh Thị Thu Hà",
    "secretary": "Nguyễn Văn Khánh",
    "other_secretary": "Phạm Thị Ngọc Ánh",
}
