"""Vietnamese texts for the JSON API: the sync API's per-entry reasons, the figures API's query
(merged by scripts/vi_catalogue.py)."""

VI = {
    # support/services.py: why one entry of a phone's batch is refused
    "The entry has no id: the phone must give each entry a UUID.":
        "Bản ghi không có mã: điện thoại phải gán cho mỗi bản ghi một mã UUID.",
    "Choose at most %(max)s services.": "Chọn tối đa %(max)s dịch vụ.",
    "Name at most %(max)s volunteers.": "Ghi tối đa %(max)s tình nguyện viên.",
    "The text contains invisible control characters that cannot be stored; retype it.":
        "Văn bản có ký tự điều khiển ẩn không lưu được; hãy gõ lại.",
    "At most %(max)s characters (this text has %(count)s).": "Tối đa %(max)s ký tự (văn bản này có %(count)s).",
    # support/new.html: an entry the server already had with other content
    "Already stored with other content (changed elsewhere); the stored version is kept and your change "
    "was not saved:":
        "Bản ghi này đã được lưu với nội dung khác (đã sửa ở nơi khác); hệ thống giữ bản đã lưu, "
        "thay đổi của bạn không được lưu:",
    # reports/periods.py, reports/api.py: the figures API's query
    "Write the date as yyyy-mm-dd.": "Ghi ngày theo dạng yyyy-mm-dd.",
    "This date does not exist.": "Ngày này không có thật.",
    "Choose a date from %(first)s to %(last)s.": "Chọn ngày từ %(first)s đến %(last)s.",
    "No row has the id 0.": "Không có mục nào mang mã 0.",
    "Name the campaign (campaign=<id>).": "Hãy nêu chiến dịch (campaign=<mã>).",
    "The end comes before the start.": "Ngày kết thúc đứng trước ngày bắt đầu.",
    "A custom range spans at most %(days)s days.": "Khoảng thời gian tự chọn dài tối đa %(days)s ngày.",
}
