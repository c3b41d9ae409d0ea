"""Vietnamese texts for member imports: huge sheets, formulas without values, pending files
(merged by scripts/vi_catalogue.py)."""

VI = {
    # a sheet that declares more rows than a file may hold
    "The sheet “%(sheet)s” has %(rows)s rows; a file can hold at most %(max)s member rows. "
    "Delete the empty rows below the members or split the file into several files.":
        "Trang tính “%(sheet)s” có %(rows)s dòng; mỗi tệp chỉ nhập được tối đa %(max)s đoàn viên. "
        "Hãy xóa các dòng trống bên dưới danh sách hoặc chia thành nhiều tệp.",
    # a formula cell the file holds without its calculated value
    "The cell has a formula but no calculated value; paste the values (Paste Values) and upload the file again.":
        "Ô có công thức nhưng không có giá trị đã tính; hãy dán giá trị (Paste Values) rồi tải lên lại.",
    # manage.py purge_pending_imports
    "Deleted %(count)s pending import files older than %(hours)s hours.":
        "Đã xóa %(count)s tệp nhập đang chờ xác nhận cũ hơn %(hours)s giờ.",
}
