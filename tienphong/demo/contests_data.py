"""What the demo's contests and ecosystem say: the contest, its rubric, thirty ideas of young people of Ninh
Bình, the jurors, experts and startups (tienphong/demo/contests.py writes them)."""

CONTEST = "Cuộc thi Ý tưởng thanh niên chuyển đổi số năm 2026"
CONTEST_THEME = ("Tuổi trẻ Ninh Bình tiên phong chuyển đổi số: ý tưởng, giải pháp của đoàn viên, thanh niên cho "
                 "chính quyền số, kinh tế số và xã hội số ở thôn, xóm, tổ dân phố.")
CONTEST_PRIZES = ("01 giải Nhất (10.000.000 ₫), 02 giải Nhì (6.000.000 ₫), 03 giải Ba (3.000.000 ₫) và các giải "
                  "Khuyến khích; ba ý tưởng xuất sắc được Tỉnh Đoàn và các đối tác hỗ trợ triển khai thành dự án.")
CATEGORIES = ["Chính quyền số", "Kinh tế số", "Xã hội số"]
# (criterion, weight %, what each level means): the first one breaks ties (contests/ranking.py).
RUBRIC = [
    ("Tính mới, sáng tạo", 25,
     "0–3: đã có sẵn, sao chép; 4–6: cải tiến một cách làm đã có; 7–8: cách làm mới ở địa phương; "
     "9–10: mới, chưa thấy ở nơi khác."),
    ("Tính khả thi", 25,
     "0–3: khó làm được; 4–6: làm được nếu có thêm nguồn lực lớn; 7–8: làm được với nguồn lực của đoàn và đối tác; "
     "9–10: làm được ngay, đã có bản thử."),
    ("Hiệu quả, tác động xã hội", 20,
     "0–3: lợi ích chưa rõ; 4–6: có lợi cho một nhóm nhỏ; 7–8: lợi ích rõ, đo được cho cả thôn, xã; "
     "9–10: thay đổi rõ cách người dân làm việc, sinh sống."),
    ("Khả năng nhân rộng", 15,
     "0–3: chỉ hợp một nơi; 4–6: nhân rộng được khi sửa nhiều; 7–8: dùng được ở nhiều xã, phường; "
     "9–10: dùng được cả tỉnh, chi phí thấp."),
    ("Trình bày, thuyết minh", 15,
     "0–3: khó hiểu, thiếu thông tin; 4–6: đủ ý nhưng chưa rõ; 7–8: rõ ràng, có số liệu; "
     "9–10: thuyết phục, có bản demo hoặc video."),
]

OPEN_CONTEST = "Cuộc thi Sáng kiến chi đoàn số “Thanh niên Ninh Bình vì cộng đồng số”"
OPEN_THEME = ("Mỗi chi đoàn một sáng kiến số: giúp người dân dùng dịch vụ công trực tuyến, thanh toán không dùng "
              "tiền mặt, an toàn trên mạng; sáng kiến được chọn được Tỉnh Đoàn hỗ trợ làm thử tại thôn, xóm.")
OPEN_CATEGORIES = ["Chi đoàn số", "Cộng đồng số"]
OPEN_RUBRIC = [
    ("Tính thiết thực", 40, "0–3: ít người cần; 4–7: hữu ích cho một nhóm; 8–10: người dân trong thôn, xóm cần ngay."),
    ("Tính khả thi", 35, "0–3: khó làm; 4–7: làm được khi có hỗ trợ; 8–10: chi đoàn tự làm được."),
    ("Khả năng nhân rộng", 25, "0–3: chỉ hợp một nơi; 4–7: nhân rộng khi sửa ít; 8–10: dùng được ở mọi chi đoàn."),
]
# Entries already in: (category, title, problem, solution, submitted).
OPEN_ENTRIES = [
    (0, "Sổ tay chi đoàn số trên Zalo",
     "Sổ sách chi đoàn ghi tay, đoàn viên đi làm xa không nắm được sinh hoạt, thu đoàn phí chậm.",
     "Nhóm Zalo có sổ tay điện tử: lịch sinh hoạt, biểu quyết nhanh, đoàn phí nộp qua mã QR của chi đoàn.", True),
    (1, "Góc “Hỏi nhanh – Đáp gọn” dịch vụ công ở nhà văn hóa",
     "Người cao tuổi ngại lên xã hỏi thủ tục, thường đi lại nhiều lần vì thiếu giấy tờ.",
     "Mỗi tối thứ Bảy, đoàn viên trực ở nhà văn hóa thôn, có bảng danh mục giấy tờ theo từng thủ tục và "
     "hướng dẫn nộp trực tuyến ngay tại chỗ.", True),
    (1, "Bản đồ điểm wifi miễn phí của xã",
     "Học sinh, người dân không biết chỗ nào có wifi miễn phí để học và làm thủ tục.",
     "Đánh dấu các điểm wifi trên bản đồ số của xã, dán mã QR tại từng điểm.", True),
    (0, "Chi đoàn kể chuyện di tích bằng mã QR", "Di tích ở thôn chưa có thông tin cho khách.",
     "Chi đoàn viết bài, thu âm thuyết minh, gắn mã QR ở cổng di tích.", False),
]

