"""Word lists for the demo's field work (`tienphong.demo.field`): procedures, places, works.

Procedure names are those of the National Public Service Portal (Cổng Dịch vụ công quốc gia)
that volunteers help with most: civil status, residence, driving licences, criminal records.
"""

# (procedure, weight): what an "online public service" entry was filed for.
PROCEDURES = [
    ("Đăng ký khai sinh", 14),
    ("Đăng ký thường trú", 12),
    ("Đăng ký tạm trú", 8),
    ("Cấp đổi giấy phép lái xe", 9),
    ("Cấp phiếu lý lịch tư pháp", 8),
    ("Đăng ký kết hôn", 6),
    ("Đăng ký khai tử", 3),
    ("Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ em dưới 6 tuổi", 7),
    ("Cấp giấy xác nhận tình trạng hôn nhân", 6),
    ("Cấp bản sao trích lục hộ tịch", 4),
    ("Chứng thực bản sao điện tử từ bản chính", 5),
    ("Cấp lại, đổi thẻ bảo hiểm y tế", 5),
    ("Đăng ký, cấp biển số xe", 3),
    ("Thông báo lưu trú", 3),
    ("Giải quyết hưởng trợ cấp thất nghiệp", 2),
    ("Đăng ký biến động quyền sử dụng đất", 2),
    ("Nộp thuế, lệ phí trước bạ", 2),
]

# Services of one entry, by where it happened: (service code, weight). The first service of
# an entry is drawn from these; a second one (a third, rarely) from the same list.
SERVICE_WEIGHTS = {
    "door_to_door": [("vneid", 38), ("public_service", 18), ("cashless", 16), ("citizen_apps", 13),
                     ("ecommerce", 3), ("cyber_safety", 8), ("other", 4)],
    "commune_office": [("public_service", 50), ("vneid", 32), ("cashless", 6), ("citizen_apps", 7),
                       ("cyber_safety", 2), ("other", 3)],
    "service_center": [("public_service", 62), ("vneid", 28), ("cashless", 4), ("citizen_apps", 4),
                       ("other", 2)],
    "class": [("vneid", 35), ("public_service", 20), ("cashless", 18), ("cyber_safety", 17),
              ("citizen_apps", 10)],
    "other": [("vneid", 30), ("cashless", 25), ("ecommerce", 12), ("public_service", 12),
              ("citizen_apps", 11), ("cyber_safety", 6), ("other", 4)],
}

# "Elsewhere": a market, the post office, a health station, a festival.
OTHER_PLACE_NOTES = [
    "Chợ {short}", "Trạm y tế {low}", "Bưu điện văn hóa {low}", "Sân vận động {low}",
    "Nhà thờ giáo xứ {short}", "Chợ phiên {short}", "Hợp tác xã nông nghiệp {short}",
]

# Notes volunteers leave now and then (partly done or referred entries have their own).
NOTES_DONE = [
    "Người cao tuổi, hỗ trợ tại nhà", "Hướng dẫn cả gia đình", "Cài đặt và hướng dẫn sử dụng",
    "Hộ nghèo, chưa có điện thoại thông minh: dùng máy của con", "Người khuyết tật, hỗ trợ tại nhà",
    "Hướng dẫn lại lần 2", "Đã kích hoạt, người dân tự đăng nhập được",
]
NOTES_PARTLY = [
    "Chưa có căn cước gắn chip, hẹn lần sau", "Điện thoại không đủ dung lượng, hẹn quay lại",
    "Thiếu giấy tờ, hẹn bổ sung", "Mạng yếu, chưa nộp xong hồ sơ", "Quên mật khẩu, chờ cấp lại",
]
NOTES_REFERRED = [
    "Chuyển công an xã xử lý sai lệch thông tin", "Chuyển bộ phận một cửa", "Chuyển ngân hàng hỗ trợ mở tài khoản",
    "Sai thông tin trên cơ sở dữ liệu dân cư, chuyển công an",
]

# Topics a class may add to (or teach instead of) the national modules.
CLASS_TOPICS = [
    "Nhận diện lừa đảo qua điện thoại và mạng xã hội", "Sử dụng Zalo, Facebook an toàn",
    "Bán nông sản trên sàn thương mại điện tử", "Khám chữa bệnh bằng căn cước và VNeID",
    "Tra cứu và nộp thuế đất qua ứng dụng", "Cài đặt và dùng ứng dụng VssID",
    "Chụp ảnh, quay video giới thiệu sản phẩm địa phương",
]

