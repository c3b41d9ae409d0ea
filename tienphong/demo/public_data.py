"""What the demo's public pages show (`tienphong.demo.public`): relics, wifi points, OCOP products.

Everything here is sample content, and the pages say so (`sample=True`). Texts keep to facts that
are widely known (name, place, kind of relic, ranking); a year of recognition is left empty where
sources disagree. Producers are invented and named "(mẫu)"; their phone numbers are 0900 000 0xx.

Places are given as the seeds give them, with the address of before July 2025 (`old`), and placed
in the commune of today (`commune`, its official code). The mapping was made with
`vietnamadminunits.convert_address` (tests/demo/test_public.py checks every line against it), and
the coordinates are those of the former commune or ward (more precise than the merged commune's):
approximate, and the texts say so.

Núi Non Nước and núi Dục Thúy are one mountain (Dục Thúy sơn is its classical name). The seeds
describe four QR points: the mountain (Non Nước / Dục Thúy), the temple of Trương Hán Siêu at its
foot, the revolutionary base of Quỳnh Lưu and the temple of Nguyễn Công Trứ; the demo has one
page for each, the mountain's page naming both of its names. Quỳnh Lưu, a national relic of the
revolution, is the demo's red address (địa chỉ đỏ).
"""

# --- relics and red addresses ------------------------------------------------------------------

APPROXIMATE_VI = "Bài giới thiệu mẫu, chỉ gồm những thông tin phổ biến; vị trí trên bản đồ là gần đúng."
APPROXIMATE_EN = "A sample introduction with well-known facts only; the position on the map is approximate."

