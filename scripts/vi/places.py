"""Vietnamese texts for the places app and the shared citizen profile (merged by scripts/vi_catalogue.py)."""

VI = {
    "Places": "Địa điểm",
    "Village culture house": "Nhà văn hóa thôn/xóm",
    "School": "Trường học",
    "Commune hall": "Hội trường xã/phường",
    "Village / hamlet": "Thôn/xóm",
    "Public administrative service center": "Trung tâm phục vụ hành chính công",
    "Relic": "Di tích",
    "Red address": "Địa chỉ đỏ",
    "address": "địa chỉ",
    "place": "địa điểm",
    "places": "địa điểm",
    "Under 18": "Dưới 18",
    "18–35": "18–35",
    "36–59": "36–59",
    "60 and over": "Từ 60 trở lên",
    "age band": "độ tuổi",
    "source": "nguồn",
    "village / address": "thôn/xóm, địa chỉ",
    "volunteers": "tình nguyện viên",
    "name in English": "tên tiếng Anh",
    "position": "thứ tự",

    # --- issue 5: places with public pages -------------------------------------------------------
    # models
    "Special national relic": "Di tích quốc gia đặc biệt",
    "National relic": "Di tích quốc gia",
    "Provincial relic": "Di tích cấp tỉnh",
    "opening hours": "giờ mở cửa",
    "ranking": "xếp hạng",
    "year recognised": "năm công nhận",
    "wifi network name": "tên mạng wifi",
    "Demo content: the public page says it is a sample.": "Nội dung minh họa: trang công khai ghi rõ là nội dung mẫu.",
    "published": "ngày công khai",
    "language": "ngôn ngữ",
    "name in this language": "tên bằng ngôn ngữ này",
    "story": "bài giới thiệu",
    "stories": "bài giới thiệu",
    "audio guide": "thuyết minh âm thanh",
    # shared audio checks (core.images)
    "The audio file is %(size)s MB; the largest accepted is %(max)s MB.":
        "Tệp âm thanh nặng %(size)s MB; tối đa %(max)s MB.",
    "This file is not an audio recording (MP3, M4A, OGG or WAV).":
        "Tệp này không phải bản ghi âm thanh (MP3, M4A, OGG hoặc WAV).",
    # forms
    "Write the latitude and the longitude, e.g. 20.2506, 105.9745.":
        "Hãy ghi vĩ độ và kinh độ, ví dụ 20.2506, 105.9745.",
    "Coordinates": "Tọa độ",
    "Latitude, longitude: in Google Maps, press and hold the spot and copy the numbers. "
    "Places with coordinates show on the public map.":
        "Vĩ độ, kinh độ: trên Google Maps, nhấn giữ vào vị trí rồi sao chép dãy số. "
        "Địa điểm có tọa độ sẽ hiện trên bản đồ công khai.",
    "Year recognised": "Năm công nhận",
    "For example: 7:00–17:00 every day. For a wifi point: its hours.":
        "Ví dụ: 7:00–17:00 hằng ngày. Với điểm wifi: giờ phát wifi.",
    "Relics only.": "Chỉ dành cho di tích.",
    "Wifi points: the network name visitors look for.": "Điểm wifi: tên mạng người dân, du khách sẽ tìm.",
    "Name in this language": "Tên bằng ngôn ngữ này",
    "Leave empty to show the place's own name.": "Để trống thì hiển thị tên gốc của địa điểm.",
    "Story": "Bài giới thiệu",
    "Plain text; a blank line starts a new paragraph.": "Văn bản thường; một dòng trống để sang đoạn mới.",
    "Audio guide": "Thuyết minh âm thanh",
    "MP3, M4A, OGG or WAV, read aloud in this language.": "MP3, M4A, OGG hoặc WAV, đọc bằng ngôn ngữ này.",
    "Remove the audio guide": "Bỏ tệp thuyết minh",
    "JPEG, PNG or WebP; several at once. Each is resized for phones.":
        "JPEG, PNG hoặc WebP; chọn được nhiều ảnh một lúc. Ảnh được thu nhỏ cho điện thoại.",
    "Caption": "Chú thích",
    "Order": "Thứ tự",
    "Drafts and published": "Nháp và đã công khai",
    # services
    "The %(field)s is %(n)s characters long; keep it to %(max)s or fewer.":
        "Phần “%(field)s” dài %(n)s ký tự; hãy rút gọn còn tối đa %(max)s ký tự.",
    "Give the place a name.": "Hãy đặt tên cho địa điểm.",
    "Choose the kind of place.": "Hãy chọn loại địa điểm.",
    "Choose a ranking from the list.": "Hãy chọn xếp hạng trong danh sách.",
    "A place belongs to a commune or ward.": "Địa điểm phải thuộc một xã, phường.",
    "You cannot keep the places of %(unit)s.": "Bạn không được quản lý địa điểm của %(unit)s.",
    "Give both the latitude and the longitude, or neither.": "Hãy ghi cả vĩ độ và kinh độ, hoặc để trống cả hai.",
    "The latitude is between -90 and 90 (Ninh Bình is near 20.2).":
        "Vĩ độ nằm trong khoảng -90 đến 90 (Ninh Bình ở khoảng 20.2).",
    "The longitude is between -180 and 180 (Ninh Bình is near 105.9).":
        "Kinh độ nằm trong khoảng -180 đến 180 (Ninh Bình ở khoảng 105.9).",
    "The year recognised is between %(first)s and %(last)s.": "Năm công nhận phải từ %(first)s đến %(last)s.",
    "%(commune)s already has a place named %(name)s.": "%(commune)s đã có địa điểm tên %(name)s.",
    "This place is no longer in use; mark it active before publishing.":
        "Địa điểm này đang ngừng sử dụng; hãy đánh dấu đang sử dụng trước khi công khai.",
    "A relic or red address is published with its story: write the story in Vietnamese first "
    "(English and other languages can follow).":
        "Di tích, địa chỉ đỏ chỉ được công khai khi có bài giới thiệu: hãy viết bài bằng tiếng Việt trước "
        "(tiếng Anh và các ngôn ngữ khác có thể bổ sung sau).",
    "Choose a language from the list.": "Hãy chọn ngôn ngữ trong danh sách.",
    "The story is %(n)s characters long; keep it to %(max)s or fewer.":
        "Bài giới thiệu dài %(n)s ký tự; hãy rút gọn còn tối đa %(max)s ký tự.",
    "The published page shows this story: it cannot be left empty. Unpublish the place first to remove it.":
        "Trang đang công khai hiển thị bài này nên không được để trống. Hãy thôi công khai trước khi xóa bài.",
    "Choose one or more photos to add.": "Hãy chọn một hoặc nhiều ảnh để thêm.",
    "A place shows at most %(max)s photos; it has %(n)s already.":
        "Mỗi địa điểm có tối đa %(max)s ảnh; hiện đã có %(n)s ảnh.",
    "The order is a number from 0 to 999.": "Thứ tự là một số từ 0 đến 999.",
    # staff pages
    "The first photo (lowest order) leads the public page.": "Ảnh đầu tiên (thứ tự nhỏ nhất) làm ảnh bìa trang công khai.",
    "not in use": "ngừng sử dụng",
    "Unpublish": "Thôi công khai",
    "Write the story in Vietnamese before publishing: visitors scanning the code at the gate read it first.":
        "Hãy viết bài giới thiệu tiếng Việt trước khi công khai: du khách quét mã ở cổng sẽ đọc bài này đầu tiên.",
    "not set: the place is not on the map": "chưa có: địa điểm chưa hiện trên bản đồ",
    "Opening hours": "Giờ mở cửa",
    "Ranking": "Xếp hạng",
    "recognised %(year)s": "công nhận năm %(year)s",
    "Wifi network": "Mạng wifi",
    "Visitors see it once it is published.": "Người xem thấy trang này khi đã công khai.",
    "Story and audio guide": "Bài giới thiệu và thuyết minh",
    "not written yet": "chưa viết",
    "Write": "Viết",
    "Add a language:": "Thêm ngôn ngữ:",
    "No photo yet.": "Chưa có ảnh.",
    "Manage photos": "Quản lý ảnh",
    "Youth works here": "Công trình thanh niên tại đây",
    "Approved works show on the public page (who installed the wifi point or the library).":
        "Công trình đã duyệt hiện trên trang công khai (đơn vị lắp đặt điểm wifi, thư viện).",
    "No youth work is linked to this place yet: choose the place when filing a work.":
        "Chưa có công trình nào gắn với địa điểm này: hãy chọn địa điểm khi đăng ký công trình.",
    "Edit place": "Sửa địa điểm",
    "Add a place": "Thêm địa điểm",
    "Use where I stand": "Lấy vị trí hiện tại",
    "Name or address — diacritics optional": "Tên hoặc địa chỉ — gõ có dấu hay không dấu đều được",
    "Search places": "Tìm địa điểm",
    "Public map": "Bản đồ công khai",
    ("%(n)s place", "%(n)s places"): ["%(n)s địa điểm"],
    "No place matches.": "Không có địa điểm phù hợp.",
    "Visitors who choose this language read it; until it is written they read the Vietnamese story with a note.":
        "Người xem chọn ngôn ngữ này sẽ đọc bài này; khi chưa có, họ đọc bài tiếng Việt kèm ghi chú.",
    "Now: %(s)s seconds. A new file replaces it.": "Hiện có: %(s)s giây. Tệp mới sẽ thay tệp cũ.",
    "Place %(name)s added as a draft.": "Đã thêm địa điểm %(name)s (bản nháp).",
    "Story saved.": "Đã lưu bài giới thiệu.",
    "Story removed.": "Đã xóa bài giới thiệu.",
    "The photo could not be saved.": "Không lưu được ảnh.",
    "Published: visitors can now open the page.": "Đã công khai: mọi người có thể mở trang.",
    "Unpublished: the page is a draft again.": "Đã thôi công khai: trang trở lại bản nháp.",
    # public pages
    "Relics, red addresses, public wifi points and digital libraries of the communes, on a map.":
        "Di tích, địa chỉ đỏ, điểm wifi công cộng và thư viện số của các xã, phường trên bản đồ.",
    "Kind of place": "Loại địa điểm",
    "Map of places": "Bản đồ địa điểm",
    "Open the page": "Mở trang",
    "No place is published yet.": "Chưa có địa điểm nào được công khai.",
    "Demo text, to be replaced by the commune": "Nội dung minh họa, xã/phường sẽ thay bằng nội dung chính thức",
    "Sample content": "Nội dung mẫu",
    "recognised in %(year)s": "công nhận năm %(year)s",
    "Recognised": "Năm công nhận",
    "Wifi hours": "Giờ phát wifi",
    "Listen": "Nghe",
    "Length": "Thời lượng",
    "Not yet translated: the story below is in Vietnamese.": "Chưa được dịch: bài dưới đây bằng tiếng Việt.",
    "Installed by": "Đơn vị lắp đặt",
    "Set up by": "Đơn vị xây dựng",
    "Youth Union": "Đoàn Thanh niên",
    "Nearby": "Địa điểm lân cận",
    "Directions": "Chỉ đường",
    "Show": "Xem",
    "Delete this photo?": "Xóa ảnh này?",
}