# (category, strength 0–1, title, problem, solution, who benefits)
ENTRIES = [
    # Chính quyền số
    (0, 0.95, "Trợ lý ảo hướng dẫn thủ tục hành chính bằng giọng nói cho người cao tuổi",
     "Người cao tuổi ở thôn khó đọc hướng dẫn trên Cổng Dịch vụ công, phải nhờ con cháu hoặc đi lại nhiều lần "
     "lên xã chỉ để hỏi cần giấy tờ gì.",
     "Một trợ lý ảo trên Zalo trả lời bằng giọng nói tiếng địa phương: người dân hỏi “làm giấy khai sinh cần gì”, "
     "trợ lý đọc danh mục giấy tờ, lệ phí, nơi nộp và đặt lịch hẹn với bộ phận một cửa; đoàn viên cập nhật câu "
     "trả lời mỗi khi thủ tục thay đổi.",
     "Người cao tuổi, người khuyết tật, cán bộ một cửa cấp xã"),
    (0, 0.55, "Bảng tin điện tử thôn, xóm qua mã QR",
     "Thông báo của xã dán ở nhà văn hóa thường bị rách, người đi làm xa không đọc được.",
     "Mỗi thôn có một mã QR dán ở nhà văn hóa và cổng làng, mở trang tin của thôn; trưởng thôn đăng tin bằng "
     "điện thoại, người dân nhận thông báo qua Zalo.",
     "Người dân các thôn, xóm; trưởng thôn"),
    (0, 0.4, "Sổ theo dõi hồ sơ một cửa cho tổ công nghệ số cộng đồng",
     "Tổ công nghệ số hướng dẫn người dân nộp hồ sơ nhưng không theo dõi được hồ sơ đã xong hay còn thiếu.",
     "Một bảng tính dùng chung trên điện thoại: mỗi hồ sơ một dòng, nhắc việc khi quá hạn, báo cáo tháng "
     "tự động cho Đoàn xã.",
     "Tổ công nghệ số cộng đồng, người nộp hồ sơ"),
    (0, 0.7, "Điểm hỗ trợ kích hoạt VNeID lưu động theo lịch chợ phiên",
     "Nhiều người dân vùng đồi chưa kích hoạt tài khoản định danh mức 2 vì ngại lên xã.",
     "Đoàn viên mang máy tính bảng và máy in nhỏ ra chợ phiên theo lịch, phối hợp công an xã kích hoạt VNeID, "
     "hướng dẫn tích hợp giấy tờ; lịch đăng trước trên loa phát thanh và Zalo thôn.",
     "Người dân vùng đồi, tiểu thương chợ phiên"),
    (0, 0.3, "Phản ánh hiện trường bằng ảnh qua mã QR ở khu dân cư",
     "Người dân thấy đèn đường hỏng, rác thải nhưng không biết báo ai.",
     "Mã QR ở các điểm công cộng mở mẫu phản ánh có ảnh và vị trí, chuyển thẳng tới cán bộ phụ trách của xã.",
     "Người dân, Ủy ban nhân dân xã"),
    (0, 0.5, "Lịch tiếp công dân và đặt số thứ tự trực tuyến ở bộ phận một cửa",
     "Sáng thứ Hai bộ phận một cửa đông, người dân chờ lâu, nhiều người về không kịp làm.",
     "Người dân đặt số thứ tự qua Zalo hoặc mã QR, nhận tin nhắn khi sắp đến lượt; đoàn viên hướng dẫn tại chỗ "
     "cho người không dùng điện thoại thông minh.",
     "Người đến làm thủ tục, cán bộ một cửa"),
    (0, 0.2, "Chatbot giải đáp chính sách cho thanh niên hoàn thành nghĩa vụ quân sự",
     "Thanh niên xuất ngũ chưa nắm chính sách học nghề, vay vốn dành cho mình.",
     "Chatbot trên trang của Đoàn xã tổng hợp chính sách, hướng dẫn hồ sơ vay vốn và đăng ký học nghề.",
     "Thanh niên xuất ngũ"),
    (0, 0.62, "Số hóa hồ sơ đoàn viên bằng mã QR trên thẻ đoàn",
     "Sổ đoàn viên giấy dễ thất lạc, chuyển sinh hoạt mất nhiều thời gian.",
     "Mỗi đoàn viên có mã QR trên thẻ, quét để xem quá trình sinh hoạt, chuyển sinh hoạt trực tuyến giữa các "
     "chi đoàn.",
     "Đoàn viên, bí thư chi đoàn"),
    (0, 0.35, "Hộp thư góp ý trực tuyến cho Hội đồng nhân dân xã",
     "Cử tri trẻ ít tham gia tiếp xúc cử tri vì trùng giờ làm.",
     "Trang góp ý trực tuyến trước mỗi kỳ họp, tổng hợp ý kiến theo chủ đề gửi đại biểu.",
     "Cử tri trẻ, đại biểu Hội đồng nhân dân"),
    (0, 0.45, "Bản đồ số nghĩa trang liệt sĩ phục vụ thân nhân tra cứu",
     "Thân nhân liệt sĩ ở xa khó tìm phần mộ khi về viếng.",
     "Chụp ảnh, định vị từng phần mộ, tra cứu theo tên trên điện thoại, có đường dẫn tới vị trí.",
     "Thân nhân liệt sĩ, Ban quản lý nghĩa trang"),
    # Kinh tế số
    (1, 0.9, "Sàn nông sản OCOP của thanh niên trên nền tảng livestream",
     "Nông sản OCOP của các hợp tác xã bán chủ yếu qua thương lái, giá thấp; các hộ trẻ chưa biết bán hàng trực "
     "tuyến.",
     "Đoàn viên lập “tổ livestream” hằng tuần tại hợp tác xã, dựng gian hàng chung trên các sàn thương mại điện tử, "
     "đóng gói và giao hàng cùng bưu điện; lợi nhuận chia theo sản lượng.",
     "Hợp tác xã, hộ sản xuất OCOP, thanh niên nông thôn"),
    (1, 0.85, "Truy xuất nguồn gốc gạo hữu cơ bằng tem QR",
     "Gạo sạch của xã bán giá như gạo thường vì người mua không tin nguồn gốc.",
     "Ghi nhật ký canh tác trên điện thoại, in tem QR cho từng lô gạo: người mua quét thấy ruộng, ngày gieo, "
     "ngày gặt và kết quả kiểm nghiệm.",
     "Hộ trồng lúa hữu cơ, hợp tác xã nông nghiệp"),
    (1, 0.5, "Ứng dụng đặt tour du lịch cộng đồng homestay Tam Cốc",
     "Các homestay nhỏ phụ thuộc vào nền tảng đặt phòng nước ngoài, mất phí hoa hồng cao.",
     "Trang đặt phòng chung của các homestay trong xã, thanh toán qua mã QR ngân hàng, đoàn viên làm hướng dẫn "
     "viên.",
     "Chủ homestay, thanh niên làm du lịch"),
    (1, 0.6, "Nhật ký nuôi ong điện tử cho hợp tác xã mật ong",
     "Hộ nuôi ong ghi chép thủ công, khó chứng minh chất lượng khi làm hồ sơ OCOP.",
     "Cảm biến nhiệt độ, độ ẩm ở thùng ong và nhật ký thu hoạch trên điện thoại; dữ liệu in thành tem truy xuất.",
     "Hộ nuôi ong, hợp tác xã"),
    (1, 0.25, "Chợ quê trực tuyến cho người cao tuổi bán nông sản",
     "Người cao tuổi có rau, trứng, gà nhưng không biết bán trên mạng.",
     "Đoàn viên chụp ảnh, đăng bán hộ trên nhóm Zalo của xã, giao hàng cuối tuần.",
     "Người cao tuổi, người mua trong xã"),
    (1, 0.4, "Thanh toán không tiền mặt ở chợ phiên",
     "Tiểu thương ở chợ phiên chỉ nhận tiền mặt, khách trẻ và khách du lịch ngại mang tiền.",
     "Đoàn viên mở tài khoản, in mã QR cho từng sạp, hướng dẫn kiểm tra tiền về qua tin nhắn.",
     "Tiểu thương, khách mua hàng"),
    (1, 0.33, "Bản đồ số làng nghề đá mỹ nghệ Ninh Vân",
     "Khách muốn đặt hàng đá mỹ nghệ không biết xưởng nào làm mặt hàng gì.",
     "Bản đồ các xưởng với ảnh sản phẩm, giá tham khảo và số điện thoại, có mã QR ở đầu làng.",
     "Chủ xưởng, khách đặt hàng"),
    (1, 0.55, "Nền tảng kết nối lao động thời vụ mùa vụ lúa",
     "Mùa gặt thiếu người làm, thanh niên muốn làm thêm lại không biết chỗ cần người.",
     "Nhóm kết nối trên điện thoại: chủ ruộng đăng việc, thanh niên nhận việc, trả công qua chuyển khoản.",
     "Chủ ruộng, thanh niên làm thêm"),
    (1, 0.15, "Video hướng dẫn trồng dứa theo tiêu chuẩn VietGAP",
     "Nông dân trẻ chưa quen tiêu chuẩn VietGAP.",
     "Chuỗi video ngắn quay tại vườn, đăng trên mạng xã hội của Đoàn xã.",
     "Nông dân trồng dứa"),
    (1, 0.65, "Tem điện tử chống hàng giả cho cơm cháy Ninh Bình",
     "Cơm cháy làm giả bán ở khu du lịch làm mất uy tín sản phẩm OCOP.",
     "Tem QR dùng một lần, quét lần đầu báo hàng thật, quét lại báo đã dùng; cơ sở sản xuất tự in tem.",
     "Cơ sở sản xuất, khách du lịch"),
    # Xã hội số
    (2, 0.8, "Tủ sách số và lớp “Bình dân học vụ số” ở nhà văn hóa thôn",
     "Thiếu nhi và người lớn ở thôn ít sách, người lớn tuổi chưa biết dùng điện thoại thông minh.",
     "Biến nhà văn hóa thành điểm đọc sách điện tử có wifi, máy tính bảng cũ được quyên góp; tối thứ Năm đoàn "
     "viên dạy dùng điện thoại an toàn, thanh toán, dịch vụ công.",
     "Thiếu nhi, người cao tuổi, phụ nữ trong thôn"),
    (2, 0.7, "Cảnh báo lừa đảo trực tuyến qua loa phát thanh thông minh",
     "Nhiều người dân bị lừa đảo qua điện thoại, mạo danh công an, ngân hàng.",
     "Bản tin ngắn hằng tuần trên loa phát thanh và Zalo thôn, kể các vụ lừa đảo mới và cách nhận biết; "
     "số điện thoại trực của Đoàn xã để hỏi khi nghi ngờ.",
     "Người dân, nhất là người cao tuổi"),
    (2, 0.5, "Sổ sức khỏe điện tử cho người cao tuổi sống một mình",
     "Người cao tuổi sống một mình quên lịch khám, lịch uống thuốc.",
     "Đoàn viên cài ứng dụng sổ sức khỏe, nhắc lịch qua cuộc gọi tự động; trạm y tế xã theo dõi danh sách.",
     "Người cao tuổi, trạm y tế xã"),
    (2, 0.42, "Bản đồ cứu hộ mùa mưa lũ cho vùng trũng",
     "Mùa lũ khó biết nhà nào có người già, trẻ nhỏ cần sơ tán trước.",
     "Bản đồ số các hộ cần hỗ trợ, điểm sơ tán, thuyền cứu hộ; đội thanh niên xung kích cập nhật trước mùa mưa.",
     "Người dân vùng trũng, ban chỉ huy phòng chống thiên tai"),
    (2, 0.3, "Thư viện học liệu số cho học sinh vùng bãi ngang",
     "Học sinh vùng bãi ngang thiếu tài liệu ôn thi.",
     "Kho đề ôn thi và bài giảng video do sinh viên tình nguyện soạn, mở miễn phí qua mã QR ở trường.",
     "Học sinh trung học"),
    (2, 0.58, "Camera an ninh kết nối cho thôn, xóm",
     "Trộm cắp vặt ở các ngõ xóm, người dân muốn có camera nhưng chi phí cao.",
     "Các hộ góp tiền lắp camera ở đầu ngõ, hình ảnh chia sẻ cho công an xã và tổ an ninh thôn qua điện thoại.",
     "Người dân, công an xã"),
    (2, 0.22, "Câu lạc bộ lập trình cho thiếu nhi",
     "Thiếu nhi ở xã chưa được làm quen với lập trình.",
     "Câu lạc bộ cuối tuần dùng máy tính của trường, sinh viên tình nguyện hướng dẫn lập trình kéo thả.",
     "Thiếu nhi 9–14 tuổi"),
    (2, 0.48, "Kết nối người hiến máu tình nguyện qua nhóm Zalo",
     "Bệnh viện cần máu nhóm hiếm gấp nhưng khó tìm người hiến.",
     "Danh sách người sẵn sàng hiến theo nhóm máu, tin nhắn khẩn qua nhóm Zalo khi bệnh viện báo cần.",
     "Người bệnh, bệnh viện tỉnh"),
    (2, 0.36, "Trang tìm việc làm cho người khuyết tật",
     "Người khuyết tật khó tìm việc phù hợp.",
     "Trang đăng việc làm tại nhà, đoàn viên hướng dẫn làm hồ sơ và phỏng vấn trực tuyến.",
     "Người khuyết tật"),
    (2, 0.6, "Phân loại rác tại nguồn với điểm thưởng đổi quà",
     "Rác thải chưa phân loại, bãi rác của xã quá tải.",
     "Mỗi hộ có mã QR, cân rác tái chế tại điểm thu gom, tích điểm đổi quà; báo cáo lượng rác theo thôn.",
     "Người dân, hợp tác xã môi trường"),
]
TEAM_SIZES = [1, 2, 2, 3, 3, 3, 4, 4, 5]

