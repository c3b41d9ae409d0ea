"""Vietnamese texts for the QR app (codes, scans, posters, labels) and its dashboard figure."""

VI = {
    # the app and its models
    "QR codes": "Mã QR",
    "QR code": "Mã QR",
    "code": "mã",
    # a scan of a draft's code
    "Not published yet": "Chưa công bố",
    "This page is not published yet.": "Trang này chưa được công bố.",
    "This page is not published yet": "Trang này chưa được công bố",
    "The QR code you scanned is ready, but the page it opens is still being written. Please come back later.":
        "Mã QR bạn vừa quét đã sẵn sàng, nhưng trang thông tin vẫn đang được biên soạn. Mời bạn quay lại sau.",
    # posters and labels
    "Scan for information": "Quét mã để xem thông tin",
    "A poster is A4 or A5.": "Áp phích chỉ in khổ A4 hoặc A5.",
    "A label must be at least %(w)s × %(h)s mm, or its QR code is too small to scan.":
        "Nhãn phải có kích thước tối thiểu %(w)s × %(h)s mm, nếu nhỏ hơn mã QR sẽ khó quét.",
    "A label can be at most %(w)s × %(h)s mm, to fit on an A4 page.":
        "Nhãn có kích thước tối đa %(w)s × %(h)s mm để vừa một trang A4.",
    "Choose at least one product to print labels for.": "Hãy chọn ít nhất một sản phẩm để in nhãn.",
    # the panel on a staff page
    "The page is a draft: a scan shows “not published yet” and is not counted until it is published.":
        "Trang đang là bản nháp: khi quét mã, người xem thấy thông báo “chưa công bố” và lượt quét chưa được "
        "tính cho đến khi trang được công bố.",
    "The address never changes, even when the page is renamed: print it once.":
        "Địa chỉ này không bao giờ thay đổi, kể cả khi đổi tên trang: chỉ cần in một lần.",
    "Poster A4 (PDF)": "Áp phích A4 (PDF)",
    "Poster A5 (PDF)": "Áp phích A5 (PDF)",
    "Scans": "Lượt quét",
    "today": "hôm nay",
    "last 7 days": "7 ngày qua",
    "last 30 days": "30 ngày qua",
    "all time": "từ trước đến nay",
    "Scans per day, last 14 days": "Lượt quét theo ngày, 14 ngày qua",
    "No scans in the last 14 days.": "Chưa có lượt quét nào trong 14 ngày qua.",
    # dashboards (tienphong/reports/indicators.py)
    "QR scans": "Lượt quét mã QR",
    "Scans of the QR codes of the public pages of places and products, counted per day.":
        "Số lượt quét mã QR của các trang công khai về địa điểm và sản phẩm, tính theo ngày.",
    "Kind of page": "Loại trang",
    "Places": "Địa điểm",
    "Products": "Sản phẩm",
    "Producers": "Cơ sở sản xuất",
}