STORY_PLACES = [
    {
        "name": "Núi Non Nước (Dục Thúy sơn)",
        "kind": "relic",
        "ranking": "national",
        "old": "Phường Vân Giang, Thành phố Ninh Bình, Tỉnh Ninh Bình",
        "commune": "14329",  # Phường Hoa Lư
        "address": "Ngã ba sông Vân và sông Đáy (thành phố Ninh Bình cũ)",
        "point": (20.254186, 105.973092),
        "colour": (46, 111, 94),
        "vi": ("Núi Non Nước (Dục Thúy sơn)", [
            "Núi Non Nước, tên chữ là Dục Thúy sơn, là ngọn núi đá vôi bên ngã ba sông Vân và sông Đáy, "
            "ở trung tâm thành phố Ninh Bình cũ, nay thuộc phường Hoa Lư. Núi Non Nước và núi Dục Thúy là "
            "hai tên gọi của cùng một ngọn núi, nên một trang này dành cho cả hai.",
            "Trên vách núi có nhiều bài thơ khắc đá của các danh nhân qua nhiều thế kỷ, trong đó có "
            "Trương Hán Siêu và vua Lê Thánh Tông. Đền thờ Trương Hán Siêu nằm ngay dưới chân núi.",
            "Núi Non Nước là di tích lịch sử và danh thắng cấp quốc gia.",
            APPROXIMATE_VI,
        ]),
        "en": ("Non Nước Mountain (Dục Thúy Sơn)", [
            "Non Nước Mountain, known in classical writing as Dục Thúy Sơn, is a limestone hill where the "
            "Vân River meets the Đáy River, in the centre of the former Ninh Bình city (now Hoa Lư ward). "
            "Non Nước and Dục Thúy are two names for the same mountain, so this one page serves both.",
            "Poems by famous figures of many centuries are carved into its rock faces, among them "
            "Trương Hán Siêu and King Lê Thánh Tông. The temple of Trương Hán Siêu stands at its foot.",
            "Non Nước Mountain is a national historic and scenic relic.",
            APPROXIMATE_EN,
        ]),
    },
    {
        "name": "Đền thờ Trương Hán Siêu",
        "kind": "relic",
        "ranking": "national",
        "old": "Phường Vân Giang, Thành phố Ninh Bình, Tỉnh Ninh Bình",
        "commune": "14329",  # Phường Hoa Lư
        "address": "Chân núi Non Nước, bên sông Đáy (phường Vân Giang, thành phố Ninh Bình cũ)",
        # The foot of the same mountain: a little apart from its pin, so that both show on the map.
        "point": (20.253386, 105.972292),
        "colour": (128, 62, 45),
        "vi": ("Đền thờ Trương Hán Siêu", [
            "Đền thờ Trương Hán Siêu nằm dưới chân núi Non Nước (núi Dục Thúy), bên sông Đáy, trong khu "
            "di tích núi Non Nước, nay thuộc phường Hoa Lư.",
            "Đền thờ Trương Hán Siêu (? – 1354), danh nhân văn hóa đời Trần, người Ninh Bình, tác giả "
            "bài “Bạch Đằng giang phú” (Phú sông Bạch Đằng).",
            APPROXIMATE_VI,
        ]),
        "en": ("Temple of Trương Hán Siêu", [
            "The temple of Trương Hán Siêu stands at the foot of Non Nước Mountain (Dục Thúy Mountain), "
            "by the Đáy River, within the Non Nước relic site, now in Hoa Lư ward.",
            "It honours Trương Hán Siêu (? – 1354), a scholar and statesman of the Trần dynasty from "
            "Ninh Bình, author of the “Rhapsody on the Bạch Đằng River” (Bạch Đằng giang phú).",
            APPROXIMATE_EN,
        ]),
    },
    {
        "name": "Khu căn cứ cách mạng Quỳnh Lưu",
        "kind": "red_address",
        "ranking": "national",
        "old": "Xã Quỳnh Lưu, Huyện Nho Quan, Tỉnh Ninh Bình",
        "commune": "14452",  # Xã Quỳnh Lưu
        "address": "Vùng căn cứ cách mạng Quỳnh Lưu (huyện Nho Quan cũ)",
        "point": (20.239573, 105.823159),
        "colour": (163, 38, 38),
        "vi": ("Khu căn cứ cách mạng Quỳnh Lưu", [
            "Quỳnh Lưu (huyện Nho Quan cũ) là khu căn cứ cách mạng của tỉnh Ninh Bình trong những năm "
            "1927 – 1945, nơi thành lập chi bộ Đảng Cộng sản đầu tiên của tỉnh vào năm 1929.",
            "Đây là di tích lịch sử cách mạng cấp quốc gia và là một địa chỉ đỏ, nơi đoàn viên, thanh "
            "niên tìm hiểu truyền thống cách mạng của quê hương.",
            APPROXIMATE_VI,
        ]),
        "en": ("Quỳnh Lưu Revolutionary Base", [
            "Quỳnh Lưu (formerly in Nho Quan district) was the revolutionary base of Ninh Bình province "
            "from 1927 to 1945, where the province's first Communist Party cell was founded in 1929.",
            "It is a national historic relic of the revolution and a “red address” where young people "
            "learn about the revolutionary history of their homeland.",
            APPROXIMATE_EN,
        ]),
    },
    {
        "name": "Đền Nguyễn Công Trứ",
        "kind": "relic",
        "ranking": "national",
        "old": "Xã Quang Thiện, Huyện Kim Sơn, Tỉnh Ninh Bình",
        "commune": "14647",  # Xã Quang Thiện
        "address": "Xóm 16, gần Phát Diệm (huyện Kim Sơn cũ)",
        "point": (20.094566, 106.10811),
        "colour": (150, 110, 30),
        "vi": ("Đền Nguyễn Công Trứ", [
            "Đền Nguyễn Công Trứ, còn gọi là Truy Tư Từ, ở xã Quang Thiện (huyện Kim Sơn cũ), gần Phát Diệm.",
            "Đền thờ Doanh điền sứ Nguyễn Công Trứ (1778 – 1858), người đứng đầu công cuộc khẩn hoang lập "
            "nên huyện Kim Sơn năm 1829. Người dân Kim Sơn lập đền thờ ông từ khi ông còn sống.",
            "Đây là di tích lịch sử cấp quốc gia.",
            APPROXIMATE_VI,
        ]),
        "en": ("Nguyễn Công Trứ Temple", [
            "The Nguyễn Công Trứ Temple, also called Truy Tư Từ, is in Quang Thiện commune (formerly Kim Sơn "
            "district), near Phát Diệm.",
            "It honours Nguyễn Công Trứ (1778 – 1858), the official who led the land reclamation that founded "
            "Kim Sơn district in 1829. The people of Kim Sơn built the temple while he was still alive.",
            "It is a national historic relic.",
            APPROXIMATE_EN,
        ]),
    },
]


# --- wifi points and digital libraries ---------------------------------------------------------