# Local products that get QR codes and e-commerce pages (generic enough for any commune).
PRODUCTS = [
    "gạo nếp cái hoa vàng", "gạo tám thơm", "nem chua", "cơm cháy", "thịt dê núi", "mật ong",
    "chiếu cói", "đồ thủ công mỹ nghệ cói", "thêu ren", "miến dong", "bánh đa nem", "rượu nếp",
    "rau an toàn", "nấm sạch", "cá kho", "tương bần", "chuối ngự", "nước mắm", "bánh gai",
    "trứng vịt", "dưa lê", "vải thiều",
]
PRODUCT_MAKERS = ["hợp tác xã {short}", "các hộ sản xuất {village}", "tổ hợp tác {village}",
                  "chủ thể OCOP {low}"]

# Relics and red addresses digitised with QR codes ("{village}": a village of the commune).
RELICS = [
    "Đình làng {village}", "Chùa {village}", "Đền thờ Thành hoàng làng {village}", "Nhà thờ họ Đinh {village}",
    "Đình {short}", "Đền Mẫu {short}", "Bia tưởng niệm liệt sĩ {low}", "Nghĩa trang liệt sĩ {low}",
    "Di tích lịch sử cách mạng {low}", "Phủ Thượng {short}",
]

# Youth-work titles by kind: {place}, {village}, {short}, {low}, {product}, {maker}, {relic}.
WORK_TITLES = {
    "wifi_point": [
        "Công trình thanh niên “Điểm wifi miễn phí” tại {place}",
        "Lắp đặt wifi công cộng miễn phí tại {place}",
    ],
    "digital_library": [
        "Công trình thanh niên “Thư viện số” tại {place}",
        "Xây dựng “Tủ sách – Thư viện số” tại {place}",
    ],
    "relic_digitisation": [
        "Số hóa, gắn mã QR thuyết minh di tích {relic}",
        "Chuyển đổi số trong quảng bá di tích: {relic}",
        "Số hóa địa chỉ đỏ {relic}",
    ],
    "product_qr": [
        "Gắn mã QR truy xuất nguồn gốc sản phẩm {product} của {maker}",
        "Hỗ trợ đưa sản phẩm {product} của {maker} lên sàn thương mại điện tử",
        "Hướng dẫn bán {product} qua mạng xã hội cho {maker}",
    ],
    "training": [
        "Tập huấn kỹ năng số cho cán bộ {village}",
        "Hướng dẫn người cao tuổi {village} sử dụng điện thoại thông minh",
        "Tập huấn cài đặt, sử dụng VNeID mức 2 cho hội viên phụ nữ {village}",
        "Tuyên truyền phòng, chống lừa đảo trên không gian mạng tại {village}",
        "Hướng dẫn đoàn viên {low} dùng sổ tay đoàn viên điện tử",
        "Lớp “Bình dân học vụ số” cho người dân {village}",
    ],
    "other": [
        "Ra quân “Ngày thứ Bảy chuyển đổi số” tại {village}",
        "Hỗ trợ tiểu thương chợ {short} mở mã QR thanh toán",
        "Gắn biển số nhà kèm mã QR định vị tại {village}",
        "Lắp đặt camera an ninh tại {village}",
        "Tặng điện thoại thông minh cho hộ nghèo {village}",
        "Số hóa hồ sơ, sổ sách chi đoàn {village}",
        "Xây dựng bản đồ số các điểm dịch vụ công {low}",
        "Cài đặt ứng dụng thanh toán cho hộ kinh doanh {village}",
        "“Góc chuyển đổi số” tại {place}",
    ],
}

# Why a commune secretary returned a work.
REVIEW_NOTES_RETURNED = [
    "Bổ sung ảnh minh chứng trước và sau khi thực hiện",
    "Giá trị làm lợi chưa có căn cứ, đề nghị ghi rõ chi phí",
    "Ghi rõ số người hưởng lợi và địa điểm",
    "Trùng với công trình đã báo cáo, đề nghị kiểm tra lại",
]
REVIEW_NOTES_APPROVED = ["", "", "", "Đúng tiến độ", "Công trình thiết thực", "Đề nghị nhân rộng"]