# The jury: (username, full name, who they are, unit: "" for the province or a commune's name).
JURORS = [
    ("giamkhao.khcn", "Phạm Quang Huy", "Phó Giám đốc Sở Khoa học và Công nghệ (Trưởng ban giám khảo)", ""),
    ("giamkhao.dhhoalu", "Nguyễn Thị Thu Hà", "Giảng viên Khoa Công nghệ thông tin, Trường Đại học Hoa Lư", ""),
    ("giamkhao.vnpt", "Trần Đức Long", "Kỹ sư giải pháp, VNPT Ninh Bình", ""),
    ("giamkhao.tinhdoan", "Lê Thị Phương Thảo", "Phó Bí thư Tỉnh Đoàn", ""),
    ("giamkhao.hoalu", "Đinh Văn Tùng", "Phó Bí thư Đoàn phường Hoa Lư", "Phường Hoa Lư"),
]
# A juror's habit: how far above or below the others they score.
JUROR_BIAS = [0.0, -0.3, 0.25, 0.1, -0.15]

# (name, field, organisation, partner short name or "", phone, email, listed with consent)
EXPERTS = [
    ("Phạm Quang Huy", "Chuyển đổi số, chính quyền số", "Sở Khoa học và Công nghệ tỉnh Ninh Bình", "Sở KH&CN",
     "0912345601", "pqhuy@ninhbinh.gov.vn", True),
    ("Nguyễn Thị Thu Hà", "Thương mại điện tử, tiếp thị số", "Trường Đại học Hoa Lư", "ĐH Hoa Lư",
     "0912345602", "ntha@hluv.edu.vn", True),
    ("Trần Đức Long", "Hạ tầng số, IoT trong nông nghiệp", "VNPT Ninh Bình", "VNPT Ninh Bình",
     "0912345603", "", True),
    ("Lê Hoàng Nam", "Tín dụng khởi nghiệp, tài chính vi mô", "Agribank Ninh Bình", "Agribank Ninh Bình",
     "0912345604", "", True),
    ("Đỗ Thị Minh Châu", "An toàn thông tin", "Viettel Ninh Bình", "Viettel Ninh Bình", "0912345605", "", False),
    ("Vũ Văn Thắng", "Du lịch cộng đồng, quản trị doanh nghiệp nhỏ", "Hiệp hội Du lịch Ninh Bình", "",
     "0912345606", "", False),
]