# The seeds' own: "Công trình Wifi công cộng và Thư viện số tại xóm 4, xã Đồng Hướng, huyện Kim Sơn".
SEED_WIFI = {
    "name": "Thư viện số và wifi công cộng xóm 4 (Đồng Hướng)",
    "kind": "digital_library",
    "old": "Xã Đồng Hướng, Huyện Kim Sơn, Tỉnh Ninh Bình",
    "commune": "14647",  # Xã Quang Thiện
    "address": "Xóm 4 (xã Đồng Hướng, huyện Kim Sơn cũ)",
    "point": (20.090913, 106.100761),
    "wifi_name": "ThanhNien_Xom4_DongHuong",
}

# Where the demo adds points when Tháng Thanh niên's works give fewer than a dozen (a bare
# database): (commune code, kind). At the commune's first culture house when it has one.
WIFI_FALLBACK = [
    ("14329", "wifi_point"),       # Phường Hoa Lư
    ("14464", "wifi_point"),       # Xã Gia Viễn
    ("14428", "digital_library"),  # Xã Nho Quan
    ("14701", "wifi_point"),       # Xã Yên Mô
    ("14362", "wifi_point"),       # Phường Tam Điệp
    ("14638", "digital_library"),  # Xã Kim Sơn
    ("13285", "wifi_point"),       # Phường Phủ Lý
    ("13573", "wifi_point"),       # Xã Lý Nhân
    ("13669", "digital_library"),  # Phường Nam Định
    ("14215", "wifi_point"),       # Xã Hải Hậu
    ("14167", "wifi_point"),       # Xã Giao Thủy
]
WIFI_TARGET = 12

WIFI_HOURS = ["6:00–22:00 hằng ngày", "Cả ngày, 24/24", "5:30–22:30 hằng ngày"]
LIBRARY_HOURS = [
    "8:00–11:00 và 14:00–17:00, thứ Bảy và Chủ nhật; wifi mở cả ngày",
    "7:30–11:30 và 14:00–20:00 hằng ngày",
    "17:00–21:00 các ngày trong tuần; 8:00–17:00 Chủ nhật",
]


# --- OCOP and farm products --------------------------------------------------------------------

# (producer, kind, old address, commune code of today). Phones follow in order: 0900000001, …
PRODUCERS = {
    "comchay": ("Cơ sở cơm cháy Hoa Lư (mẫu)", "household",
                "Phường Ninh Khánh, Thành phố Ninh Bình, Tỉnh Ninh Bình", "14329"),
    "ruou": ("HTX rượu truyền thống Lai Thành (mẫu)", "cooperative",
             "Xã Lai Thành, Huyện Kim Sơn, Tỉnh Ninh Bình", "14674"),
    "de": ("Trang trại dê núi Trung Sơn (mẫu)", "household",
           "Phường Trung Sơn, Thành phố Tam Điệp, Tỉnh Ninh Bình", "14365"),
    "coi": ("HTX cói Kim Chính (mẫu)", "cooperative",
            "Xã Kim Chính, Huyện Kim Sơn, Tỉnh Ninh Bình", "14620"),
    "nemchua": ("Cơ sở nem chua Yên Mạc (mẫu)", "household",
                "Xã Yên Mạc, Huyện Yên Mô, Tỉnh Ninh Bình", "14743"),
    "mamtep": ("Hộ sản xuất mắm tép Gia Vân (mẫu)", "household",
               "Xã Gia Vân, Huyện Gia Viễn, Tỉnh Ninh Bình", "14488"),
    "banhda": ("HTX bánh đa nem làng Chều (mẫu)", "cooperative",
               "Xã Nguyên Lý, Huyện Lý Nhân, Tỉnh Hà Nam", "13591"),
    "chuoi": ("HTX chuối ngự Đại Hoàng (mẫu)", "cooperative",
              "Xã Hòa Hậu, Huyện Lý Nhân, Tỉnh Hà Nam", "13627"),
    "cakho": ("Hộ kinh doanh cá kho làng Vũ Đại (mẫu)", "household",
              "Xã Hòa Hậu, Huyện Lý Nhân, Tỉnh Hà Nam", "13627"),
    "keo": ("Cơ sở kẹo Sìu Châu Nam Định (mẫu)", "household",
            "Phường Năng Tĩnh, Thành phố Nam Định, Tỉnh Nam Định", "13669"),
    "nemnam": ("Cơ sở nem nắm Giao Thủy (mẫu)", "household",
               "Thị trấn Giao Thủy, Huyện Giao Thủy, Tỉnh Nam Định", "14167"),
    "gao": ("HTX nông nghiệp Yên Định (mẫu)", "cooperative",
            "Thị trấn Yên Định, Huyện Hải Hậu, Tỉnh Nam Định", "14215"),
    "muoi": ("HTX muối Bạch Long (mẫu)", "cooperative",
             "Xã Bạch Long, Huyện Giao Thủy, Tỉnh Nam Định", "14194"),
    "dua": ("Tổ hợp tác trồng dứa Quang Sơn (mẫu)", "other",
            "Xã Quang Sơn, Thành phố Tam Điệp, Tỉnh Ninh Bình", "14362"),
    "theu": ("HTX thêu ren Văn Lâm (mẫu)", "cooperative",
             "Xã Ninh Hải, Huyện Hoa Lư, Tỉnh Ninh Bình", "14359"),
    "da": ("Cơ sở đá mỹ nghệ Ninh Vân (mẫu)", "household",
           "Xã Ninh Vân, Huyện Hoa Lư, Tỉnh Ninh Bình", "14359"),
    "ong": ("HTX ong mật Cúc Phương (mẫu)", "cooperative",
            "Xã Cúc Phương, Huyện Nho Quan, Tỉnh Ninh Bình", "14404"),
    "trong": ("Cơ sở trống Đọi Tam (mẫu)", "household",
              "Xã Tiên Sơn, Thị xã Duy Tiên, Tỉnh Hà Nam", "13363"),
    "banhnhan": ("Cơ sở bánh nhãn Hải Hậu (mẫu)", "household",
                 "Xã Hải Nam, Huyện Hải Hậu, Tỉnh Nam Định", "14248"),
    "gom": ("HTX gốm Bồ Bát (mẫu)", "cooperative",
            "Xã Yên Thành, Huyện Yên Mô, Tỉnh Ninh Bình", "14746"),
}