# The top three ideas as projects: (partner short name, what it offers, amount ₫ or None, note) for each, by place;
# and the milestones ((title, days after the start, done)).
PROJECT_SUPPORT = [
    [("Sở KH&CN", "funding", 80_000_000, "Nhiệm vụ khoa học cấp cơ sở"), ("VNPT Ninh Bình", "data", None,
                                                                         "Máy chủ và kết nối Zalo OA"),
     ("ĐH Hoa Lư", "mentoring", None, "Sinh viên thực tập hỗ trợ dữ liệu giọng nói")],
    [("Agribank Ninh Bình", "funding", 50_000_000, "Vay ưu đãi khởi nghiệp thanh niên"),
     ("VNPT Ninh Bình", "space", None, "Phòng livestream tại trung tâm kinh doanh"),
     ("Sở KH&CN", "mentoring", None, "Tư vấn đăng ký nhãn hiệu")],
    [("Sở KH&CN", "funding", 30_000_000, "Thiết bị cho 5 điểm đọc"), ("Viettel Ninh Bình", "pilot", None,
                                                                     "Wifi miễn phí tại 5 nhà văn hóa")],
]
MILESTONES = [("Hoàn thiện bản thử", 20, True), ("Thử nghiệm tại 3 thôn", 45, True),
              ("Đánh giá, sửa sau thử nghiệm", 70, False), ("Nhân rộng toàn xã", 120, False)]