PRODUCER_ABOUT = "Cơ sở sản xuất mẫu của bản trình diễn Tiên Phong: tên, địa chỉ và số điện thoại không có thật."

# (producer key, name, category, OCOP stars, OCOP year, price ₫, per, season, description, card colour)
PRODUCTS = [
    ("comchay", "Cơm cháy chà bông Ninh Bình", "ocop", 4, 2021, 55_000, "hộp 300 g", "Quanh năm",
     "Cơm cháy làm từ gạo tẻ, sấy giòn, phủ mỡ hành và chà bông. Đóng hộp, dùng ăn vặt hoặc làm quà.",
     (196, 140, 40)),
    ("ruou", "Rượu gạo nếp Kim Sơn", "ocop", 3, 2020, 90_000, "chai 1 lít", "Quanh năm",
     "Rượu trắng nấu từ gạo nếp theo cách truyền thống của Kim Sơn. Chỉ bán cho người từ 18 tuổi; "
     "uống có trách nhiệm.", (120, 100, 80)),
    ("de", "Thịt dê núi sơ chế", "farm", None, None, 320_000, "kg", "Quanh năm",
     "Dê nuôi thả trên núi đá vôi, thịt săn chắc, ít mỡ. Thịt đã sơ chế, đóng túi hút chân không.",
     (140, 60, 50)),
    ("coi", "Chiếu cói Kim Sơn", "ocop", 4, 2022, 280_000, "chiếc 1,6 × 2 m", "Quanh năm",
     "Chiếu dệt từ cói trồng ở vùng bãi bồi ven biển Kim Sơn. Mặt chiếu mát, hợp dùng mùa hè.",
     (170, 150, 70)),
    ("nemchua", "Nem chua Yên Mạc", "ocop", 3, 2020, 45_000, "chục (10 chiếc)", "Quanh năm",
     "Nem chua làm từ thịt lợn và bì lợn, lên men tự nhiên, gói lá theo cách làm truyền thống của "
     "làng Yên Mạc.", (190, 70, 70)),
    ("mamtep", "Mắm tép Gia Viễn", "ocop", 3, 2021, 70_000, "hũ 500 g", "Quanh năm",
     "Mắm tép làm từ tép đồng vùng chiêm trũng Gia Viễn, ủ muối và thính gạo. Dùng chưng thịt hoặc "
     "làm nước chấm.", (160, 90, 60)),
    ("banhda", "Bánh đa nem làng Chều", "ocop", 3, 2020, 30_000, "gói 300 g", "Quanh năm",
     "Bánh đa tráng mỏng từ bột gạo, phơi nắng, dùng để cuốn nem rán.", (200, 170, 110)),
    ("chuoi", "Chuối ngự Đại Hoàng", "ocop", 3, 2021, 50_000, "nải", "Quanh năm, nhiều nhất dịp Tết",
     "Giống chuối quả nhỏ, vỏ mỏng, thơm ngọt của làng Đại Hoàng. Tương truyền xưa dùng để tiến vua "
     "nên gọi là chuối ngự.", (190, 170, 30)),
    ("cakho", "Cá kho làng Vũ Đại", "ocop", 4, 2020, 1_200_000, "niêu (khoảng 1,5 kg)",
     "Quanh năm, nhiều nhất dịp Tết",
     "Cá trắm đen kho nhỏ lửa nhiều giờ trong niêu đất theo cách làm của làng Vũ Đại. Xương cá mềm.",
     (90, 60, 40)),
    ("keo", "Kẹo Sìu Châu", "ocop", 3, 2022, 60_000, "hộp 300 g", "Quanh năm",
     "Kẹo lạc mạch nha thơm vừng và gừng, món quà quen thuộc của Nam Định.", (180, 120, 60)),
    ("nemnam", "Nem nắm Giao Thủy", "ocop", 3, 2021, 50_000, "chục (10 chiếc)", "Quanh năm",
     "Nem làm từ thịt lợn, bì lợn và thính gạo, nắm chặt tay; ăn kèm lá sung.", (150, 80, 80)),
    ("gao", "Gạo tám thơm Hải Hậu", "ocop", 4, 2020, 30_000, "kg", "Quanh năm (gạo vụ mùa)",
     "Gạo tám thơm trồng trên đất phù sa ven biển Hải Hậu; cơm dẻo, thơm.", (110, 140, 70)),
    ("muoi", "Muối biển Bạch Long", "ocop", 3, 2020, 15_000, "túi 1 kg", "Quanh năm",
     "Muối phơi cát theo cách làm truyền thống của diêm dân Bạch Long.", (70, 120, 160)),
    ("dua", "Dứa Đồng Giao", "farm", None, None, 15_000, "quả (khoảng 1 kg)", "Tháng 5 – tháng 7",
     "Dứa trồng trên vùng đồi Đồng Giao (Tam Điệp), thịt vàng, vị ngọt thanh.", (200, 150, 20)),
    ("theu", "Khăn trải bàn thêu tay Văn Lâm", "ocop", 3, 2022, 250_000, "chiếc 40 × 40 cm", "Quanh năm",
     "Khăn thêu tay theo nghề thêu truyền thống của làng Văn Lâm, gần Tam Cốc.", (120, 80, 140)),
    ("da", "Lư hương đá Ninh Vân", "craft", None, None, 2_500_000, "chiếc cao 40 cm", "Quanh năm",
     "Đồ đá chạm khắc thủ công của làng nghề đá Ninh Vân. Nhận làm theo mẫu.", (100, 110, 120)),
    ("ong", "Mật ong hoa rừng Cúc Phương", "ocop", 3, 2021, 220_000, "chai 500 ml", "Quanh năm",
     "Mật ong của các đàn ong nuôi ở vùng đệm rừng Cúc Phương, đóng chai thủy tinh.", (210, 150, 30)),
    ("trong", "Trống da Đọi Tam", "craft", None, None, 900_000, "chiếc, mặt trống 30 cm", "Quanh năm",
     "Trống tang gỗ mít, mặt da bò, làm thủ công ở làng nghề Đọi Tam; có nhiều cỡ.", (150, 50, 40)),
    ("banhnhan", "Bánh nhãn Hải Hậu", "ocop", 3, 2020, 40_000, "gói 250 g", "Quanh năm",
     "Bánh nhỏ tròn như quả nhãn, làm từ bột gạo nếp, trứng và đường, chiên giòn rồi phủ đường.",
     (210, 180, 120)),
    ("gom", "Bình gốm Bồ Bát", "ocop", 3, 2023, 350_000, "chiếc cao 30 cm", "Quanh năm",
     "Bình gốm làm và nung thủ công ở làng gốm Bồ Bát, Yên Mô.", (120, 90, 70)),
]