FOLLOW_UPS = [(35, "Đã làm xong bản thử, đang thử với 40 hộ; người dân góp ý cần chữ to hơn."),
              (60, "Thử nghiệm ở 3 thôn đạt kết quả tốt; đang chuẩn bị nhân rộng.")]

# (name, what it does, years since founded, jobs, revenue band, products (names) or a youth_maker_name to match)
STARTUPS = [
    ("Nông sản sạch Tam Cốc Startup", "Sơ chế, đóng gói và bán trực tuyến nông sản sạch", 3, 12, "lt1b"),
    ("Gốm Gia Thủy Khởi nghiệp", "Gốm thủ công và quà lưu niệm cho khách du lịch", 2, 8, "lt1b"),
    ("Mật ong Cúc Phương Xanh", "Nuôi ong vùng đệm rừng, mật ong có tem truy xuất", 4, 15, "lt10b"),
    ("Dứa sấy Đồng Giao", "Dứa sấy dẻo, nước ép dứa từ vùng đồi Tam Điệp", 1, 6, "lt100m"),
    ("Cói Kim Sơn Decor", "Đồ trang trí, túi xách từ cói bán qua sàn thương mại điện tử", 2, 9, "lt1b"),
]
# Products of the last three (by name); the first two sell those the exhibition marked with their name.
STARTUP_PRODUCTS = {"Mật ong Cúc Phương Xanh": ["Mật ong hoa rừng Cúc Phương"], "Dứa sấy Đồng Giao": ["Dứa Đồng Giao"],
                    "Cói Kim Sơn Decor": ["Chiếu cói Kim Sơn"]}
